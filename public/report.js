// Progressive enhancement for the "is it just me?" form: with JavaScript the
// form is sent with fetch and the verdict (or the field errors) replaces the
// page's main content in place; without it, the same form posts and redirects.
// The server renders both answers, so there is a single source of truth.
(() => {
  "use strict";
  if (!window.fetch || !window.DOMParser || !window.URLSearchParams) return;

  function enhance(form) {
    if (!form || form.dataset.enhanced) return;
    form.dataset.enhanced = "1";
    // One key per filled-in form: a double click or a retry stores one report.
    var key =
      window.crypto && crypto.randomUUID
        ? crypto.randomUUID()
        : String(Date.now()) + Math.random().toString(16).slice(2);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      var label = button ? button.textContent : "";
      if (button) {
        button.disabled = true;
        button.textContent = form.dataset.submitting || label;
      }
      form.setAttribute("aria-busy", "true");
      fetch(form.action, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "Idempotency-Key": key, Accept: "text/html" },
        body: new URLSearchParams(new FormData(form)).toString(),
        credentials: "same-origin",
      })
        .then((response) =>
          response.text().then((html) => {
            // Redirected to the stored report's page, or (queued report) told where it will be.
            swap(html, response.redirected ? response.url : response.headers.get("Content-Location"));
          }),
        )
        .catch(() => {
          // Network trouble: fall back to a normal post so the reporter still gets an answer.
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
  }

  function swap(html, url) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var next = doc.querySelector("main");
    var current = document.querySelector("main");
    if (!next || !current) return;
    // What the new page brings and this one has not run (the verdict's notification, "it works again" and
    // copy-link buttons): a parsed <script> never runs, so each is loaded anew, once.
    var ran = {};
    Array.prototype.forEach.call(document.querySelectorAll("script[src]"), (script) => {
      ran[script.getAttribute("src")] = true;
    });
    // Read before the swap, which moves the new <main> (and its scripts) out of `doc`.
    var brought = Array.prototype.map.call(doc.querySelectorAll("script[src]"), (script) => script.getAttribute("src"));
    current.replaceWith(next);
    brought.forEach((src) => {
      if (ran[src]) return;
      ran[src] = true;
      var script = document.createElement("script");
      script.src = src;
      document.head.appendChild(script);
    });
    if (doc.title) document.title = doc.title;
    if (url && history.pushState) history.pushState(null, "", url);
    var focus = next.querySelector("#verdict, #error-summary") || next.querySelector("h1");
    if (focus) {
      if (!focus.hasAttribute("tabindex")) focus.setAttribute("tabindex", "-1");
      focus.focus();
      focus.scrollIntoView({ block: "start" });
    }
    enhance(next.querySelector("form.report-form"));
    // The verdict page of an open situation reloads itself (a meta refresh in its head, which a swap leaves behind).
    var refresh = doc.querySelector('meta[http-equiv="refresh"]');
    var match = refresh && /^(\d+);url=(.+)$/.exec(refresh.getAttribute("content") || "");
    if (match) {
      window.setTimeout(() => {
        location.replace(match[2]);
      }, Number(match[1]) * 1000);
    }
  }

  enhance(document.querySelector("form.report-form"));
  // Going back from the verdict shows the form again.
  window.addEventListener("popstate", () => {
    location.reload();
  });
})();
