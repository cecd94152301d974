import { MINUTE_MS } from "./time";

/**
 * Wait before retry n (1-based): 1, 2, 4, 8, 16, 32, 64 minutes, capped at 2
 * hours. Webhook deliveries (src/webhooks) and subscriber notifications
 * (src/notify) back off alike.
 */
export function retryDelayMs(attempt: number): number {
  return Math.min(2 ** (attempt - 1), 120) * MINUTE_MS;
}
