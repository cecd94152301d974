// Small DOM helpers shared by the console's sections. Stored texts (names,
// messages, URLs) only ever reach the page through textContent, never
// innerHTML; the console's own words come from the server-rendered JSON block
// #console-texts, in the page's language.

export const $ = (id) => document.getElementById(id);

let cachedTexts;
/** The console's words (src/views/admin/texts.ts), zh-CN or en as the page. */
export function texts() {
  cachedTexts ??= JSON.parse($("console-texts").textContent);
  return cachedTexts;
}

/** "{n} 分钟" with { n: 5 } → "5 分钟". */
export function fmt(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ""));
}

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) if (child !== null && child !== undefined && child !== "") node.append(child);
  return node;
}

export const button = (text, onclick, extra = {}) =>
  el("button", { class: "button", type: "button", text, onclick, ...extra });

/** The page-wide status line (role=status): what the last action did. */
export function flash(text) {
  $("flash").textContent = text;
}

/** A list's items, or its "none" line. */
export function fill(list, items) {
  list.replaceChildren(...(items.length ? items : [el("li", { class: "muted", text: list.dataset.empty })]));
}

/** Where a form or row shows what went wrong (role=alert, so it is read out). */
/** An edit form's last line: save it, or close (hide) the form unsaved. */
export function saveOrClose() {
  const t = texts();
  return el(
    "p",
    { class: "actions" },
    el("button", { class: "button", type: "submit", text: t.save }),
    button(t.close, (event) => {
      event.target.closest("form").hidden = true;
    }),
  );
}

export const errorBox = () => el("p", { class: "form-error", role: "alert", hidden: true });

export function showError(box, message) {
  if (!box) return;
  box.textContent = message;
  box.hidden = !message;
}

let refresher = async () => {};
/** main.js hands over how to reload everything after a change. */
export function onRefresh(fn) {
  refresher = fn;
}
export const refresh = () => refresher();

/**
 * An event handler for a change: runs `work`, then says so and reloads.
 * A failure (an API 4xx, a bad JSON text) is never swallowed: its message goes
 * to the status line and to `box` next to the form or row, and nothing reloads,
 * so what the operator typed stays where it was.
 */
export function run(work, box) {
  return async (event) => {
    event?.preventDefault?.();
    const t = texts();
    const target = typeof box === "function" ? box(event) : box;
    showError(target, "");
    let done = false;
    try {
      await work(event);
      done = true;
    } catch (error) {
      flash(t.failed + error.message);
      showError(target, error.message);
    }
    if (!done) return;
    flash(t.saved);
    try {
      await refresh();
    } catch (error) {
      flash(t.failed + error.message);
    }
  };
}

/** The nearest form's or row's error box, for handlers bound once to a server-rendered form. */
export const boxOf = (event) => event?.target?.closest("form, li")?.querySelector(":scope > .form-error");

/**
 * A destructive button asks again in place (no dialog): the first click turns
 * it into "confirm", the second does it.
 */
export function confirmButton(text, again, onConfirm) {
  const node = button(text, (event) => {
    if (node.dataset.armed !== "1") {
      node.dataset.armed = "1";
      node.textContent = again;
      return;
    }
    onConfirm(event);
  });
  node.classList.add("secondary");
  node.addEventListener("blur", () => {
    node.dataset.armed = "0";
    node.textContent = text;
  });
  return node;
}

/** A <select> with the given [value, label] options and one chosen. */
export function select(options, chosen, props = {}) {
  const node = el("select", props, ...options.map(([value, label]) => el("option", { value, text: label })));
  if (chosen !== undefined && chosen !== null) node.value = chosen;
  return node;
}

/** A secret the API answers once, in a box that says so; gone with the next one or a reload. */
export function showOnce(box, note, label, secret) {
  box.replaceChildren(el("p", { text: note }), el("p", { class: "muted", text: label }), el("code", { text: secret }));
  box.hidden = false;
}
