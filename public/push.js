// Browser notifications (Web Push) for subscribers, progressive enhancement of
// the button src/views/push-button.tsx renders hidden. Where the browser has
// Web Push, the button shows; a click asks for permission, registers /sw.js,
// subscribes with the page's VAPID key (applicationServerKey) and posts the
// subscription as JSON to the subscriptions API. An iPhone or iPad has Web Push
// only in a web app opened from the home screen, so there the page's note says
// how. Every word comes from the page (data-* attributes): the script holds no
// text of its own. Nothing past ES2017, as the other scripts.
(() => {
  "use strict";

  function isAppleMobile() {
    const ua = navigator.userAgent || "";
    // iPadOS presents itself as a Mac, but a Mac has no touch screen.
    return /iPhone|iPad|iPod/.test(ua) || (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
  }

  function supported() {
    return (
      "serviceWorker" in navigator && "PushManager" in window && "Notification" in window && window.isSecureContext
    );
  }

  /** The VAPID key as bytes: base64url to Uint8Array, as PushManager.subscribe takes it everywhere. */
  function keyBytes(base64url) {
    const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    const binary = atob(base64 + "===".slice((base64.length + 3) % 4));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  /** Notification.requestPermission, whether the browser answers with a promise or (older Safari) a callback. */
  function askPermission() {
    return new Promise((resolve) => {
      const answer = Notification.requestPermission(resolve);
      if (answer && answer.then) answer.then(resolve);
    });
  }

  /** A subscription with this key; an older one made with another key is replaced. */
  function subscribe(registration, key) {
    const options = { userVisibleOnly: true, applicationServerKey: keyBytes(key) };
    return registration.pushManager.subscribe(options).catch((error) => {
      if (!error || error.name !== "InvalidStateError") throw error;
      return registration.pushManager
        .getSubscription()
        .then((old) => (old ? old.unsubscribe() : null))
        .then(() => registration.pushManager.subscribe(options));
    });
  }

  function enhance(button) {
    const box = button.closest("[data-push]") || button.parentNode;
    const status = box.querySelector("[data-push-status]");
    if (!supported()) {
      const note = box.querySelector("[data-push-iphone]");
      if (note && isAppleMobile()) note.hidden = false;
      return;
    }
    const say = (text) => {
      if (status) status.textContent = text || "";
    };
    button.hidden = false;
    button.addEventListener("click", () => {
      const data = button.dataset;
      button.disabled = true;
      say(data.working);
      askPermission()
        .then((permission) => {
          if (permission !== "granted") {
            say(data.denied);
            return null;
          }
          return navigator.serviceWorker
            .register("/sw.js")
            .then(() => navigator.serviceWorker.ready)
            .then((registration) => subscribe(registration, data.vapidKey))
            .then((subscription) => {
              const body = { channel: "push", push: subscription.toJSON(), locale: data.locale };
              // The service is also in the endpoint's path (/s/{id}/api/subscriptions); sent for a shared endpoint.
              if (data.service) body.service = data.service;
              if (data.components) body.components = data.components.split(",").filter(Boolean);
              if (data.incident) body.incident = data.incident;
              return fetch(data.endpoint || "/api/subscriptions", {
                method: "POST",
                headers: { "Content-Type": "application/json", Accept: "application/json" },
                body: JSON.stringify(body),
                credentials: "same-origin",
              });
            })
            .then((response) =>
              response
                .json()
                .catch(() => null)
                .then((answer) => {
                  // 202 whether or not this browser was subscribed before (src/routes/subscriptions.ts).
                  if (response.ok && answer && answer.subscription) {
                    say(data.done);
                    return "subscribed";
                  }
                  // The API's own message for what went wrong, else the page's words.
                  say(answer && answer.error && answer.error.message ? answer.error.message : data.failed);
                  return null;
                }),
            );
        })
        .catch(() => {
          say(button.dataset.failed);
          return null;
        })
        .then((outcome) => {
          // Subscribed: the button has done its job on this page.
          button.disabled = outcome === "subscribed";
        });
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("button[data-push-subscribe]"), enhance);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
