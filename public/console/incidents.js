// Incidents of the selected service: review detected ones (confirm, dismiss,
// merge), post updates to open ones, declare one. Times in the service's zone.
import { api } from "./api.js";
import { $, button, el, fill, fmt, run, texts } from "./dom.js";
import { state } from "./state.js";
import { formatTime } from "./time.js";

const OPEN_STATUSES = ["investigating", "identified", "monitoring", "resolved"];

function summaryLine(incident) {
  const t = texts();
  const latest = incident.incident_updates[0];
  return el("p", {
    class: "muted",
    text: [incident.id, t.statuses[incident.status] ?? incident.status, latest?.body].filter(Boolean).join(" · "),
  });
}

const startedLine = (incident) =>
  el("p", { class: "hint when", text: fmt(texts().started, { time: formatTime(incident.started_at, state.zone) }) });

function reviewItem(incident) {
  const t = texts();
  const act = (path, body) =>
    run(() => api("POST", `/api/admin/incidents/${encodeURIComponent(incident.id)}/${path}`, body));
  const evidence = incident.evidence
    ? el("pre", { class: "note", text: `${t.evidence}: ${JSON.stringify(incident.evidence, null, 1)}` })
    : null;
  return el(
    "li",
    { class: "component" },
    el("strong", { text: incident.name }),
    summaryLine(incident),
    startedLine(incident),
    evidence,
    el(
      "p",
      { class: "actions" },
      button(t.confirm, act("confirm")),
      button(t.dismiss, act("dismiss")),
      button(t.merge, (event) => {
        const into = prompt(t.mergeInto);
        if (into) act("merge", { into: into.trim() })(event);
      }),
    ),
  );
}

function openItem(incident) {
  const t = texts();
  const status = el("select", {}, ...OPEN_STATUSES.map((s) => el("option", { value: s, text: t.statuses[s] })));
  status.value = incident.status;
  const text = el("textarea", { rows: "2", maxlength: "10000" });
  const form = el(
    "form",
    {
      onsubmit: run(() =>
        api("PATCH", `/api/admin/incidents/${encodeURIComponent(incident.id)}`, {
          incident: { status: status.value, ...(text.value.trim() ? { body: text.value.trim() } : {}) },
        }),
      ),
    },
    el("div", { class: "row" }, status, el("button", { class: "button", type: "submit", text: t.update })),
    text,
  );
  return el(
    "li",
    { class: "component" },
    el("strong", { text: incident.name }),
    summaryLine(incident),
    startedLine(incident),
    form,
  );
}

export function renderIncidents() {
  fill($("review-list"), state.incidents.filter((i) => i.review === "pending").map(reviewItem));
  fill($("open-list"), state.incidents.filter((i) => i.review !== "pending").map(openItem));
}

export function bindIncidents() {
  const form = $("incident-form");
  form.addEventListener(
    "submit",
    run(async () => {
      const data = new FormData(form);
      const components = {};
      for (const select of form.querySelectorAll("select[data-component]")) {
        if (select.value) components[select.dataset.component] = select.value;
      }
      const incident = { service_id: state.scope, name: data.get("name"), status: data.get("status"), components };
      if (data.get("impact_override")) incident.impact_override = data.get("impact_override");
      if (data.get("cause")) incident.cause = data.get("cause");
      if (String(data.get("body")).trim()) incident.body = String(data.get("body")).trim();
      await api("POST", "/api/admin/incidents", { incident });
      form.reset();
    }, form.querySelector(".form-error")),
  );
}
