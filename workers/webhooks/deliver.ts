/**
 * One attempt of one machine-format delivery (`standard`, `cloudevents`): claim, sign, send,
 * record. The claim (attempts n-1 → n on a pending row) makes a duplicate job a no-op, so
 * BullMQ redelivering a job, or the dispatcher re-dispatching after a lost one, never sends the
 * same attempt twice.
 */
import { and, eq, sql } from "drizzle-orm";
import { events, webhookDeliveries, webhooks } from "../../src/db/schema/index.ts";
import { attemptDelivery } from "../../src/notify/attempt.ts";
import { isChatFormat } from "../../src/notify/message.ts";
import { cancelPendingDeliveries } from "../../src/services/webhooks.ts";
import { toMeshEvent } from "../../src/services/webhooks-event.ts";
import { signingSecrets } from "../../src/services/webhooks-secrets.ts";
import type { WebhookWorkerDeps } from "./deps.ts";
import { type AttemptOutcomeInput, applyAttemptOutcome } from "./outcome.ts";

/** Payload of the `webhook-deliver` job. */
export interface DeliverJob {
  deliveryId: string;
  attempt: number;
}

/** Runs one attempt; returns what happened, for the job's return value and the logs. */
export async function processDelivery(deps: WebhookWorkerDeps, job: DeliverJob): Promise<string> {
  const { db } = deps;
  const nowMs = deps.clock();
  // Claim, and read the subscription and the event, in one round trip.
  const [claimed] = await db
    .update(webhookDeliveries)
    .set({ attempts: job.attempt, nextAttemptAt: new Date(nowMs + deps.leaseMs) })
    .from(webhooks)
    .innerJoin(events, sql`true`)
    .where(
      and(
        eq(webhookDeliveries.id, job.deliveryId),
        eq(webhookDeliveries.status, "pending"),
        eq(webhookDeliveries.attempts, job.attempt - 1),
        eq(webhooks.id, webhookDeliveries.webhookId),
        eq(events.id, webhookDeliveries.eventId),
      ),
    )
    .returning({ delivery: webhookDeliveries, webhook: webhooks, event: events });
  if (!claimed) return "stale: already attempted, settled or gone";
  const { delivery, webhook, event } = claimed;
  if (!webhook.enabled) {
    await cancelPendingDeliveries(db, webhook.id);
    return "subscription disabled";
  }
  if (isChatFormat(webhook.format)) {
    // The format changed after dispatch: give the row back, uncounted, to the chat path.
    await db
      .update(webhookDeliveries)
      .set({ attempts: job.attempt - 1, nextAttemptAt: new Date(nowMs) })
      .where(eq(webhookDeliveries.id, delivery.id));
    return "handed to the chat path";
  }
  const record = await attemptDelivery(deps.send, {
    subscription: {
      url: webhook.url,
      format: webhook.format,
      secrets: await signingSecrets(deps.keyRing, webhook, nowMs),
    },
    input: { kind: "event", event: toMeshEvent(event) },
    attempt: job.attempt,
    nowMs,
    timeoutMs: deps.timeoutMs,
    ...(deps.random ? { random: deps.random } : {}),
  });
  const outcome: AttemptOutcomeInput = {
    webhook,
    eventIds: [event.id],
    attempt: job.attempt,
    record,
    nowMs,
    guard: eq(webhookDeliveries.attempts, job.attempt),
  };
  // A success changes the row and at most clears `failing_since`: no transaction needed.
  const disabled =
    record.outcome.outcome === "delivered"
      ? await applyAttemptOutcome(db, deps, outcome)
      : await db.transaction((tx) => applyAttemptOutcome(tx, deps, outcome));
  deps.logger.info(
    {
      webhookId: webhook.id,
      deliveryId: delivery.id,
      eventType: event.type,
      attempt: job.attempt,
      status: record.result.status,
      outcome: record.outcome.outcome,
      ms: record.result.durationMs,
      ...(disabled ? { disabled } : {}),
    },
    "webhook attempt",
  );
  return record.outcome.outcome;
}
