import type { K8sObject } from "../domain/manifests/types.ts";
import { appliedBody } from "./apply.ts";
import type { K8sClient } from "./client.ts";
import { mapLimit } from "./concurrency.ts";
import { capFields, type DriftItem, diffProjections } from "./drift.ts";
import {
  describeEntry,
  entryLocation,
  groupByCollection,
  type InventoryEntry,
  identityKey,
  objectKey,
} from "./inventory.ts";
import { FIELD_MANAGER } from "./marker.ts";
import { contentHash, managedContent } from "./projection.ts";
import { type LiveObject, listNamed } from "./read.ts";
import { objectPath, type ResourceLocation } from "./resource-path.ts";

export interface ObserveInput {
  /** The release's objects, as applied (phase order does not matter). */
  objects: readonly K8sObject[];
  /** The inventory stored after the last apply. */
  inventory: readonly InventoryEntry[];
}

export interface DriftReport {
  drifted: boolean;
  items: DriftItem[];
  /** Objects read back. */
  checked: number;
  /** Objects whose content hash moved, so a dry-run apply was needed to name the fields. */
  dryRuns: number;
}

interface Target {
  name: string;
  describe: string;
  location: ResourceLocation;
  object?: K8sObject;
  entry?: InventoryEntry;
}

function sameVersion(entry: InventoryEntry, object: K8sObject): boolean {
  return (entry.group ? `${entry.group}/${entry.version}` : entry.version) === object.apiVersion;
}

async function targetsFor(client: K8sClient, input: ObserveInput): Promise<Target[]> {
  const entries = new Map(input.inventory.map((e) => [identityKey(e), e]));
  const targets: Target[] = [];
  for (const object of input.objects) {
    const key = objectKey(object);
    const entry = entries.get(key);
    entries.delete(key);
    if (entry && sameVersion(entry, object)) {
      targets.push({
        name: entry.name,
        describe: describeEntry(entry),
        location: entryLocation(entry),
        object,
        entry,
      });
      continue;
    }
    const info = await client.discovery.resolve(object.apiVersion, object.kind);
    const { namespace, name } = appliedBody(object, info);
    const location = { group: info.group, version: info.version, resource: info.resource, namespace };
    targets.push({ name: object.metadata.name, describe: name, location, object });
  }
  for (const entry of entries.values()) {
    targets.push({ name: entry.name, describe: describeEntry(entry), location: entryLocation(entry), entry });
  }
  return targets;
}

/** A labelled LIST misses an object whose managed label was removed: confirm absence by name. */
async function getByName(client: K8sClient, t: Target): Promise<LiveObject | undefined> {
  const res = await client.request<LiveObject>({
    method: "GET",
    path: objectPath(t.location, t.name),
    allowStatus: [404],
    what: `read ${t.describe}`,
  });
  return res.status === 404 ? undefined : res.body;
}

/** What applying now would produce, without writing: the server normalises it exactly like live. */
async function dryRunApply(client: K8sClient, t: Target, body: K8sObject): Promise<LiveObject> {
  const res = await client.request<LiveObject>({
    method: "PATCH",
    path: objectPath(t.location, t.name),
    query: { fieldManager: FIELD_MANAGER, force: "true", dryRun: "All" },
    body,
    contentType: "application/apply-patch+yaml",
    what: `dry-run apply ${t.describe}`,
  });
  return res.body;
}

/**
 * Reads back an inventory and reports drift: objects gone, and fields meshfleet applies whose
 * live value differs. Reads are one LIST per collection; an object whose managed content still
 * hashes to the inventory's value is clean without further requests, and only the others get
 * a server-side dry-run apply, so defaults and normalised quantities never show as drift.
 */
export async function observe(client: K8sClient, input: ObserveInput): Promise<DriftReport> {
  const targets = await targetsFor(client, input);
  const live = new Map<Target, LiveObject | undefined>();
  for (const group of groupByCollection(targets).values()) {
    const found = await listNamed(
      client,
      group[0]!.location,
      group.map((t) => t.name),
    );
    for (const t of group) live.set(t, found.get(t.name));
  }
  let dryRuns = 0;
  const items = await mapLimit(targets, 8, async (t): Promise<DriftItem | undefined> => {
    const current = live.get(t) ?? (await getByName(client, t));
    if (!current) return { object: t.describe, kind: "missing" };
    if (!t.object) return undefined;
    const info = { ...t.location, kind: t.object.kind, namespaced: t.location.namespace !== undefined };
    const { body } = appliedBody(t.object, info);
    if (t.entry && contentHash(body, current) === t.entry.contentHash) return undefined;
    dryRuns += 1;
    const expected = await dryRunApply(client, t, body);
    const fields = diffProjections(managedContent(body, expected), managedContent(body, current));
    return fields.length === 0
      ? undefined
      : { object: t.describe, kind: "changed", fields: capFields(fields) };
  });
  const drift = items.filter((i): i is DriftItem => i !== undefined);
  return { drifted: drift.length > 0, items: drift, checked: targets.length, dryRuns };
}
