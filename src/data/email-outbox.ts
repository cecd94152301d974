import { desc } from "drizzle-orm";
import type { Database } from "../db/client";
import { emailOutbox } from "../db/schema";
import { newId } from "../lib/id";

export type OutboxRow = typeof emailOutbox.$inferSelect;

/** An e-mail as the senders have it (src/notify/email/message.ts `OutgoingEmail`). */
export interface OutboxEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

/**
 * Keeps an e-mail that no sender is configured to send (the admin console lists
 * them). Tied to its subscriber when there is one, so deleting the subscriber
 * deletes its mail too (ON DELETE CASCADE).
 */
export async function addToOutbox(
  db: Database,
  email: OutboxEmail,
  subscriberId: string | null = null,
  now = Date.now(),
): Promise<OutboxRow> {
  const row: OutboxRow = {
    id: newId(16),
    subscriberId,
    to: email.to,
    subject: email.subject,
    text: email.text,
    html: email.html,
    headers: email.headers,
    createdAt: now,
  };
  await db.insert(emailOutbox).values(row);
  return row;
}

/** The newest kept e-mails first. */
export function listOutbox(db: Database, limit = 50): Promise<OutboxRow[]> {
  return db
    .select()
    .from(emailOutbox)
    .orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id))
    .limit(Math.max(1, Math.min(limit, 500)));
}
