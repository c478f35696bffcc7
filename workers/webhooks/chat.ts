/**
 * One run of a chat endpoint (`slack`, `teams`, `discord`, `googlechat`): feed the events it
 * has not seen to its aggregator, send the message that is due (at most one per run), and
 * schedule the next run through the deliveries' `next_attempt_at`.
 *
 * Two short transactions around the send, none during it: a slow receiver must not hold a
 * database connection, nor the subscription row that every event's fan-out checks. The first
 * claims the due message with a lease (so no other worker sends it meanwhile); the second
 * records the result if the claim still stands. A worker dying mid-send leaves the lease to
 * run out, and the message goes again (at least once).
 */
import { and, eq, inArray, notInArray } from "drizzle-orm";
import type { Db } from "../../src/db/client.ts";
import { webhookDeliveries, webhooks } from "../../src/db/schema/index.ts";
import { attemptDelivery } from "../../src/notify/attempt.ts";
import type { ChatMessage } from "../../src/notify/message.ts";
import { isChatFormat } from "../../src/notify/message.ts";
import { cancelPendingDeliveries, type WebhookRow } from "../../src/services/webhooks.ts";
import { FEED_BATCH, loadChatInputs } from "./chat-inputs.ts";
import {
  type ChatState,
  fedEventIds,
  feedChat,
  nextWakeMs,
  parseChatState,
  settleInflight,
} from "./chat-state.ts";
import type { WebhookWorkerDeps } from "./deps.ts";
import { applyAttemptOutcome } from "./outcome.ts";

/** Another worker holds the endpoint; the job is retried by BullMQ after a short backoff. */
export class WebhookBusyError extends Error {
  constructor(webhookId: string) {
    super(`webhook ${webhookId} is being processed by another worker`);
    this.name = "WebhookBusyError";
  }
}

const pendingOf = (webhookId: string) =>
  and(eq(webhookDeliveries.webhookId, webhookId), eq(webhookDeliveries.status, "pending"));

/**
 * Locks the subscription row. `no key update` is the weakest lock that serialises runs: unlike
 * `for update` it does not block the foreign-key checks of deliveries being inserted.
 */
async function lockWebhook(tx: Db, webhookId: string, skipLocked: boolean): Promise<WebhookRow | undefined> {
  const [row] = await tx
    .select()
    .from(webhooks)
    .where(eq(webhooks.id, webhookId))
    .for("no key update", skipLocked ? { skipLocked: true } : {});
  return row;
}

/** Stores the state and moves every event it holds to the time the endpoint needs a run again. */
async function persist(
  tx: Db,
  deps: WebhookWorkerDeps,
  webhookId: string,
  state: ChatState,
  nowMs: number,
  moreWaiting: boolean,
): Promise<void> {
  const wake = nextWakeMs(state, nowMs, deps.aggregator);
  const waiting = fedEventIds(state);
  if (wake !== undefined && waiting.length > 0) {
    await tx
      .update(webhookDeliveries)
      .set({ nextAttemptAt: new Date(wake) })
      .where(and(pendingOf(webhookId), inArray(webhookDeliveries.eventId, waiting)));
  }
  if (moreWaiting) {
    // More was waiting than one run feeds: the rest is due again at once, not after the lease.
    await tx
      .update(webhookDeliveries)
      .set({ nextAttemptAt: new Date(nowMs) })
      .where(and(pendingOf(webhookId), notInArray(webhookDeliveries.eventId, waiting)));
  }
  await tx.update(webhooks).set({ aggregatorState: state }).where(eq(webhooks.id, webhookId));
}

type Prepared = { done: string } | { webhook: WebhookRow; send?: { message: ChatMessage; attempt: number } };

