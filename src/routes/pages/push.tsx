import type { AppContext } from "../../http/context";
import { pageOf } from "../../http/context";
import { vapidPublicKeyOf } from "../../notify/push/vapid";
import { PushButton, pushFollows } from "../../views/push-button";
import type { SubscribeScope } from "../../views/subscribe-form";

/** Whether this deployment offers Web Push (a complete, valid VAPID configuration): its pages then link the web app manifest. */
export function offersWebPush(c: AppContext): boolean {
  return vapidPublicKeyOf(c.env) !== null;
}

/**
 * The browser-notification button for the sign-up form's `pushButton` slot,
 * following what the form follows; null when Web Push is off, so a page
 * without it loads neither public/push.js nor public/push.css.
 */
export function pushButtonFor(c: AppContext, scope: SubscribeScope) {
  const key = vapidPublicKeyOf(c.env);
  if (!key) return null;
  return <PushButton ctx={pageOf(c)} vapidPublicKey={key} {...pushFollows(scope)} />;
}
