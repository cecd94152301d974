// Up/down buttons for the lists whose order is the board's (services,
// components, groups): a move is sent as the whole new order, as the API's
// reorder endpoints take it.
import { button, texts } from "./dom.js";

/** `ids` with the one at `index` moved by `delta` (−1 up, +1 down). */
export function moved(ids, index, delta) {
  const out = [...ids];
  const [id] = out.splice(index, 1);
  out.splice(index + delta, 0, id);
  return out;
}

/** "↑" and "↓" for the item at `index` of `count`; the first cannot go up, the last cannot go down. */
export function moveButtons(index, count, move) {
  const t = texts();
  return [
    button("↑", move(-1), {
      "aria-label": t.moveUp,
      title: t.moveUp,
      disabled: index === 0,
      class: "button secondary",
    }),
    button("↓", move(1), {
      "aria-label": t.moveDown,
      title: t.moveDown,
      disabled: index === count - 1,
      class: "button secondary",
    }),
  ];
}
