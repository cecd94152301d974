import type { ConsoleModel } from "./model";
import { Card, ErrorBox, Field } from "./parts";

/** Every service of the deployment (not scoped): list, enable/disable, overrides, add a preset. */
export function ServicesCard({ model }: { model: ConsoleModel }) {
  const { t } = model;
  return (
    <Card id="services" title={t.services} hint={t.servicesHint}>
      <ul id="service-list" class="components" data-empty={t.empty}></ul>
      <h3>{t.addPreset}</h3>
      <form id="preset-form">
        <div class="row">
          <Field id="preset-select" label={t.preset}>
            <select id="preset-select" name="preset" required></select>
          </Field>
        </div>
        <ErrorBox />
        <button class="button" type="submit">
          {t.add}
        </button>
      </form>
    </Card>
  );
}
