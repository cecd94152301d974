import { COMPONENT_STATUSES } from "../../domain/symptoms";
import { localName } from "../../i18n/locale";
import { messages } from "../../i18n/messages";
import type { ConsoleModel } from "./model";

/*
 * The choices that list the selected service's components and groups. The
 * server renders them for the first view; public/console/catalog.js renders
 * the same markup again whenever the components change.
 */

/** Per component: not affected, or the status it has in the incident. */
export function IncidentPicker({ model }: { model: ConsoleModel }) {
  const words = messages(model.locale).statusWord;
  return (
    <div id="incident-components">
      {model.components.map((row) => (
        <div class="row">
          <label for={`ic-${row.id}`}>{localName(model.locale, row)}</label>
          <select id={`ic-${row.id}`} data-component={row.id}>
            <option value="">{model.t.unaffected}</option>
            {COMPONENT_STATUSES.filter((s) => s !== "operational" && s !== "under_maintenance").map((s) => (
              <option value={s}>{words[s]}</option>
            ))}
          </select>
        </div>
      ))}
    </div>
  );
}

/** Components under maintenance: checkboxes. */
export function MaintenancePicker({ model }: { model: ConsoleModel }) {
  return (
    <div id="maintenance-components" class="inline-choices">
      {model.components.map((row) => (
        <label class="pill">
          <input type="checkbox" name="component_ids" value={row.id} /> {localName(model.locale, row)}
        </label>
      ))}
    </div>
  );
}

/** A <select> of the service's components (probes). */
export function ComponentOptions({ model }: { model: ConsoleModel }) {
  return (
    <>
      {model.components.map((row) => (
        <option value={row.id}>{`${localName(model.locale, row)} (${row.id})`}</option>
      ))}
    </>
  );
}

/** A <select> of the service's groups, "no group" first (components). */
export function GroupOptions({ model }: { model: ConsoleModel }) {
  return (
    <>
      <option value="">{model.t.noGroup}</option>
      {model.groups.map((row) => (
        <option value={row.id}>{localName(model.locale, row)}</option>
      ))}
    </>
  );
}
