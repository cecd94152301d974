// What the console has loaded, shared by its sections. main.js fills it on
// every refresh; sections read it to render and to know the selected service.

export const state = {
  /** GET /api/admin/services: every service, the default first. */
  services: [],
  /** Built-in presets not added yet. */
  presets: [],
  /** The selected service's id: the sections below the services are about it. */
  scope: null,
  /** Its time zone: every time is shown and entered in it. */
  zone: "UTC",
  /** The selected service's components and groups, in board order. */
  components: [],
  groups: [],
  /** Its open incidents (detected ones awaiting review among them) and its maintenance. */
  incidents: [],
  maintenances: [],
  /** Probes of its components; agents belong to no service. */
  probes: [],
  agents: [],
  webhooks: [],
  /** Its notifications given up (dead letters), and the e-mail outbox (every service's). */
  deadLetters: [],
  outbox: [],
};

/** Services the console can scope to: enabled ones (writes need an enabled service). */
export const scopable = () => state.services.filter((s) => s.enabled);

/** A component's or group's name in the page's language. */
export const nameOf = (row) =>
  (document.documentElement.lang === "en" ? row.name_en : row.name_zh) ?? row.name ?? row.id;
