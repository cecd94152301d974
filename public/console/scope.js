// The service selector and the time-zone labels. The selected service is in
// the URL (?service=), so a reload keeps it, and the server renders the first
// view for it; switching here reloads the sections without leaving the page.
import { $, el, flash, refresh, texts } from "./dom.js";
import { scopable, state } from "./state.js";
import { wallToInstant, zoneLabel } from "./time.js";

/** The service asked for in the URL or the selector, if it can be scoped to; else the default one. */
export function pickScope() {
  const choices = scopable();
  const wanted = new URL(location.href).searchParams.get("service") ?? $("scope-select").value;
  const chosen = choices.find((s) => s.id === wanted) ?? choices.find((s) => s.default) ?? choices[0];
  state.scope = chosen?.id ?? null;
  state.zone = chosen?.time_zone ?? "UTC";
}

/**
 * Every `.zone-label`: the zone and its offset. A label beside a time field
 * gives the offset at the time entered (summer and winter differ).
 */
export function labelZones() {
  for (const label of document.querySelectorAll(".zone-label")) {
    const input = label.dataset.for ? $(label.dataset.for) : null;
    const at = input?.value ? wallToInstant(input.value, state.zone) : null;
    label.textContent = zoneLabel(state.zone, at ?? Date.now());
  }
}

export function renderScope() {
  const select = $("scope-select");
  const lang = document.documentElement.lang;
  select.replaceChildren(
    ...scopable().map((s) =>
      el("option", { value: s.id, text: `${(lang === "en" ? s.name?.en : s.name?.["zh-CN"]) ?? s.id} (${s.id})` }),
    ),
  );
  select.value = state.scope;
  const url = new URL(location.href);
  if (url.searchParams.get("service") !== state.scope) {
    url.searchParams.set("service", state.scope);
    history.replaceState(null, "", url);
  }
  const other = new URL($("lang-link").href);
  other.searchParams.set("service", state.scope);
  $("lang-link").href = other.pathname + other.search;
  labelZones();
}

export function bindScope() {
  // The script switches in place; the button is for a page without it.
  $("scope-submit").hidden = true;
  $("scope-select").addEventListener("change", async (event) => {
    const url = new URL(location.href);
    url.searchParams.set("service", event.target.value);
    history.replaceState(null, "", url);
    try {
      await refresh();
    } catch (error) {
      flash(texts().failed + error.message);
    }
  });
  document.addEventListener("input", (event) => {
    if (event.target.matches?.("input[data-zoned]")) labelZones();
  });
}
