// Webhooks of the selected service: list, enable/disable, delete, create.
// The signing secret is answered once, at creation, and shown once (dom.js
// showOnce): nothing keeps it, so a reload forgets it.
import { api } from "./api.js";
import { $, button, confirmButton, el, errorBox, fill, fmt, run, showOnce, texts } from "./dom.js";
import { state } from "./state.js";
import { formatTime } from "./time.js";

const path = (id) => `/api/admin/webhooks/${encodeURIComponent(id)}`;

function webhookItem(hook) {
  const t = texts();
  const box = errorBox();
  const facts = [
    hook.id,
    hook.events?.length ? hook.events.join(", ") : t.allEvents,
    hook.enabled ? t.enabled : t.disabled,
    hook.consecutive_failures ? fmt(t.failures, { n: hook.consecutive_failures }) : null,
    fmt(t.created, { time: formatTime(hook.created_at, state.zone) }),
  ].filter(Boolean);
  return el(
    "li",
    { class: "component", "data-webhook-id": hook.id },
    el("strong", { text: hook.url }),
    el("p", { class: "muted", text: facts.join(" · ") }),
    el(
      "p",
      { class: "actions" },
      button(
        hook.enabled ? t.disable : t.enable,
        run(() => api("PATCH", path(hook.id), { webhook: { enabled: !hook.enabled } }), box),
      ),
      confirmButton(
        t.delete,
        t.reallyDelete,
        run(() => api("DELETE", path(hook.id)), box),
      ),
    ),
    box,
  );
}

export function renderWebhooks() {
  fill($("webhook-list"), state.webhooks.map(webhookItem));
}

export function bindWebhooks() {
  const form = $("webhook-form");
  form.addEventListener(
    "submit",
    run(async () => {
      const data = new FormData(form);
      const webhook = { service_id: state.scope, url: String(data.get("url")).trim() };
      const events = data.getAll("events");
      if (events.length) webhook.events = events;
      const created = await api("POST", "/api/admin/webhooks", { webhook });
      showOnce($("webhook-secret"), texts().secretOnce, created.url, created.secret);
      form.reset();
    }, form.querySelector(".form-error")),
  );
}
