// "Copy link" for the share box of the public pages (progressive enhancement).
// Without JavaScript the link is shown as text in a read-only field and the
// button stays hidden. Nothing past ES2017 on purpose (no optional catch
// binding, no optional chaining, no top-level await): it must run in WeChat's
// in-app browser and other older WebViews. It copies with navigator.clipboard
// where the page may use it, else selects the field and tries
// execCommand("copy"), else leaves the link selected and says how to copy it.
(() => {
  "use strict";

  function say(box, text) {
    var status = box.querySelector(".share-status");
    if (status) status.textContent = text;
  }

  function selectField(field) {
    field.focus();
    field.select();
    try {
      field.setSelectionRange(0, field.value.length);
    } catch (_ignored) {
      // Some field types do not support selection ranges.
    }
  }

  function fallback(box, button, field) {
    selectField(field);
    var copied = false;
    try {
      copied = !!document.execCommand && document.execCommand("copy");
    } catch (_ignored) {
      copied = false;
    }
    say(box, copied ? button.getAttribute("data-copied") : button.getAttribute("data-select-hint"));
  }

  function enhance(button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var box = button.parentNode && button.parentNode.parentNode;
    if (!field || !box) return;
    button.hidden = false;
    button.removeAttribute("hidden");
    button.addEventListener("click", () => {
      var clipboard = navigator.clipboard;
      if (clipboard && clipboard.writeText && window.isSecureContext !== false) {
        clipboard.writeText(field.value).then(
          () => {
            say(box, button.getAttribute("data-copied"));
          },
          () => {
            fallback(box, button, field);
          },
        );
      } else {
        fallback(box, button, field);
      }
    });
    // A tap on the field selects the whole link, ready to copy by hand.
    field.addEventListener("focus", () => {
      selectField(field);
    });
  }

  function start() {
    var buttons = document.querySelectorAll("button[data-copy]");
    Array.prototype.forEach.call(buttons, enhance);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
