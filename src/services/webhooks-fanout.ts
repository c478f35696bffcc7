/**
 * Event → delivery rows, inside the event's own transaction (called by `recordEvent`), so a
 * delivery exists exactly when its event does. The worker side picks the rows up from there.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { clusters, webhookDeliveries, webhooks } from "../db/schema/index.ts";
import { newId } from "../ids.ts";
import { eventTypeMatches, selectorAdmits } from "./webhooks-match.ts";

/** NOTIFY channel that wakes the delivery dispatcher at commit. */
export const WEBHOOKS_CHANNEL = "meshfleet_webhooks";

/** The test event of `POST /v1/webhooks/{id}/test`: it goes to that subscription only. */
export const PING_EVENT = "webhook.ping";

/** What the fan-out needs of a just-inserted event. */
export interface FanOutEvent {
  id: string;
  tenantId: string;
  type: string;
  clusterId: string | null;
  subjectId: string | null;
  data: Record<string, unknown>;
}

interface Candidate {
  id: string;
  events: string[];
  selector: string | null;
}

function stringMap(value: unknown): Record<string, string> | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  return entries.every(([, v]) => typeof v === "string") ? (value as Record<string, string>) : undefined;
}

/**
 * The labels the selectors are matched against: the cluster row's, or for an event about a
 * cluster that is already gone, the labels the event itself recorded (else none).
 */
async function clusterLabels(tx: Db, event: FanOutEvent): Promise<Record<string, string> | undefined> {
  if (event.clusterId === null) return undefined;
  const [row] = await tx
    .select({ labels: clusters.labels })
    .from(clusters)
    .where(and(eq(clusters.id, event.clusterId), eq(clusters.tenantId, event.tenantId)))
    .limit(1);
  return row?.labels ?? stringMap(event.data.labels) ?? {};
}

async function targets(tx: Db, event: FanOutEvent, candidates: Candidate[]): Promise<string[]> {
  if (event.type === PING_EVENT) return candidates.filter((c) => c.id === event.subjectId).map((c) => c.id);
  const byType = candidates.filter((c) => eventTypeMatches(c.events, event.type));
  if (byType.length === 0) return [];
  const labels = byType.some((c) => c.selector !== null) ? await clusterLabels(tx, event) : undefined;
  return byType.filter((c) => selectorAdmits(c.selector, labels)).map((c) => c.id);
}

/**
 * Writes one pending delivery per enabled subscription of the tenant that the event matches.
 * One indexed read when the tenant has no subscription; returns how many rows were written.
 */
export async function fanOutToWebhooks(tx: Db, event: FanOutEvent): Promise<number> {
  const candidates = await tx
    .select({ id: webhooks.id, events: webhooks.events, selector: webhooks.selector })
    .from(webhooks)
    .where(and(eq(webhooks.tenantId, event.tenantId), eq(webhooks.enabled, true)));
  if (candidates.length === 0) return 0;
  const ids = await targets(tx, event, candidates);
  if (ids.length === 0) return 0;
  await tx
    .insert(webhookDeliveries)
    .values(
      ids.map((webhookId) => ({
        id: newId(),
        tenantId: event.tenantId,
        webhookId,
        eventId: event.id,
        eventType: event.type,
      })),
    )
    .onConflictDoNothing();
  await tx.execute(sql`select pg_notify(${WEBHOOKS_CHANNEL}, '')`);
  return ids.length;
}
