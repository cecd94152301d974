// The service worker of browser notifications (Web Push), registered by
// public/push.js. A push message is the JSON of src/notify/push/payload.ts
// ({ title, body, url, tag, level }), encrypted end to end; it is shown as a
// notification, and a click opens (or focuses) the page it links to. Nothing
// else: no caching, no fetch handler, nothing third-party.
// https://developer.mozilla.org/en-US/docs/Web/API/ServiceWorkerRegistration/showNotification
"use strict";

// A new version of this file takes over at once; it keeps no state to migrate.
self.addEventListener("install", () => {
  self.skipWaiting();
});

function payloadOf(event) {
  try {
    return event.data ? event.data.json() : {};
  } catch (_notJson) {
    return {};
  }
}

/** Only links into the web, never javascript: or other schemes. */
function safeUrl(value) {
  try {
    const url = new URL(typeof value === "string" ? value : "/", self.location.origin);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : `${self.location.origin}/`;
  } catch (_badUrl) {
    return `${self.location.origin}/`;
  }
}

self.addEventListener("push", (event) => {
  const data = payloadOf(event);
  const text = (value) => (typeof value === "string" ? value : "");
  const options = {
    body: text(data.body),
    icon: "/push-icon.png",
    data: { url: safeUrl(data.url) },
  };
  if (text(data.tag)) {
    // A later update of the same incident replaces the earlier notification, and still alerts.
    options.tag = data.tag;
    options.renotify = true;
  }
  // userVisibleOnly: every push must show something, even a message this version cannot read.
  event.waitUntil(self.registration.showNotification(text(data.title) || self.location.host, options));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = safeUrl(event.notification.data && event.notification.data.url);
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      for (let i = 0; i < windows.length; i++) {
        if (windows[i].url === url && "focus" in windows[i]) return windows[i].focus();
      }
      return self.clients.openWindow(url);
    }),
  );
});
