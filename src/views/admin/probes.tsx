import { PROBE_METHODS } from "../../probes/definition";
import type { ConsoleModel } from "./model";
import { Card, ErrorBox, Field } from "./parts";
import { ComponentOptions } from "./pickers";

/** Probes of the selected service's components, and the probe agents (which belong to no service). */
export function ProbeCards({ model }: { model: ConsoleModel }) {
  const { t } = model;
  return (
    <>
      <Card id="probes" title={t.probes} hint={t.probesHint}>
        <ul id="probe-list" class="components" data-empty={t.empty}></ul>
        <h3>{t.newProbe}</h3>
        <form id="probe-form">
          <div class="row">
            <Field id="p-component" label={t.component}>
              <select id="p-component" name="component" required data-components>
                <ComponentOptions model={model} />
              </select>
            </Field>
            <Field id="p-name" label={t.probeName}>
              <input id="p-name" name="name" required maxlength={100} />
            </Field>
          </div>
          <Field id="p-url" label={t.url}>
            <input id="p-url" name="url" required maxlength={2048} />
          </Field>
          <div class="row">
            <Field id="p-method" label={t.method}>
              <select id="p-method" name="method">
                {PROBE_METHODS.map((m) => (
                  <option value={m}>{m}</option>
                ))}
              </select>
            </Field>
            <Field id="p-interval" label={t.interval}>
              <input id="p-interval" name="interval_minutes" type="number" min={1} max={60} value="1" required />
            </Field>
            <Field id="p-runner" label={t.runner}>
              <select id="p-runner" name="runner">
                <option value="worker">{t.runnerWorker}</option>
                <option value="agent">{t.runnerAgent}</option>
              </select>
            </Field>
          </div>
          <ErrorBox />
          <button class="button" type="submit">
            {t.create}
          </button>
        </form>
      </Card>

      <Card id="agents" title={t.agents} hint={t.agentsHint}>
        <ul id="agent-list" class="components" data-empty={t.empty}></ul>
        <div id="agent-token" class="once" role="status" hidden></div>
        <h3>{t.newAgent}</h3>
        <form id="agent-form">
          <div class="row">
            <Field id="a-name" label={t.agentName}>
              <input id="a-name" name="name" required maxlength={100} />
            </Field>
            <Field id="a-location" label={t.location}>
              <input id="a-location" name="location" required maxlength={64} />
            </Field>
          </div>
          <ErrorBox />
          <button class="button" type="submit">
            {t.create}
          </button>
        </form>
      </Card>
    </>
  );
}
