// The admin console's progressive script (see src/routes/admin-console.tsx).
// The admin token lives in sessionStorage only: never in a URL, a cookie or
// localStorage. Stored texts are shown with textContent, never innerHTML.
(() => {
  "use strict";
  const KEY = "paystatus-admin-token";
  const zh = document.documentElement.lang !== "en";
  const L = zh
    ? {
        wrong: "令牌不正确。",
        off: "管理 API 未启用：请先设置 ADMIN_TOKEN。",
        saved: "已保存。",
        failed: "失败：",
        confirm: "确认",
        dismiss: "驳回（误报）",
        merge: "合并到…",
        mergeInto: "合并到哪个事件？输入事件 ID：",
        update: "发布更新",
        resolve: "已解决",
        cancel: "取消维护",
        evidence: "依据",
        statuses: {
          investigating: "调查中",
          identified: "已找到原因",
          monitoring: "观察中",
          resolved: "已解决",
          scheduled: "已计划",
          in_progress: "进行中",
          verifying: "验证中",
          completed: "已完成",
        },
      }
    : {
        wrong: "Wrong token.",
        off: "The admin API is off: set ADMIN_TOKEN first.",
        saved: "Saved.",
        failed: "Failed: ",
        confirm: "Confirm",
        dismiss: "Dismiss (false alarm)",
        merge: "Merge into…",
        mergeInto: "Merge into which incident? Enter its id:",
        update: "Post update",
        resolve: "Resolved",
        cancel: "Cancel maintenance",
        evidence: "Evidence",
        statuses: {
          investigating: "Investigating",
          identified: "Identified",
          monitoring: "Monitoring",
          resolved: "Resolved",
          scheduled: "Scheduled",
          in_progress: "In progress",
          verifying: "Verifying",
          completed: "Completed",
        },
      };

  const $ = (id) => document.getElementById(id);
  const flash = (text) => {
    $("flash").textContent = text;
  };
  const el = (tag, props = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value);
    }
    for (const child of children) node.append(child);
    return node;
  };

  async function api(method, path, body) {
    const response = await fetch(path, {
      method,
      headers: {
        authorization: `Bearer ${sessionStorage.getItem(KEY) ?? ""}`,
        ...(body ? { "content-type": "application/json" } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
      credentials: "omit",
      cache: "no-store",
    });
    if (response.status === 204) return null;
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = new Error(data?.error?.message ?? `HTTP ${response.status}`);
      error.status = response.status;
      error.code = data?.error?.code;
      throw error;
    }
    return data;
  }

  const run = (work) => async (event) => {
    event?.preventDefault?.();
    try {
      await work(event);
      flash(L.saved);
      await refresh();
    } catch (error) {
      flash(L.failed + error.message);
    }
  };

  function fill(list, items) {
    list.replaceChildren(...(items.length ? items : [el("li", { class: "muted", text: list.dataset.empty })]));
  }

  function timeline(incident) {
    const latest = incident.incident_updates[0];
    return el("p", {
      class: "muted",
      text: `${incident.id} · ${L.statuses[incident.status] ?? incident.status}${latest?.body ? ` · ${latest.body}` : ""}`,
    });
  }

  function reviewItem(incident) {
    const evidence = incident.evidence
      ? el("pre", { class: "note", text: `${L.evidence}: ${JSON.stringify(incident.evidence, null, 1)}` })
      : "";
    const act = (path, body) => run(() => api("POST", `/api/admin/incidents/${incident.id}/${path}`, body));
    return el(
      "li",
      { class: "component" },
      el("strong", { text: incident.name }),
      timeline(incident),
      evidence,
      el(
        "p",
        { class: "actions" },
        el("button", { class: "button", type: "button", text: L.confirm, onclick: act("confirm") }),
        el("button", { class: "button", type: "button", text: L.dismiss, onclick: act("dismiss") }),
        el("button", {
          class: "button",
          type: "button",
          text: L.merge,
          onclick: (event) => {
            const into = prompt(L.mergeInto);
            if (into) act("merge", { into: into.trim() })(event);
          },
        }),
      ),
    );
  }

  function openItem(incident) {
    const select = el(
      "select",
      {},
      ...["investigating", "identified", "monitoring", "resolved"].map((s) =>
        el("option", { value: s, text: L.statuses[s] }),
      ),
    );
    select.value = incident.status;
    const text = el("textarea", { rows: "2", maxlength: "10000" });
    const form = el(
      "form",
      {
        onsubmit: run(() =>
          api("PATCH", `/api/admin/incidents/${incident.id}`, {
            incident: { status: select.value, ...(text.value.trim() ? { body: text.value.trim() } : {}) },
          }),
        ),
      },
      el("div", { class: "row" }, select, el("button", { class: "button", type: "submit", text: L.update })),
      text,
    );
    return el("li", { class: "component" }, el("strong", { text: incident.name }), timeline(incident), form);
  }

  function maintenanceItem(m) {
    const when = `${new Date(m.scheduled_for).toLocaleString()} – ${new Date(m.scheduled_until).toLocaleString()}`;
    return el(
      "li",
      { class: "component" },
      el("strong", { text: m.name }),
      el("p", { class: "muted", text: `${L.statuses[m.status] ?? m.status} · ${when}` }),
      el("button", {
        class: "button",
        type: "button",
        text: L.cancel,
        onclick: run(() => api("POST", `/api/admin/maintenances/${m.id}/cancel`)),
      }),
    );
  }

  async function refresh() {
    const [incidents, maintenances] = await Promise.all([
      api("GET", "/api/admin/incidents?type=incident&open=true"),
      api("GET", "/api/admin/maintenances"),
    ]);
    fill($("review-list"), incidents.filter((i) => i.review === "pending").map(reviewItem));
    fill($("open-list"), incidents.filter((i) => i.review !== "pending").map(openItem));
    fill(
      $("maintenance-list"),
      maintenances.filter((m) => ["scheduled", "in_progress", "verifying"].includes(m.status)).map(maintenanceItem),
    );
  }

  async function enter() {
    try {
      await refresh();
      $("signin").hidden = true;
      $("console").hidden = false;
    } catch (error) {
      sessionStorage.removeItem(KEY);
      $("signin").hidden = false;
      $("console").hidden = true;
      flash(error.code === "admin_disabled" ? L.off : error.status === 401 ? L.wrong : L.failed + error.message);
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("signin-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const field = $("token");
      sessionStorage.setItem(KEY, field.value.trim());
      field.value = "";
      enter();
    });
    $("signout").addEventListener("click", () => {
      sessionStorage.removeItem(KEY);
      location.reload();
    });
    $("incident-form").addEventListener(
      "submit",
      run(async (event) => {
        const form = event.target;
        const data = new FormData(form);
        const components = {};
        for (const select of form.querySelectorAll("select[data-component]"))
          if (select.value) components[select.dataset.component] = select.value;
        const incident = { name: data.get("name"), status: data.get("status"), components };
        if (data.get("impact_override")) incident.impact_override = data.get("impact_override");
        if (String(data.get("body")).trim()) incident.body = String(data.get("body")).trim();
        await api("POST", "/api/admin/incidents", { incident });
        form.reset();
      }),
    );
    $("maintenance-form").addEventListener(
      "submit",
      run(async (event) => {
        const form = event.target;
        const data = new FormData(form);
        // datetime-local is the operator's local time; send it as an absolute instant.
        const iso = (value) => new Date(String(value)).toISOString();
        const incident = {
          name: data.get("name"),
          scheduled_for: iso(data.get("scheduled_for")),
          scheduled_until: iso(data.get("scheduled_until")),
          component_ids: data.getAll("component_ids"),
        };
        if (String(data.get("body")).trim()) incident.body = String(data.get("body")).trim();
        await api("POST", "/api/admin/maintenances", { incident });
        form.reset();
      }),
    );
    if (document.body.dataset.adminEnabled !== "1") flash(L.off);
    if (sessionStorage.getItem(KEY)) enter();
  });
})();
