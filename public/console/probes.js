// Probes of the selected service's components (the API lists every probe;
// a probe belongs to a service through its component), and the probe agents,
// which belong to no service. An agent's token is answered once, at creation:
// it is shown in its own box with a warning, and never kept anywhere, so a
// reload forgets it.
import { api } from "./api.js";
import { $, button, confirmButton, el, errorBox, fill, fmt, run, showOnce, texts } from "./dom.js";
import { nameOf, state } from "./state.js";
import { formatTime } from "./time.js";

const patchProbe = (id, probe) => api("PATCH", `/api/admin/probes/${encodeURIComponent(id)}`, { probe });

function probeItem(probe) {
  const t = texts();
  const box = errorBox();
  const component = state.components.find((c) => c.id === probe.component);
  const facts = [
    probe.id,
    component ? nameOf(component) : probe.component,
    `${probe.method} ${probe.url}`,
    `${probe.runner === "agent" ? t.runnerAgent : t.runnerWorker} · ${probe.location}`,
    fmt(t.every, { n: probe.interval_minutes }),
    probe.enabled ? t.enabled : t.disabled,
    fmt(t.lastRun, { time: probe.last_run_at ? formatTime(probe.last_run_at, state.zone) : t.never }),
  ];
  return el(
    "li",
    { class: "component", "data-probe-id": probe.id },
    el("strong", { text: probe.name }),
    el("p", { class: "muted", text: facts.join(" · ") }),
    el(
      "p",
      { class: "actions" },
      button(
        probe.enabled ? t.disable : t.enable,
        run(() => patchProbe(probe.id, { enabled: !probe.enabled }), box),
      ),
      confirmButton(
        t.delete,
        t.reallyDelete,
        run(() => api("DELETE", `/api/admin/probes/${encodeURIComponent(probe.id)}`), box),
      ),
    ),
    box,
  );
}

function agentItem(agent) {
  const t = texts();
  const box = errorBox();
  const facts = [
    agent.id,
    agent.location,
    fmt(t.created, { time: formatTime(agent.created_at, state.zone) }),
    fmt(t.lastSeen, { time: agent.last_seen_at ? formatTime(agent.last_seen_at, state.zone) : t.never }),
    agent.revoked_at ? fmt(t.revoked, { time: formatTime(agent.revoked_at, state.zone) }) : null,
  ].filter(Boolean);
  return el(
    "li",
    { class: "component", "data-agent-id": agent.id },
    el("strong", { text: agent.name }),
    el("p", { class: "muted", text: facts.join(" · ") }),
    agent.revoked_at
      ? null
      : el(
          "p",
          { class: "actions" },
          confirmButton(
            t.revoke,
            t.reallyRevoke,
            run(() => api("DELETE", `/api/admin/probe-agents/${encodeURIComponent(agent.id)}`), box),
          ),
        ),
    box,
  );
}

export function renderProbes() {
  const mine = new Set(state.components.map((c) => c.id));
  fill($("probe-list"), state.probes.filter((p) => mine.has(p.component)).map(probeItem));
  fill($("agent-list"), state.agents.map(agentItem));
}

export function bindProbes() {
  const probes = $("probe-form");
  probes.addEventListener(
    "submit",
    run(async () => {
      const data = new FormData(probes);
      await api("POST", "/api/admin/probes", {
        probe: {
          component: data.get("component"),
          name: String(data.get("name")).trim(),
          url: String(data.get("url")).trim(),
          method: data.get("method"),
          interval_minutes: Number(data.get("interval_minutes")),
          runner: data.get("runner"),
        },
      });
      probes.reset();
    }, probes.querySelector(".form-error")),
  );
  const agents = $("agent-form");
  agents.addEventListener(
    "submit",
    run(async () => {
      const t = texts();
      const data = new FormData(agents);
      const created = await api("POST", "/api/admin/probe-agents", {
        probe_agent: { name: String(data.get("name")).trim(), location: String(data.get("location")).trim() },
      });
      showOnce($("agent-token"), t.tokenOnce, `${created.name} (${created.id})`, created.token);
      agents.reset();
    }, agents.querySelector(".form-error")),
  );
}
