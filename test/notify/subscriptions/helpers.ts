import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { vi } from "vitest";
import type { SubscriberRow } from "../../../src/data/subscribers";
import { app } from "../../../src/index";
import { confirmationSenders } from "../../../src/notify/confirmation";
import { BASE, freshIp } from "../../helpers";

/** A confirmation the recording sender was asked to send. */
export interface SentConfirmation {
  subscriber: SubscriberRow;
  url: string;
  expiresAt: number;
}

/**
 * Replaces the deployment's confirmation sender (src/notify/confirmation.ts)
 * with one that records what it is asked to send; restore with vi.restoreAllMocks().
 */
export function recordConfirmations(): SentConfirmation[] {
  const sent: SentConfirmation[] = [];
  vi.spyOn(confirmationSenders, "for").mockReturnValue({
    async send(subscriber, url, expiresAt) {
      sent.push({ subscriber, url, expiresAt });
    },
  });
  return sent;
}

/** One request to the Worker, with its waitUntil work (the confirmation) finished before it returns. */
export async function call(path: string, init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await app.fetch(new Request(`${BASE}${path}`, { redirect: "manual", ...init }), env, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

/** A JSON post from a browser on this site (a fresh network unless one is given). */
export function postJson(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return call(path, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "cf-connecting-ip": freshIp(),
      "user-agent": "vitest",
      origin: BASE,
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

/** A form post without JavaScript from this site's page (repeated fields as a list of pairs). */
export function postForm(
  path: string,
  fields: Record<string, string> | [string, string][],
  headers: Record<string, string> = {},
): Promise<Response> {
  return call(path, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      accept: "text/html",
      "cf-connecting-ip": freshIp(),
      "user-agent": "a browser",
      origin: BASE,
      ...headers,
    },
    body: new URLSearchParams(fields).toString(),
  });
}

let addressCounter = 0;

/** An address no other test uses. */
export function newAddress(domain = "example.com"): string {
  return `reader.${Date.now().toString(36)}.${++addressCounter}@${domain}`;
}

export async function subscriberByAddress(address: string): Promise<Record<string, unknown> | null> {
  return env.DB.prepare("SELECT * FROM subscribers WHERE address = ?").bind(address).first();
}

/** The id and token of a link, and its path relative to the Worker. */
export function linkParts(url: string): { id: string; token: string; path: string } {
  const parsed = new URL(url);
  return {
    id: parsed.searchParams.get("id")!,
    token: parsed.searchParams.get("token")!,
    path: `${parsed.pathname}${parsed.search}`,
  };
}
