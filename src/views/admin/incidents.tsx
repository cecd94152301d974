import { IMPACTS, INCIDENT_STATUSES } from "../../domain/status";
import { UPDATE_STATUS_WORDS } from "../../i18n/api-words";
import type { ConsoleModel } from "./model";
import { Card, ErrorBox, Field, ZonedTimeField } from "./parts";
import { IncidentPicker, MaintenancePicker } from "./pickers";
import { consoleZoneLabel } from "./zone";

/** Incidents of the selected service: review detected ones, update open ones, declare one. */
export function IncidentCards({ model }: { model: ConsoleModel }) {
  const { t } = model;
  const words = UPDATE_STATUS_WORDS[model.locale];
  return (
    <>
      <Card id="review" title={t.review}>
        <ul id="review-list" class="components" data-empty={t.empty}></ul>
      </Card>
      <Card id="incidents" title={t.open}>
        <ul id="open-list" class="components" data-empty={t.empty}></ul>
      </Card>
      <Card id="declare" title={t.declare}>
        <form id="incident-form">
          <Field id="i-name" label={t.name}>
            <input id="i-name" name="name" required maxlength={200} />
          </Field>
          <div class="row">
            <Field id="i-status" label={t.status}>
              <select id="i-status" name="status">
                {INCIDENT_STATUSES.filter((s) => s !== "postmortem").map((s) => (
                  <option value={s}>{words[s]}</option>
                ))}
              </select>
            </Field>
            <Field id="i-impact" label={t.impact}>
              <select id="i-impact" name="impact_override">
                <option value="">{t.auto}</option>
                {IMPACTS.map((i) => (
                  <option value={i}>{i}</option>
                ))}
              </select>
            </Field>
          </div>
          <Field id="i-cause" label={t.cause}>
            <select id="i-cause" name="cause">
              <option value="outage">{t.causeOutage}</option>
              <option value="account_restriction">{t.causeRestriction}</option>
            </select>
          </Field>
          <Field id="i-body" label={t.body}>
            <textarea id="i-body" name="body" rows={3} maxlength={10000}></textarea>
          </Field>
          <fieldset class="field">
            <legend>{t.affected}</legend>
            <IncidentPicker model={model} />
          </fieldset>
          <ErrorBox />
          <button class="button" type="submit">
            {t.submit}
          </button>
        </form>
      </Card>
    </>
  );
}

/** Maintenance of the selected service; every time in its zone, the zone named beside each field. */
export function MaintenanceCards({ model }: { model: ConsoleModel }) {
  const { t } = model;
  const zone = consoleZoneLabel(model.scope.timeZone, model.nowMs);
  return (
    <>
      <Card id="maintenances" title={t.upcoming}>
        <ul id="maintenance-list" class="components" data-empty={t.empty}></ul>
      </Card>
      <Card id="schedule" title={t.maintenance}>
        <form id="maintenance-form">
          <Field id="m-name" label={t.name}>
            <input id="m-name" name="name" required maxlength={200} />
          </Field>
          <div class="row">
            <ZonedTimeField id="m-start" name="scheduled_for" label={t.start} zone={zone} />
            <ZonedTimeField id="m-end" name="scheduled_until" label={t.end} zone={zone} />
          </div>
          <Field id="m-body" label={t.body}>
            <textarea id="m-body" name="body" rows={2} maxlength={10000}></textarea>
          </Field>
          <fieldset class="field">
            <legend>{t.affected}</legend>
            <MaintenancePicker model={model} />
          </fieldset>
          <ErrorBox />
          <button class="button" type="submit">
            {t.schedule}
          </button>
        </form>
      </Card>
    </>
  );
}
