// Browser notifications, the part public/push.js loads on the first click of its button: registers
// /sw.js, subscribes with the page's VAPID key (applicationServerKey) and posts the subscription as
// JSON to the subscriptions API. window.pushSubscribe(button.dataset) resolves with what the button's
// box says, { done, text }, and rejects when the browser fails. Nothing past ES2017.
(() => {
  "use strict";

  /** The VAPID key as bytes: base64url to Uint8Array, as PushManager.subscribe takes it everywhere. */
  function keyBytes(base64url) {
    const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    const binary = atob(base64 + "===".slice((base64.length + 3) % 4));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
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

  window.pushSubscribe = (data) =>
    navigator.serviceWorker
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
            if (response.ok && answer && answer.subscription) return { done: true, text: data.done };
            // The API's own message for what went wrong, else the page's words.
            const message = answer && answer.error && answer.error.message;
            return { done: false, text: message || data.failed };
          }),
      );
})();
