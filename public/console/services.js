// Services: every service of the deployment (not scoped to the selected one).
// Add a built-in preset, enable or disable, edit the overrides as JSON. The
// API checks a configuration as a whole; its 400 names the field, and is shown
// next to the editor with the text left as typed.
import { api } from "./api.js";
import { $, button, el, errorBox, fill, fmt, run, saveOrClose, texts } from "./dom.js";
import { moveButtons, moved } from "./order.js";
import { state } from "./state.js";
import { zoneLabel } from "./time.js";

const patch = (id, change) => api("PATCH", `/api/admin/services/${encodeURIComponent(id)}`, { service: change });

/** The editor's text as overrides: empty is null (back to the preset); anything but an object is refused here. */
function parseOverrides(text) {
  const t = texts();
  if (!text.trim()) return null;
  let value;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(fmt(t.notJson, { message: error.message }));
  }
  if (value === null) return null;
  if (typeof value !== "object" || Array.isArray(value)) throw new Error(t.notObject);
  return value;
}

/** Services in this order: positions 0, 1, …, sent only for those whose position changes. */
async function reorder(services) {
  for (const [position, service] of services.entries()) {
    if (service.position !== position) await patch(service.id, { position });
  }
}

function editor(service) {
  const t = texts();
  const area = el("textarea", { class: "json", rows: "8", spellcheck: "false", "aria-label": t.editOverrides });
  area.value = service.overrides == null ? "" : JSON.stringify(service.overrides, null, 2);
  const box = errorBox();
  const form = el(
    "form",
    {
      class: "editor",
      hidden: true,
      onsubmit: run(() => patch(service.id, { overrides: parseOverrides(area.value) }), box),
    },
    el("p", { class: "hint", text: t.overridesHint }),
    area,
    box,
    saveOrClose(),
  );
  return form;
}

function serviceItem(service, index) {
  const t = texts();
  const lang = document.documentElement.lang;
  const name = (lang === "en" ? service.name?.en : service.name?.["zh-CN"]) ?? service.id;
  const facts = [
    service.default ? t.isDefault : null,
    service.enabled ? t.enabled : t.disabled,
    fmt(t.position, { n: service.position }),
    service.time_zone ? zoneLabel(service.time_zone) : null,
  ].filter(Boolean);
  const box = errorBox();
  const form = editor(service);
  // The default service (SERVICE_ID) cannot be disabled: the API refuses, so no button offers it.
  const toggle = service.default
    ? null
    : button(
        service.enabled ? t.disable : t.enable,
        run(() => patch(service.id, { enabled: !service.enabled }), box),
      );
  const page = service.default ? "/" : `/s/${encodeURIComponent(service.id)}/`;
  return el(
    "li",
    { class: "component", "data-service": service.id },
    el("strong", { text: `${name} (${service.id})` }),
    el("p", { class: "muted", text: facts.join(" · ") }),
    el(
      "p",
      { class: "actions" },
      ...moveButtons(index, state.services.length, (delta) =>
        run(() => reorder(moved(state.services, index, delta)), box),
      ),
      toggle,
      button(t.editOverrides, () => {
        form.hidden = false;
        form.querySelector("textarea").focus();
      }),
      service.enabled ? el("a", { href: page, text: t.openPage }) : null,
    ),
    box,
    form,
  );
}

export function renderServices() {
  const t = texts();
  fill(
    $("service-list"),
    state.services.map((s, i) => serviceItem(s, i)),
  );
  const select = $("preset-select");
  select.replaceChildren(...state.presets.map((id) => el("option", { value: id, text: id })));
  if (!state.presets.length) select.append(el("option", { value: "", text: t.noPresets, disabled: true }));
  $("preset-form").querySelector("button[type=submit]").disabled = !state.presets.length;
}

export function bindServices() {
  const form = $("preset-form");
  form.addEventListener(
    "submit",
    run(
      () => api("POST", "/api/admin/services", { service: { preset: $("preset-select").value } }),
      form.querySelector(".form-error"),
    ),
  );
}
