import { setTimeout as sleep } from "node:timers/promises";
import type { K8sClient } from "./client.ts";
import { mapLimit, runsBy } from "./concurrency.ts";
import { EngineError } from "./errors.ts";
import { describeEntry, entryLocation, groupByCollection, type InventoryEntry } from "./inventory.ts";
import { CREATED_NAMESPACE_ANNOTATION } from "./marker.ts";
import type { DeletionPlan } from "./prune-plan.ts";
import { listNamed } from "./read.ts";
import { objectPath } from "./resource-path.ts";

export interface DeleteOptions {
  /** Deadline for each phase to be gone. Default 120 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface DeleteReport {
  deleted: string[];
  kept: { object: string; reason: string }[];
}

/** Namespaces are deleted only when the live object still says meshfleet created it. */
async function stillOurs(client: K8sClient, entry: InventoryEntry): Promise<boolean> {
  if (entry.kind !== "Namespace") return true;
  const res = await client.request<{ metadata?: { annotations?: Record<string, string> } }>({
    method: "GET",
    path: objectPath(entryLocation(entry), entry.name),
    allowStatus: [404],
    what: `read ${describeEntry(entry)}`,
  });
  return res.status === 200 && res.body.metadata?.annotations?.[CREATED_NAMESPACE_ANNOTATION] === "true";
}

async function deleteOne(client: K8sClient, entry: InventoryEntry): Promise<void> {
  await client.request({
    method: "DELETE",
    path: objectPath(entryLocation(entry), entry.name),
    body: { apiVersion: "v1", kind: "DeleteOptions", propagationPolicy: "Background" },
    allowStatus: [404],
    what: `delete ${describeEntry(entry)}`,
  });
}

/** Polls (one LIST per collection, with backoff) until none of the entries exists with its recorded uid. */
async function waitGone(client: K8sClient, entries: readonly InventoryEntry[], options: DeleteOptions) {
  const deadline = performance.now() + (options.timeoutMs ?? 120_000);
  let delay = 200;
  let remaining: InventoryEntry[] = [...entries];
  while (remaining.length > 0) {
    const items = remaining.map((entry) => ({ entry, location: entryLocation(entry) }));
    const left: InventoryEntry[] = [];
    for (const group of groupByCollection(items).values()) {
      const live = await listNamed(
        client,
        group[0]!.location,
        group.map((g) => g.entry.name),
      );
      for (const { entry } of group) if (live.get(entry.name)?.metadata.uid === entry.uid) left.push(entry);
    }
    remaining = left;
    if (remaining.length === 0) return;
    const wait = deadline - performance.now();
    if (wait <= 0) {
      const details = remaining.map((e) => `${describeEntry(e)}: still present`);
      throw new EngineError("WaitTimeout", `deletion not finished: ${details.join("; ")}`, { details });
    }
    await sleep(Math.min(delay, wait), undefined, options.signal ? { signal: options.signal } : undefined);
    delay = Math.min(delay * 1.6, 2000);
  }
}

/**
 * Carries out a deletion plan phase by phase (reverse install order), waiting for each phase
 * to be gone before the next, so CRDs outlive their custom resources and namespaces go last.
 */
export async function executeDeletion(
  client: K8sClient,
  plan: DeletionPlan,
  options: DeleteOptions = {},
): Promise<DeleteReport> {
  const report: DeleteReport = { deleted: [], kept: [...plan.kept] };
  for (const phase of plan.phases) {
    const targets: InventoryEntry[] = [];
    for (const run of runsBy(phase, (e) => e.kind)) {
      options.signal?.throwIfAborted();
      await mapLimit(run, 8, async (entry) => {
        if (!(await stillOurs(client, entry))) {
          report.kept.push({
            object: describeEntry(entry),
            reason: "namespace was not created by meshfleet",
          });
          return;
        }
        await deleteOne(client, entry);
        targets.push(entry);
        report.deleted.push(describeEntry(entry));
      });
    }
    await waitGone(client, targets, options);
    if (phase.some((e) => e.kind === "CustomResourceDefinition")) client.discovery.invalidate();
  }
  return report;
}
