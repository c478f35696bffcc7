/**
 * Applies one attempt's result: to the delivery rows it carried (one for machine formats, every
 * event of the message for chat) and to the subscription's health, disabling it on 410 or
 * after failing everything for too long.
 */
import { and, eq, inArray, isNotNull, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../src/db/client.ts";
import { webhookDeliveries, webhooks } from "../../src/db/schema/index.ts";
import type { AttemptRecord } from "../../src/notify/attempt.ts";
import { shouldDisableSubscription } from "../../src/notify/retry.ts";
import { disableWebhook, RESPONSE_EXCERPT_CHARS } from "../../src/services/webhooks.ts";
import type { WebhookWorkerDeps } from "./deps.ts";

/** The attempt to record. */
export interface AttemptOutcomeInput {
  webhook: { id: string; tenantId: string };
  eventIds: string[];
  attempt: number;
  record: AttemptRecord;
  nowMs: number;
  /** Extra guard on the rows (the machine path's claim: `attempts = attempt`). */
  guard?: SQL;
}

function errorText(record: AttemptRecord): string | null {
  if (record.outcome.outcome === "delivered") return null;
  const { error } = record.result;
  const reason = record.outcome.reason;
  return (error && !reason.includes(error.message) ? `${reason} (${error.message})` : reason).slice(0, 1000);
}

/** Records the attempt; returns true when it disabled the subscription. */
export async function applyAttemptOutcome(
  tx: Db,
  deps: Pick<WebhookWorkerDeps, "disableAfterMs">,
  a: AttemptOutcomeInput,
): Promise<boolean> {
  const { outcome } = a.record.outcome;
  const common = {
    attempts: a.attempt,
    lastStatusCode: a.record.result.status ?? null,
    lastError: errorText(a.record),
    responseExcerpt: a.record.result.bodyExcerpt.slice(0, RESPONSE_EXCERPT_CHARS) || null,
    lastDurationMs: a.record.result.durationMs,
  };
  const settled =
    outcome === "delivered"
      ? { status: "delivered" as const, deliveredAt: new Date(a.nowMs) }
      : outcome === "retry"
        ? { nextAttemptAt: new Date(a.record.outcome.retryAtMs ?? a.nowMs) }
        : { status: "failed" as const };
  await tx
    .update(webhookDeliveries)
    .set({ ...common, ...settled })
    .where(
      and(
        eq(webhookDeliveries.webhookId, a.webhook.id),
        inArray(webhookDeliveries.eventId, a.eventIds),
        eq(webhookDeliveries.status, "pending"),
        a.guard,
      ),
    );

  if (outcome === "delivered") {
    // A subscription that was not failing is not written to at all: the filter matches no row.
    await tx
      .update(webhooks)
      .set({ failingSince: null })
      .where(and(eq(webhooks.id, a.webhook.id), isNotNull(webhooks.failingSince)));
    return false;
  }
  if (outcome === "disable") return disableWebhook(tx, a.webhook, a.record.outcome.reason);
  const now = new Date(a.nowMs);
  const [row] = await tx
    .update(webhooks)
    .set({ failingSince: sql`coalesce(${webhooks.failingSince}, ${now.toISOString()}::timestamptz)` })
    .where(and(eq(webhooks.id, a.webhook.id), eq(webhooks.enabled, true)))
    .returning({ failingSince: webhooks.failingSince });
  const since = row?.failingSince?.getTime() ?? null;
  if (
    !shouldDisableSubscription({ failingSinceMs: since, nowMs: a.nowMs, disableAfterMs: deps.disableAfterMs })
  )
    return false;
  const hours = Math.round(((a.nowMs - (since ?? a.nowMs)) / 3600_000) * 10) / 10;
  return disableWebhook(
    tx,
    a.webhook,
    `every delivery failed since ${new Date(since ?? a.nowMs).toISOString()} (${hours} h); last: ${a.record.outcome.reason}`,
  );
}
