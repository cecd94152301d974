import type { Locale } from "./locale";

/** The words of the browser-notification (Web Push) button, kept apart from the main catalogue. */
export interface PushWords {
  button: string;
  working: string;
  /** Subscribed (the API answers the same whether or not this browser was subscribed before). */
  done: string;
  /** The visitor said no to notifications, now or before. */
  denied: string;
  failed: string;
  /** iPhone and iPad have Web Push only in a web app opened from the home screen (iOS 16.4+). */
  iphone: string;
}

const zh: PushWords = {
  button: "开启浏览器通知",
  working: "正在开启…",
  done: "已开启：有新进展时，这个浏览器会收到通知。",
  denied: "浏览器没有允许通知。请在浏览器的网站设置里允许本站通知后再试。",
  failed: "暂时无法开启通知，请稍后再试。",
  iphone: "在 iPhone 或 iPad 上：先用 Safari 的“分享 → 添加到主屏幕”，再从主屏幕打开本页，就可以开启通知。",
};

const en: PushWords = {
  button: "Turn on browser notifications",
  working: "Turning on…",
  done: "Done: this browser will be notified of new updates.",
  denied:
    "The browser did not allow notifications. Allow them for this site in the browser's settings, then try again.",
  failed: "Notifications could not be turned on right now; please try again shortly.",
  iphone:
    "On iPhone or iPad: add this page to the home screen first (Safari's Share → Add to Home Screen), then open it from there to turn on notifications.",
};

export function pushWords(locale: Locale): PushWords {
  return locale === "en" ? en : zh;
}
