// The Web Push button (src/views/push-button.tsx), or an iPhone's note. A click asks for permission
// at once (Safari wants it in the click), then loads public/push-subscribe.js: `/` stays light. ES2017.
(() => {
  "use strict";
  let rest = null;

  function loadRest() {
    rest =
      rest ||
      new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = "/push-subscribe.js";
        script.onload = () => resolve(window.pushSubscribe);
        script.onerror = () => {
          rest = null;
          reject(new Error("push-subscribe.js"));
        };
        document.head.appendChild(script);
      });
    return rest;
  }

  function enhance(button) {
    const box = button.closest("[data-push]");
    const n = navigator;
    if (!("serviceWorker" in n && "PushManager" in window && "Notification" in window && window.isSecureContext)) {
      // iPadOS says it is a Mac, but a Mac has no touch screen.
      const apple = /iPhone|iPad|iPod/.test(n.userAgent) || (n.platform === "MacIntel" && n.maxTouchPoints > 1);
      box.querySelector("[data-push-iphone]").hidden = !apple;
      return;
    }
    const data = button.dataset;
    const say = (text) => {
      box.querySelector("[data-push-status]").textContent = text;
    };
    button.hidden = false;
    button.addEventListener("click", () => {
      button.disabled = true;
      say(data.working);
      Promise.all([Notification.requestPermission(), loadRest()])
        .then((got) => (got[0] === "granted" ? got[1](data) : { text: data.denied }))
        .catch(() => ({ text: data.failed }))
        .then((answer) => {
          say(answer.text);
          // Subscribed: the button has done its job on this page.
          button.disabled = answer.done === true;
        });
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("button[data-push-subscribe]"), enhance);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
