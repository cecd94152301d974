import type { ConsoleModel } from "./model";
import { NOTIFICATION_TEXTS } from "./notification-texts";
import { Card } from "./parts";

/** Dead letters with a retry button, and the e-mail outbox (filled by public/console/notifications.js). */
export function NotificationsCard({ model }: { model: ConsoleModel }) {
  const t = NOTIFICATION_TEXTS[model.locale].page;
  return (
    <Card id="notifications" title={t.notifications} hint={t.notificationsHint}>
      <h3>{t.deadLetters}</h3>
      <ul id="dead-letter-list" class="components" data-empty={model.t.empty}></ul>
      <h3>{t.outbox}</h3>
      <p class="hint">{t.outboxHint}</p>
      <ul id="outbox-list" class="components" data-empty={model.t.empty}></ul>
    </Card>
  );
}
