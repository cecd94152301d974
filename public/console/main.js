// The admin console's entry point (src/views/admin/page.tsx loads it as a
// module): sign in and out, and load every section from the admin API. A
// change anywhere reloads everything (dom.js refresh), so what is shown is
// always what the API answers now.
import { api, scoped, token } from "./api.js";
import { bindCatalog, renderCatalog } from "./catalog.js";
import { $, flash, onRefresh, texts } from "./dom.js";
import { bindIncidents, renderIncidents } from "./incidents.js";
import { bindMaintenance, renderMaintenance } from "./maintenance.js";
import { renderNotifications } from "./notifications.js";
import { bindProbes, renderProbes } from "./probes.js";
import { bindScope, pickScope, renderScope } from "./scope.js";
import { bindServices, renderServices } from "./services.js";
import { state } from "./state.js";
import { bindWebhooks, renderWebhooks } from "./webhooks.js";

let latestLoad = 0;

/**
 * Everything, from the API, for the selected service. Loads can overlap (a
 * change's reload, then a switch of service before it answers): only the
 * latest one renders, so an older answer never puts back the service just
 * left. body[data-loading] is there while one runs (tests wait on it).
 */
async function load() {
  const mine = ++latestLoad;
  document.body.dataset.loading = "1";
  try {
    const list = await api("GET", "/api/admin/services");
    if (mine !== latestLoad) return;
    state.services = list.services;
    state.presets = list.available_presets;
    pickScope();
    const get = (path) => api("GET", scoped(path, state.scope));
    const answers = await Promise.all([
      get("/api/admin/components"),
      get("/api/admin/component-groups"),
      get("/api/admin/incidents?type=incident&open=true"),
      get("/api/admin/maintenances"),
      get("/api/admin/webhooks"),
      // Probes and agents are not scoped by the API: probes are filtered by component when rendered.
      api("GET", "/api/admin/probes"),
      api("GET", "/api/admin/probe-agents"),
      get("/api/admin/notifications/failed"),
      // The outbox belongs to no one service (a mail may outlive its subscriber).
      api("GET", "/api/admin/outbox"),
    ]);
    if (mine !== latestLoad) return;
    [
      state.components,
      state.groups,
      state.incidents,
      state.maintenances,
      state.webhooks,
      state.probes,
      state.agents,
      state.deadLetters,
      state.outbox,
    ] = answers;
    renderScope();
    renderServices();
    renderCatalog();
    renderIncidents();
    renderMaintenance();
    renderProbes();
    renderWebhooks();
    renderNotifications();
  } finally {
    if (mine === latestLoad) delete document.body.dataset.loading;
  }
}

async function enter() {
  const t = texts();
  try {
    await load();
    $("signin").hidden = true;
    $("console").hidden = false;
  } catch (error) {
    token.clear();
    $("signin").hidden = false;
    $("console").hidden = true;
    flash(error.code === "admin_disabled" ? t.off : error.status === 401 ? t.wrong : t.failed + error.message);
  }
}

onRefresh(load);
$("signin-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const field = $("token");
  token.set(field.value.trim());
  field.value = "";
  enter();
});
$("signout").addEventListener("click", () => {
  token.clear();
  location.reload();
});
bindScope();
bindServices();
bindCatalog();
bindIncidents();
bindMaintenance();
bindProbes();
bindWebhooks();
if (document.body.dataset.adminEnabled !== "1") flash(texts().off);
if (token.get()) enter();
