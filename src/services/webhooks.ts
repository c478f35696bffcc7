/**
 * Webhook subscriptions and their deliveries as the API shows them, and the state changes the
 * API and the workers share (disabling, cancelling what is still queued).
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { webhookDeliveries, webhooks } from "../db/schema/index.ts";
import { recordEvent } from "./events.ts";

export type WebhookRow = typeof webhooks.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;

/** At most this much of a receiver's answer is kept on a delivery. */
export const RESPONSE_EXCERPT_CHARS = 500;

/** Loads one of the tenant's subscriptions; undefined for another tenant's or a missing one. */
export async function findWebhook(db: Db, tenantId: string, id: string): Promise<WebhookRow | undefined> {
  const [row] = await db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.tenantId, tenantId), eq(webhooks.id, id)))
    .limit(1);
  return row;
}

/**
 * The host of a subscription URL, for events and logs. Chat webhook URLs carry their
 * credential in the path (Slack, Discord) or query (Google Chat), so only the host is shown.
 */
export function webhookHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "invalid";
  }
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/** A subscription as responses show it: never a secret, sealed or not. */
export function toWebhookView(row: WebhookRow) {
  return {
    id: row.id,
    url: shownUrl(row.url, row.format),
    format: row.format,
    events: row.events,
    selector: row.selector,
    description: row.description,
    enabled: row.enabled,
    disabledReason: row.disabledReason,
    failingSince: iso(row.failingSince),
    previousSecretExpiresAt:
      row.previousSecretExpiresAt && row.previousSecretSealed ? iso(row.previousSecretExpiresAt) : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A delivery as the deliveries list shows it. */
export function toDeliveryView(row: DeliveryRow) {
  return {
    id: row.id,
    eventId: row.eventId,
    eventType: row.eventType,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === "pending" ? row.nextAttemptAt.toISOString() : null,
    response: {
      statusCode: row.lastStatusCode,
      excerpt: row.responseExcerpt,
      durationMs: row.lastDurationMs,
    },
    error: row.lastError,
    createdAt: row.createdAt.toISOString(),
    deliveredAt: iso(row.deliveredAt),
  };
}

/** Cancels every delivery of a subscription that has not been sent yet. */
export async function cancelPendingDeliveries(tx: Db, webhookId: string): Promise<void> {
  await tx
    .update(webhookDeliveries)
    .set({ status: "cancelled" })
    .where(and(eq(webhookDeliveries.webhookId, webhookId), eq(webhookDeliveries.status, "pending")));
}

/**
 * Turns a subscription off, cancels what it still had queued and records `webhook.disabled`
 * (which other subscriptions of the tenant may receive). Only the first call does anything,
 * so a worker and a user disabling at once produce one event.
 */
export async function disableWebhook(
  tx: Db,
  hook: { id: string; tenantId: string },
  reason: string,
  actor: string | null = null,
): Promise<boolean> {
  const [off] = await tx
    .update(webhooks)
    .set({ enabled: false, disabledReason: reason, aggregatorState: null, updatedAt: new Date() })
    .where(and(eq(webhooks.id, hook.id), eq(webhooks.enabled, true)))
    .returning({ url: webhooks.url });
  if (!off) return false;
  await cancelPendingDeliveries(tx, hook.id);
  await recordEvent(tx, {
    tenantId: hook.tenantId,
    type: "webhook.disabled",
    subjectId: hook.id,
    actor,
    data: { webhookId: hook.id, host: webhookHost(off.url), reason },
  });
  return true;
}

/**
 * Chat webhook URLs are bearer credentials (whoever holds a Slack or Discord hook URL can post
 * to the channel), so responses show their origin and the last characters only.
 */
export function shownUrl(url: string, format: WebhookRow["format"]): string {
  if (format === "standard" || format === "cloudevents") return url;
  const parsed = new URL(url);
  const rest = `${parsed.pathname}${parsed.search}`;
  return `${parsed.origin}/…${rest.slice(-4)}`;
}
