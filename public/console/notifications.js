// Subscriber notifications: dead letters of the selected service, each with
// a retry button, and the e-mail outbox (mail no sender took, for the
// operator to send by hand). Dead letters name a subscriber by id only.
import { api } from "./api.js";
import { $, button, el, errorBox, fill, fmt, run, texts } from "./dom.js";
import { state } from "./state.js";
import { formatTime } from "./time.js";

function deadLetterItem(row) {
  const t = texts();
  const box = errorBox();
  const facts = fmt(t.deadLetter, {
    key: row.notice_key,
    channel: row.channel,
    subscriber: row.subscriber_id,
    attempts: row.attempts,
    time: formatTime(row.updated_at, state.zone),
  });
  return el(
    "li",
    { class: "component", "data-notification-id": row.id },
    el("strong", { text: row.last_error ?? "" }),
    el("p", { class: "muted", text: facts }),
    el(
      "p",
      { class: "actions" },
      button(
        t.retry,
        run(() => api("POST", `/api/admin/notifications/${encodeURIComponent(row.id)}/retry`), box),
      ),
    ),
    box,
  );
}

function outboxItem(mail) {
  const t = texts();
  return el(
    "li",
    { class: "component", "data-outbox-id": mail.id },
    el("strong", { text: mail.subject }),
    el("p", {
      class: "muted",
      text: fmt(t.outboxMail, { to: mail.to, time: formatTime(mail.created_at, state.zone) }),
    }),
    el("details", {}, el("summary", { text: t.showText }), el("pre", { class: "outbox-text", text: mail.text })),
  );
}

export function renderNotifications() {
  fill($("dead-letter-list"), state.deadLetters.map(deadLetterItem));
  fill($("outbox-list"), state.outbox.map(outboxItem));
}
