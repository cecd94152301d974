import type { ConsoleModel } from "./model";
import { consoleZoneLabel } from "./zone";

/**
 * The service the sections below are about. A GET form, so the choice is in
 * the URL (a reload keeps it); the script switches without reloading.
 */
export function ScopeCard({ model }: { model: ConsoleModel }) {
  const { t } = model;
  return (
    <section class="card" id="scope" aria-labelledby="scope-h">
      <form id="scope-form" method="get" action="/admin">
        <input type="hidden" name="lang" value={model.locale} />
        <div class="row">
          <div class="field">
            <label id="scope-h" for="scope-select">
              {t.scope}
            </label>
            <select id="scope-select" name="service">
              {model.choices.map((choice) => (
                <option value={choice.id} selected={choice.id === model.scope.id}>
                  {`${choice.name} (${choice.id})`}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <span class="label">{t.zone}</span>
            <p>
              <strong id="scope-zone" class="zone-label">
                {consoleZoneLabel(model.scope.timeZone, model.nowMs)}
              </strong>
            </p>
          </div>
        </div>
        <p class="hint">{t.scopeHint}</p>
        <button class="button secondary" id="scope-submit" type="submit">
          {t.switch}
        </button>
      </form>
    </section>
  );
}
