import { COMPONENT_STATUSES } from "../../domain/symptoms";
import { messages } from "../../i18n/messages";
import type { ConsoleModel } from "./model";
import { Card, ErrorBox, Field } from "./parts";
import { GroupOptions } from "./pickers";

/** The selected service's components and groups: listed (and edited) by the script, created here. */
export function CatalogCard({ model }: { model: ConsoleModel }) {
  const { t } = model;
  const words = messages(model.locale).statusWord;
  return (
    <Card id="catalog" title={t.components}>
      <ul id="component-list" class="components" data-empty={t.empty}></ul>
      <h3>{t.groups}</h3>
      <ul id="group-list" class="components" data-empty={t.empty}></ul>

      <h3>{t.newComponent}</h3>
      <form id="component-form">
        <div class="row">
          <Field id="c-name-zh" label={t.nameZh}>
            <input id="c-name-zh" name="name_zh" required maxlength={200} />
          </Field>
          <Field id="c-name-en" label={t.nameEn}>
            <input id="c-name-en" name="name_en" required maxlength={200} />
          </Field>
        </div>
        <div class="row">
          <Field id="c-description-zh" label={t.descriptionZh}>
            <input id="c-description-zh" name="description_zh" maxlength={500} />
          </Field>
          <Field id="c-description-en" label={t.descriptionEn}>
            <input id="c-description-en" name="description_en" maxlength={500} />
          </Field>
        </div>
        <div class="row">
          <Field id="c-group" label={t.group}>
            <select id="c-group" name="group_id" data-groups>
              <GroupOptions model={model} />
            </select>
          </Field>
          <Field id="c-status" label={t.status}>
            <select id="c-status" name="status">
              {COMPONENT_STATUSES.map((s) => (
                <option value={s}>{words[s]}</option>
              ))}
            </select>
          </Field>
          <Field id="c-id" label={t.id}>
            <input id="c-id" name="id" maxlength={63} />
          </Field>
        </div>
        <ErrorBox />
        <button class="button" type="submit">
          {t.create}
        </button>
      </form>

      <h3>{t.newGroup}</h3>
      <form id="group-form">
        <div class="row">
          <Field id="g-name-zh" label={t.nameZh}>
            <input id="g-name-zh" name="name_zh" required maxlength={200} />
          </Field>
          <Field id="g-name-en" label={t.nameEn}>
            <input id="g-name-en" name="name_en" required maxlength={200} />
          </Field>
          <Field id="g-id" label={t.id}>
            <input id="g-id" name="id" maxlength={63} />
          </Field>
        </div>
        <ErrorBox />
        <button class="button" type="submit">
          {t.create}
        </button>
      </form>
    </Card>
  );
}
