import type { SubscriberRow } from "../data/followers";
import type { Env } from "../env";
import { ChannelError, type NoticeLinks } from "./channels";

/** A subscriber's manage and one-click unsubscribe links. */
export type LinksFor = (subscriber: SubscriberRow) => Promise<NoticeLinks>;

/**
 * The links every notification carries. They are signed tokens made by the
 * sign-up side (src/notify/tokens.ts) and plug in here; until then every
 * delivery fails with `links_not_wired`, at once: a message without a working
 * unsubscribe link must not go out.
 */
export function subscriberLinks(_env: Env): LinksFor {
  return async () => {
    throw new ChannelError("links_not_wired", { permanent: true });
  };
}
