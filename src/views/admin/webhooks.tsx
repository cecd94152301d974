import { EVENT_TYPES } from "../../domain/events";
import type { ConsoleModel } from "./model";
import { Card, ErrorBox, Field } from "./parts";

/** The selected service's webhooks; the signing secret is shown once, after creating one. */
export function WebhooksCard({ model }: { model: ConsoleModel }) {
  const { t } = model;
  return (
    <Card id="webhooks" title={t.webhooks} hint={t.webhooksHint}>
      <ul id="webhook-list" class="components" data-empty={t.empty}></ul>
      <div id="webhook-secret" class="once" role="status" hidden></div>
      <h3>{t.newWebhook}</h3>
      <form id="webhook-form">
        <Field id="w-url" label={t.webhookUrl}>
          <input id="w-url" name="url" type="url" required maxlength={2000} />
        </Field>
        <fieldset class="field">
          <legend>{t.events}</legend>
          <div class="inline-choices">
            {EVENT_TYPES.map((event) => (
              <label class="pill">
                <input type="checkbox" name="events" value={event} /> {event}
              </label>
            ))}
          </div>
        </fieldset>
        <ErrorBox />
        <button class="button" type="submit">
          {t.create}
        </button>
      </form>
    </Card>
  );
}
