import type { Child } from "hono/jsx";

/** Where a form shows the API's error message (filled by public/console/dom.js). */
export const ErrorBox = () => <p class="form-error" role="alert" hidden></p>;

/** A labelled input. */
export function Field(props: { id: string; label: string; children: Child }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.children}
    </div>
  );
}

/**
 * A time field in the selected service's zone, the zone named beside it
 * (the script keeps the label right for the date entered: summer and winter
 * offsets differ).
 */
export function ZonedTimeField(props: { id: string; name: string; label: string; zone: string; value?: string }) {
  return (
    <div class="field">
      <label for={props.id}>
        {props.label}{" "}
        <span class="zone-label" data-for={props.id}>
          {props.zone}
        </span>
      </label>
      <input id={props.id} name={props.name} type="datetime-local" required data-zoned value={props.value} />
    </div>
  );
}

/** A card with its heading, its anchor for the console's table of contents. */
export function Card(props: { id: string; title: string; hint?: string; children: Child }) {
  return (
    <section class="card" id={props.id} aria-labelledby={`${props.id}-h`}>
      <h2 id={`${props.id}-h`}>{props.title}</h2>
      {props.hint ? <p class="hint">{props.hint}</p> : null}
      {props.children}
    </section>
  );
}