/** First transaction: feed what is new, and claim the message that is due, if any. */
async function prepare(deps: WebhookWorkerDeps, webhookId: string, nowMs: number): Promise<Prepared> {
  return deps.db.transaction(async (tx) => {
    const webhook = await lockWebhook(tx, webhookId, true);
    if (!webhook) {
      const [exists] = await tx.select({ id: webhooks.id }).from(webhooks).where(eq(webhooks.id, webhookId));
      if (exists) throw new WebhookBusyError(webhookId);
      return { done: "subscription deleted" };
    }
    if (!webhook.enabled) {
      await cancelPendingDeliveries(tx, webhookId);
      return { done: "subscription disabled" };
    }
    if (!isChatFormat(webhook.format)) {
      // The format changed to a machine one: every queued event goes out on its own.
      await tx
        .update(webhookDeliveries)
        .set({ nextAttemptAt: new Date(nowMs) })
        .where(pendingOf(webhookId));
      await tx.update(webhooks).set({ aggregatorState: null }).where(eq(webhooks.id, webhookId));
      return { done: "handed to the machine path" };
    }
    const before = parseChatState(webhook.aggregatorState);
    const inputs = await loadChatInputs(tx, webhook, fedEventIds(before), deps.publicUrl);
    const { state, absorbed } = feedChat(before, inputs, nowMs, deps.aggregator);
    if (absorbed.length > 0) {
      await tx
        .update(webhookDeliveries)
        .set({ status: "absorbed" })
        .where(and(pendingOf(webhookId), inArray(webhookDeliveries.eventId, absorbed)));
    }
    let send: { message: ChatMessage; attempt: number } | undefined;
    if (state.inflight && state.inflight.nextAttemptAtMs <= nowMs) {
      send = { message: state.inflight.message, attempt: state.inflight.attempts + 1 };
      state.inflight = { ...state.inflight, nextAttemptAtMs: nowMs + deps.leaseMs };
    }
    await persist(tx, deps, webhookId, state, nowMs, inputs.length === FEED_BATCH);
    return { webhook, ...(send ? { send } : {}) };
  });
}

/** Runs one chat endpoint once; returns what happened. */
export async function processChat(deps: WebhookWorkerDeps, webhookId: string): Promise<string> {
  const sentAtMs = deps.clock();
  const prepared = await prepare(deps, webhookId, sentAtMs);
  if ("done" in prepared) return prepared.done;
  const { webhook, send } = prepared;
  if (!send) return "nothing due";

  const record = await attemptDelivery(deps.send, {
    subscription: { url: webhook.url, format: webhook.format, secrets: [] },
    input: send.message,
    attempt: send.attempt,
    nowMs: sentAtMs,
    timeoutMs: deps.timeoutMs,
    ...(deps.random ? { random: deps.random } : {}),
  });
  deps.logger.info(
    {
      webhookId,
      messageId: record.webhookId,
      events: send.message.eventIds.length,
      attempt: send.attempt,
      status: record.result.status,
      outcome: record.outcome.outcome,
      ms: record.result.durationMs,
    },
    "chat webhook attempt",
  );

  return deps.db.transaction(async (tx) => {
    const current = await lockWebhook(tx, webhookId, false);
    if (!current?.enabled) return "subscription disabled or deleted meanwhile";
    const state = parseChatState(current.aggregatorState);
    const inflight = state.inflight;
    if (inflight?.message.id !== send.message.id || inflight.attempts !== send.attempt - 1) {
      return "claim lost: another run took the message over";
    }
    const disabled = await applyAttemptOutcome(tx, deps, {
      webhook: current,
      eventIds: send.message.eventIds,
      attempt: send.attempt,
      record,
      nowMs: sentAtMs,
    });
    if (disabled) return "subscription disabled";
    const { outcome } = record;
    const next =
      outcome.outcome === "retry"
        ? {
            ...state,
            inflight: { ...inflight, attempts: send.attempt, nextAttemptAtMs: outcome.retryAtMs ?? sentAtMs },
          }
        : settleInflight(state, sentAtMs);
    await persist(tx, deps, webhookId, next, deps.clock(), false);
    return outcome.outcome;
  });
}
