import type { ComponentGroupRow, ComponentRow } from "../../data/components";
import type { Locale } from "../../i18n/locale";
import type { ConsoleTexts } from "./texts";

/** A service the console can scope to (enabled ones: writes need one). */
export interface ScopeChoice {
  id: string;
  name: string;
  timeZone: string;
}

/** What the server renders the console from; public/console/*.js keeps it current from the admin API. */
export interface ConsoleModel {
  locale: Locale;
  t: ConsoleTexts["page"];
  title: string;
  /** ADMIN_TOKEN is set. */
  adminEnabled: boolean;
  choices: ScopeChoice[];
  /** The selected service (?service=, else the default). */
  scope: ScopeChoice;
  /** The selected service's components and groups, in board order. */
  components: ComponentRow[];
  groups: ComponentGroupRow[];
  nowMs: number;
}
