// Components and groups of the selected service: list, create, edit, delete
// (a 409 — incidents still name the component — is shown on its row). Also
// the choices other forms offer (incident, maintenance, probe, group), kept
// in step with the components the service has.
import { api } from "./api.js";
import { $, button, confirmButton, el, errorBox, fill, fmt, run, saveOrClose, select, texts } from "./dom.js";
import { moveButtons, moved } from "./order.js";
import { nameOf, state } from "./state.js";

const STATUSES = ["operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"];
const trimmed = (value) => String(value ?? "").trim();

/** The service's components (or groups) in this order; the API numbers them 1, 2, … as given. */
const reorder = (kind, order) => api("POST", `/api/admin/${kind}/reorder`, { order });

function input(name, value, props = {}) {
  const node = el("input", { name, ...props });
  node.value = value ?? "";
  return node;
}

const labelled = (label, control) =>
  el("div", { class: "field" }, el("label", {}, el("span", { text: label }), control));

function groupChoices(chosen) {
  const t = texts();
  return select([["", t.noGroup], ...state.groups.map((g) => [g.id, nameOf(g)])], chosen ?? "", { name: "group_id" });
}

function componentEditor(component, box) {
  const t = texts();
  const fields = {
    name_zh: input("name_zh", component.name_zh, { required: true, maxlength: "200" }),
    name_en: input("name_en", component.name_en, { required: true, maxlength: "200" }),
    description_zh: input("description_zh", component.description_zh, { maxlength: "500" }),
    description_en: input("description_en", component.description_en, { maxlength: "500" }),
    group_id: groupChoices(component.group_id),
    status: select(
      STATUSES.map((s) => [s, t.componentStatus[s]]),
      component.status,
      { name: "status" },
    ),
  };
  const change = () => {
    const out = {
      name_zh: trimmed(fields.name_zh.value),
      name_en: trimmed(fields.name_en.value),
      description_zh: trimmed(fields.description_zh.value) || null,
      description_en: trimmed(fields.description_en.value) || null,
    };
    if (fields.group_id.value !== (component.group_id ?? "")) out.group_id = fields.group_id.value || null;
    // A status sent is an operator's (`declared`): send it only when it changes.
    if (fields.status.value !== component.status) out.status = fields.status.value;
    return out;
  };
  const form = el(
    "form",
    {
      class: "editor",
      hidden: true,
      onsubmit: run(
        () => api("PATCH", `/api/admin/components/${encodeURIComponent(component.id)}`, { component: change() }),
        box,
      ),
    },
    el("div", { class: "row" }, labelled(t.nameZh, fields.name_zh), labelled(t.nameEn, fields.name_en)),
    el(
      "div",
      { class: "row" },
      labelled(t.descriptionZh, fields.description_zh),
      labelled(t.descriptionEn, fields.description_en),
    ),
    el("div", { class: "row" }, labelled(t.group, fields.group_id), labelled(t.status, fields.status)),
    saveOrClose(),
  );
  return form;
}

function componentItem(component, index) {
  const t = texts();
  const group = state.groups.find((g) => g.id === component.group_id);
  const description = document.documentElement.lang === "en" ? component.description_en : component.description_zh;
  const box = errorBox();
  const form = componentEditor(component, box);
  return el(
    "li",
    { class: "component", "data-component-id": component.id },
    el("strong", { text: `${component.name_zh} / ${component.name_en}` }),
    el("p", {
      class: "muted",
      text: [
        component.id,
        t.componentStatus[component.status] ?? component.status,
        group ? nameOf(group) : t.noGroup,
        description,
      ]
        .filter(Boolean)
        .join(" · "),
    }),
    el(
      "p",
      { class: "actions" },
      ...moveButtons(index, state.components.length, (delta) =>
        run(
          () =>
            reorder(
              "components",
              moved(
                state.components.map((c) => c.id),
                index,
                delta,
              ),
            ),
          box,
        ),
      ),
      button(t.edit, () => {
        form.hidden = false;
      }),
      confirmButton(
        t.delete,
        t.reallyDelete,
        run(() => api("DELETE", `/api/admin/components/${encodeURIComponent(component.id)}`), box),
      ),
    ),
    box,
    form,
  );
}

