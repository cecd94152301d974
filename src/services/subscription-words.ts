import { findIncident } from "../data/incidents";
import type { SubscriberRow } from "../data/subscribers";
import type { Database } from "../db/client";
import { localizeDetected } from "../i18n/evidence-text";
import { isLocale, type Locale, localName } from "../i18n/locale";
import { subscriptionWords } from "../i18n/subscription-words";
import type { ConfirmationAbout } from "../notify/channels";
import type { StatusSnapshot } from "../read-model";

/** The words of a sign-up's scope, as the manage page says them (whole service, components, incidents). */
export async function confirmationAbout(
  db: Database,
  snapshot: StatusSnapshot,
  subscriber: Pick<SubscriberRow, "locale" | "componentIds" | "incidentIds">,
): Promise<ConfirmationAbout> {
  const locale: Locale = isLocale(subscriber.locale) ? subscriber.locale : "zh-CN";
  const w = subscriptionWords(locale);
  const serviceName = snapshot.service.name[locale];
  const componentName = (id: string) => {
    const row = snapshot.componentsById.get(id);
    return row ? localName(locale, row) : id;
  };
  const lines: string[] = [];
  if (!subscriber.componentIds && !subscriber.incidentIds) lines.push(w.wholeService(serviceName));
  if (subscriber.componentIds?.length)
    lines.push(w.componentsLine(subscriber.componentIds.map(componentName).join(w.list)));
  if (subscriber.incidentIds?.length) {
    const titles = await Promise.all(
      subscriber.incidentIds.map(async (id) => {
        const found = await findIncident(db, id);
        return found ? localizeDetected(found, locale, componentName).name : id;
      }),
    );
    lines.push(w.incidentsLine(titles.join(w.list)));
  }
  return { locale, serviceName, follows: lines.join("; ") };
}
