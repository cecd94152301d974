// Maintenance of the selected service. Every time is the service's wall
// clock, labelled with its zone: what the operator types into a
// datetime-local field is read in the service's zone (never the browser's)
// and sent as ISO 8601 with that zone's offset; what is listed is shown the
// same way, so it reads as the status page does.
import { api } from "./api.js";
import { $, button, confirmButton, el, errorBox, fill, fmt, run, saveOrClose, texts } from "./dom.js";
import { state } from "./state.js";
import { formatTime, wallInput, wallToIso, zoneLabel } from "./time.js";

const UPCOMING = ["scheduled", "in_progress", "verifying"];

/** A datetime-local value as ISO in the service's zone; a time that zone skips is refused by name. */
function zonedIso(value, fieldLabel) {
  const iso = wallToIso(value, state.zone);
  if (!iso) throw new Error(fmt(texts().badTime, { field: fieldLabel, zone: zoneLabel(state.zone) }));
  return iso;
}

const windowText = (m) => `${formatTime(m.scheduled_for, state.zone)} – ${formatTime(m.scheduled_until, state.zone)}`;

/** Change the window: two fields in the service's zone, filled with the current one. */
function rescheduleForm(m, box) {
  const t = texts();
  const field = (label, iso) => {
    const input = el("input", { type: "datetime-local", required: true, "data-zoned": "" });
    input.value = iso ? wallInput(Date.parse(iso), state.zone) : "";
    return [
      input,
      el(
        "div",
        { class: "field" },
        el("label", {}, `${label} `, el("span", { class: "zone-label", text: zoneLabel(state.zone) })),
        input,
      ),
    ];
  };
  const [start, startField] = field(t.start, m.scheduled_for);
  const [end, endField] = field(t.end, m.scheduled_until);
  const form = el(
    "form",
    {
      class: "editor",
      hidden: true,
      onsubmit: run(
        () =>
          api("PATCH", `/api/admin/maintenances/${encodeURIComponent(m.id)}`, {
            incident: { scheduled_for: zonedIso(start.value, t.start), scheduled_until: zonedIso(end.value, t.end) },
          }),
        box,
      ),
    },
    el("div", { class: "row" }, startField, endField),
    saveOrClose(),
  );
  return form;
}

function maintenanceItem(m) {
  const t = texts();
  const box = errorBox();
  const form = rescheduleForm(m, box);
  return el(
    "li",
    { class: "component", "data-maintenance-id": m.id },
    el("strong", { text: m.name }),
    el("p", { class: "muted when", text: `${t.statuses[m.status] ?? m.status} · ${windowText(m)}` }),
    el(
      "p",
      { class: "actions" },
      button(t.reschedule, () => {
        form.hidden = false;
      }),
      confirmButton(
        t.cancel,
        t.reallyCancel,
        run(() => api("POST", `/api/admin/maintenances/${encodeURIComponent(m.id)}/cancel`), box),
      ),
    ),
    box,
    form,
  );
}

export function renderMaintenance() {
  fill($("maintenance-list"), state.maintenances.filter((m) => UPCOMING.includes(m.status)).map(maintenanceItem));
}

export function bindMaintenance() {
  const form = $("maintenance-form");
  form.addEventListener(
    "submit",
    run(async () => {
      const t = texts();
      const data = new FormData(form);
      const incident = {
        service_id: state.scope,
        name: data.get("name"),
        scheduled_for: zonedIso(data.get("scheduled_for"), t.start),
        scheduled_until: zonedIso(data.get("scheduled_until"), t.end),
        component_ids: data.getAll("component_ids"),
      };
      if (String(data.get("body")).trim()) incident.body = String(data.get("body")).trim();
      await api("POST", "/api/admin/maintenances", { incident });
      form.reset();
    }, form.querySelector(".form-error")),
  );
}