function groupItem(group, index) {
  const t = texts();
  const box = errorBox();
  const zh = input("name_zh", group.name_zh, { required: true, maxlength: "200" });
  const en = input("name_en", group.name_en, { required: true, maxlength: "200" });
  const form = el(
    "form",
    {
      class: "editor",
      hidden: true,
      onsubmit: run(
        () =>
          api("PATCH", `/api/admin/component-groups/${encodeURIComponent(group.id)}`, {
            component_group: { name_zh: trimmed(zh.value), name_en: trimmed(en.value) },
          }),
        box,
      ),
    },
    el("div", { class: "row" }, labelled(t.nameZh, zh), labelled(t.nameEn, en)),
    saveOrClose(),
  );
  return el(
    "li",
    { class: "component", "data-group-id": group.id },
    el("strong", { text: `${group.name_zh} / ${group.name_en}` }),
    el("p", { class: "muted", text: `${group.id} · ${fmt(t.members, { n: group.components.length })}` }),
    el(
      "p",
      { class: "actions" },
      ...moveButtons(index, state.groups.length, (delta) =>
        run(
          () =>
            reorder(
              "component-groups",
              moved(
                state.groups.map((g) => g.id),
                index,
                delta,
              ),
            ),
          box,
        ),
      ),
      button(t.edit, () => {
        form.hidden = false;
      }),
      confirmButton(
        t.delete,
        t.reallyDelete,
        run(() => api("DELETE", `/api/admin/component-groups/${encodeURIComponent(group.id)}`), box),
      ),
    ),
    box,
    form,
  );
}

/** Replaces a container's choices only when the components or groups changed, so a half-filled form keeps them. */
function replaceIfChanged(node, signature, build) {
  if (!node || node.dataset.signature === signature) return;
  const kept = node.value;
  node.replaceChildren(...build());
  node.dataset.signature = signature;
  if (node.tagName === "SELECT" && [...node.options].some((o) => o.value === kept)) node.value = kept;
}

/** The same markup as src/views/admin/pickers.tsx, for the selected service's components now. */
function renderPickers() {
  const t = texts();
  const components = JSON.stringify([state.scope, state.components.map((c) => [c.id, c.name_zh, c.name_en])]);
  const groups = JSON.stringify([state.scope, state.groups.map((g) => [g.id, g.name_zh, g.name_en])]);
  replaceIfChanged($("incident-components"), components, () =>
    state.components.map((c) =>
      el(
        "div",
        { class: "row" },
        el("label", { for: `ic-${c.id}`, text: nameOf(c) }),
        select(
          [
            ["", t.unaffected],
            ...STATUSES.filter((s) => s !== "operational" && s !== "under_maintenance").map((s) => [
              s,
              t.componentStatus[s],
            ]),
          ],
          "",
          { id: `ic-${c.id}`, "data-component": c.id },
        ),
      ),
    ),
  );
  replaceIfChanged($("maintenance-components"), components, () =>
    state.components.map((c) =>
      el(
        "label",
        { class: "pill" },
        el("input", { type: "checkbox", name: "component_ids", value: c.id }),
        ` ${nameOf(c)}`,
      ),
    ),
  );
  for (const node of document.querySelectorAll("select[data-components]")) {
    replaceIfChanged(node, components, () =>
      state.components.map((c) => el("option", { value: c.id, text: `${nameOf(c)} (${c.id})` })),
    );
  }
  for (const node of document.querySelectorAll("select[data-groups]")) {
    replaceIfChanged(node, groups, () => [
      el("option", { value: "", text: t.noGroup }),
      ...state.groups.map((g) => el("option", { value: g.id, text: nameOf(g) })),
    ]);
  }
}

export function renderCatalog() {
  fill(
    $("component-list"),
    state.components.map((c, i) => componentItem(c, i)),
  );
  fill(
    $("group-list"),
    state.groups.map((g, i) => groupItem(g, i)),
  );
  renderPickers();
}

export function bindCatalog() {
  const components = $("component-form");
  components.addEventListener(
    "submit",
    run(async () => {
      const data = new FormData(components);
      const component = {
        service_id: state.scope,
        name_zh: trimmed(data.get("name_zh")),
        name_en: trimmed(data.get("name_en")),
      };
      for (const key of ["id", "description_zh", "description_en", "group_id"]) {
        if (trimmed(data.get(key))) component[key] = trimmed(data.get(key));
      }
      if (data.get("status") !== "operational") component.status = data.get("status");
      await api("POST", "/api/admin/components", { component });
      components.reset();
    }, components.querySelector(".form-error")),
  );
  const groups = $("group-form");
  groups.addEventListener(
    "submit",
    run(async () => {
      const data = new FormData(groups);
      const group = {
        service_id: state.scope,
        name_zh: trimmed(data.get("name_zh")),
        name_en: trimmed(data.get("name_en")),
      };
      if (trimmed(data.get("id"))) group.id = trimmed(data.get("id"));
      await api("POST", "/api/admin/component-groups", { component_group: group });
      groups.reset();
    }, groups.querySelector(".form-error")),
  );
}
