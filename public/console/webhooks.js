// Webhooks of the selected service: list, enable/disable, delete, create,
// and each one's delivery log.
// The signing secret is answered once, at creation, and shown once (dom.js
// showOnce): nothing keeps it, so a reload forgets it.
import { api } from "./api.js";
import { $, button, confirmButton, el, errorBox, fill, fmt, run, showError, showOnce, texts } from "./dom.js";
import { state } from "./state.js";
import { formatTime } from "./time.js";

const path = (id) => `/api/admin/webhooks/${encodeURIComponent(id)}`;

/** The delivery log, newest first, loaded when asked for (it can be long, and most visits do not need it). */
function deliveryLog(hook, box) {
  const t = texts();
  const list = el("ul", { class: "deliveries", hidden: true, "data-empty": t.noDeliveries });
  const show = async () => {
    try {
      const deliveries = await api("GET", `${path(hook.id)}/deliveries`);
      const line = (d) =>
        [
          fmt(t.delivery, {
            event: d.event,
            state: t.deliveryStates[d.state] ?? d.state,
            attempts: d.attempts,
            time: formatTime(d.updated_at, state.zone),
          }),
          d.last_error,
        ]
          .filter(Boolean)
          .join(" · ");
      fill(
        list,
        deliveries.map((d) => el("li", { class: "muted", text: line(d) })),
      );
      list.hidden = false;
    } catch (error) {
      showError(box, error.message);
    }
  };
  return [button(t.deliveries, show, { class: "button secondary" }), list];
}

function webhookItem(hook) {
  const t = texts();
  const box = errorBox();
  const [logButton, log] = deliveryLog(hook, box);
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
      logButton,
      confirmButton(
        t.delete,
        t.reallyDelete,
        run(() => api("DELETE", path(hook.id)), box),
      ),
    ),
    box,
    log,
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
