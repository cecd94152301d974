import type { PageContext } from "../config/page";
import { pushWords } from "../i18n/push-words";
import type { SubscribeScope } from "./subscribe-form";

export interface PushButtonProps {
  ctx: PageContext;
  /** VAPID_PUBLIC_KEY (`vapidPublicKeyOf(env)`, src/notify/push/vapid.ts); null renders nothing. */
  vapidPublicKey: string | null;
  /** Subscribe to these components only; all of the service's when omitted. */
  components?: string[];
  /** Subscribe to this incident's updates only. */
  incidentId?: string | null;
}

/** What the button follows on a page whose e-mail form has `scope`: the same as the form. */
export function pushFollows(scope: SubscribeScope): Pick<PushButtonProps, "components" | "incidentId"> {
  if (scope.kind === "incident") return { incidentId: scope.incidentId };
  if (scope.kind === "component") return { components: [scope.componentId] };
  return {};
}

/**
 * "Turn on browser notifications": a button that public/push.js reveals and
 * drives (permission, service worker, PushManager.subscribe, POST to the
 * subscriptions API), with every word it may show in the page's language as
 * data attributes. Hidden without JavaScript, and by the script where the
 * browser has no Web Push; on an iPhone or iPad outside a home-screen web app
 * the script shows the note instead.
 */
export function PushButton({ ctx, vapidPublicKey, components, incidentId }: PushButtonProps) {
  if (!vapidPublicKey) return null;
  const w = pushWords(ctx.locale);
  return (
    <div class="push-subscribe" data-push>
      <link rel="stylesheet" href="/push.css" />
      <script src="/push.js" defer></script>
      <button
        type="button"
        class="button"
        hidden
        data-push-subscribe
        data-vapid-key={vapidPublicKey}
        data-service={ctx.config.id}
        data-components={components?.length ? components.join(",") : undefined}
        data-incident={incidentId ?? undefined}
        data-locale={ctx.locale}
        data-endpoint={`${ctx.base}/api/subscriptions`}
        data-working={w.working}
        data-done={w.done}
        data-denied={w.denied}
        data-failed={w.failed}
      >
        {w.button}
      </button>
      <p class="muted" data-push-iphone hidden>
        {w.iphone}
      </p>
      <p data-push-status role="status" aria-live="polite"></p>
    </div>
  );
}
