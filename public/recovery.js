// Progressive enhancement for "it works again" (恢复了): with JavaScript the
// form is sent with fetch as JSON and the count and a thank-you are updated in
// place; without it, the same form posts and the server answers with a 303
// back to the page in its thank-you state. The words come from the page
// (data-* templates on the form), so the script holds no text of its own.
(() => {
  "use strict";
  if (!window.fetch || !window.FormData) return;

  function countText(form, n, sinceIncident) {
    const key = `count${sinceIncident ? "Incident" : "Hour"}${n === 1 ? "One" : "Other"}`;
    return (form.dataset[key] || "{n}").replace("{n}", String(n));
  }

  function statusOf(form) {
    const box = form.closest(".recovery");
    return box ? box.querySelector("[data-recovery-status]") : null;
  }

  function showCount(form, component, name, text) {
    const box = form.closest(".recovery");
    if (!box) return;
    let count = box.querySelector(`[data-recovery-count="${CSS.escape(component)}"]`);
    if (!count) {
      const list = box.querySelector("[data-recovery-list]");
      if (!list) return;
      const item = document.createElement("li");
      item.setAttribute("data-recovery-item", component);
      const strong = document.createElement("strong");
      strong.textContent = name;
      count = document.createElement("span");
      count.setAttribute("data-recovery-count", component);
      item.append(strong, " ", count);
      list.append(item);
      const none = box.querySelector("[data-recovery-none]");
      if (none) none.remove();
    }
    count.textContent = text;
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-recovery")) return;
    event.preventDefault();
    const data = new FormData(form);
    const body = { component: String(data.get("component") || "") };
    if (data.get("report")) body.report = String(data.get("report"));
    const select = form.querySelector("select");
    const name = select?.selectedOptions[0] ? select.selectedOptions[0].textContent : "";
    const button = form.querySelector("button[type=submit]");
    const label = button ? button.textContent : "";
    const status = statusOf(form);
    if (button) {
      button.disabled = true;
      button.textContent = form.dataset.sending || label;
    }
    form.setAttribute("aria-busy", "true");
    fetch(form.action, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
    })
      .then((response) =>
        response.json().then((answer) => {
          if (response.ok) {
            showCount(form, answer.component, name, countText(form, answer.recoveries, answer.since_incident));
            if (status) status.textContent = answer.counted ? form.dataset.thanks : form.dataset.already;
          } else if (status) {
            status.textContent = response.status === 429 ? form.dataset.rateLimited : form.dataset.failed;
          }
        }),
      )
      .catch(() => {
        // Network trouble: a normal post still gets an answer from the server.
        form.submit();
      })
      .finally(() => {
        if (button) {
          button.disabled = false;
          button.textContent = label;
        }
        form.removeAttribute("aria-busy");
      });
  });
})();
