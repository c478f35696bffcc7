/**
 * Loads the events a chat endpoint has not seen yet, in the order they happened, with what a
 * person wants to read: cluster names, the rollout a run belongs to, and the rollout's summary.
 */
import { and, asc, eq, inArray, notInArray } from "drizzle-orm";
import type { Db } from "../../src/db/client.ts";
import { clusters, events, runs, webhookDeliveries } from "../../src/db/schema/index.ts";
import { UUID_PATTERN } from "../../src/ids.ts";
import type { RolloutSummary } from "../../src/notify/event.ts";
import { eventRolloutId, toMeshEvent } from "../../src/services/webhooks-event.ts";
import { loadRolloutSummary } from "../../src/services/webhooks-rollout.ts";
import type { ChatInput } from "./chat-state.ts";

/** Events fed per run; the rest stay due and are fed by the next run. */
export const FEED_BATCH = 500;

const uuids = (values: (string | null | undefined)[]) =>
  [...new Set(values)].filter((v): v is string => typeof v === "string" && UUID_PATTERN.test(v));

/** The pending, not yet fed events of one chat subscription, oldest first, ready for the aggregator. */
export async function loadChatInputs(
  tx: Db,
  hook: { id: string; tenantId: string },
  alreadyFed: string[],
  publicUrl: string,
): Promise<ChatInput[]> {
  const rows = await tx
    .select({ event: events })
    .from(webhookDeliveries)
    .innerJoin(events, eq(events.id, webhookDeliveries.eventId))
    .where(
      and(
        eq(webhookDeliveries.webhookId, hook.id),
        eq(webhookDeliveries.status, "pending"),
        alreadyFed.length > 0 ? notInArray(webhookDeliveries.eventId, alreadyFed) : undefined,
      ),
    )
    .orderBy(asc(events.seq))
    .limit(FEED_BATCH);
  if (rows.length === 0) return [];
  const list = rows.map((r) => r.event);

  // Not every run event records its rollout (run.started does not): the run row knows.
  const runIds = uuids(
    list.filter((e) => e.type.startsWith("run.") && !eventRolloutId(e)).map((e) => e.subjectId),
  );
  const runRollouts = new Map<string, string>();
  if (runIds.length > 0) {
    const found = await tx
      .select({ id: runs.id, rolloutId: runs.rolloutId })
      .from(runs)
      .where(and(eq(runs.tenantId, hook.tenantId), inArray(runs.id, runIds)));
    for (const r of found) if (r.rolloutId) runRollouts.set(r.id, r.rolloutId);
  }
  const clusterIds = uuids(list.map((e) => e.clusterId));
  const names = new Map<string, string>();
  if (clusterIds.length > 0) {
    const found = await tx
      .select({ id: clusters.id, name: clusters.name })
      .from(clusters)
      .where(and(eq(clusters.tenantId, hook.tenantId), inArray(clusters.id, clusterIds)));
    for (const c of found) names.set(c.id, c.name);
  }

  const summaries = new Map<string, RolloutSummary | undefined>();
  const inputs: ChatInput[] = [];
  for (const e of list) {
    const rolloutId = eventRolloutId(e) ?? (e.subjectId ? runRollouts.get(e.subjectId) : undefined);
    const clusterName =
      (e.clusterId ? names.get(e.clusterId) : undefined) ??
      (typeof e.data.name === "string" && e.type.startsWith("cluster.") ? e.data.name : undefined);
    const event = toMeshEvent(e, {
      ...(rolloutId ? { rolloutId } : {}),
      ...(clusterName ? { clusterName } : {}),
    });
    if (rolloutId && !summaries.has(rolloutId)) {
      summaries.set(rolloutId, await loadRolloutSummary(tx, hook.tenantId, rolloutId, publicUrl));
    }
    const rollout = rolloutId ? summaries.get(rolloutId) : undefined;
    inputs.push({ event, ...(rollout ? { rollout } : {}) });
  }
  return inputs;
}
