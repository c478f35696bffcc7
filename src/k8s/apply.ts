import type { K8sObject } from "../domain/manifests/types.ts";
import type { K8sClient } from "./client.ts";
import { mapLimit, runsBy } from "./concurrency.ts";
import type { ResourceInfo } from "./discovery.ts";
import { EngineError } from "./errors.ts";
import { type InventoryEntry, identityKey, objectKey } from "./inventory.ts";
import {
  CREATED_NAMESPACE_ANNOTATION,
  FIELD_MANAGER,
  MARKER_FIELD_MANAGER,
  withManagedLabel,
} from "./marker.ts";
import { contentHash } from "./projection.ts";
import type { LiveObject } from "./read.ts";
import { describeObject, objectPath } from "./resource-path.ts";

export interface ApplyOptions {
  /** The inventory of the last successful apply; used to tell changed objects from unchanged ones. */
  previous?: readonly InventoryEntry[];
  /** Objects of one kind applied in parallel. Default 8. */
  concurrency?: number;
}

/** What one apply did to one object. */
export interface ObjectChange {
  object: string;
  action: "created" | "configured" | "unchanged";
}

export interface ApplyResult {
  /** The exact set applied, for the caller to store (merge per-step results with mergeInventories). */
  inventory: InventoryEntry[];
  changes: ObjectChange[];
  /** False when every object was already as applied: a second apply of the same set. */
  changed: boolean;
}

/**
 * Server-side applies objects (field manager `meshfleet`, force) in the order given, objects
 * of one kind in parallel. `changed` compares each result's managed content with the previous
 * inventory, not resourceVersions: a 1.20 API server rewrites managedFields timestamps on
 * re-applies of non-canonical quantities (`2048Mi`), which is no change to the object.
 */
export async function applyObjects(
  client: K8sClient,
  objects: readonly K8sObject[],
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  const previous = new Map((options.previous ?? []).map((e) => [identityKey(e), e]));
  const inventory: InventoryEntry[] = [];
  const changes: ObjectChange[] = [];
  for (const run of runsBy(objects, (o) => o.kind)) {
    const results = await mapLimit(run, options.concurrency ?? 8, (o) =>
      applyOne(client, o, previous.get(objectKey(o))),
    );
    for (const { entry, change } of results) {
      inventory.push(entry);
      changes.push(change);
    }
  }
  return { inventory, changes, changed: changes.some((c) => c.action !== "unchanged") };
}

/**
 * The object exactly as meshfleet sends it: the managed label added, and a namespace only on
 * namespaced kinds. Observe builds the same body for its dry-run comparison.
 */
export function appliedBody(
  object: K8sObject,
  info: ResourceInfo,
): { body: K8sObject; namespace?: string; name: string } {
  const namespace = info.namespaced ? object.metadata.namespace : undefined;
  const name = describeObject(object.kind, namespace, object.metadata.name);
  if (info.namespaced && !namespace)
    throw new EngineError("Invalid", `${name}: namespaced object has no namespace`);
  const { namespace: _ignored, ...metadata } = object.metadata;
  const body = withManagedLabel({ ...object, metadata: namespace ? { ...metadata, namespace } : metadata });
  return { body, name, ...(namespace ? { namespace } : {}) };
}

async function applyOne(
  client: K8sClient,
  object: K8sObject,
  previous: InventoryEntry | undefined,
): Promise<{ entry: InventoryEntry; change: ObjectChange }> {
  const info = await client.discovery.resolve(object.apiVersion, object.kind);
  const { body, namespace, name } = appliedBody(object, info);
  const path = objectPath({ ...info, namespace }, object.metadata.name);
  const res = await client.request<LiveObject>({
    method: "PATCH",
    path,
    query: { fieldManager: FIELD_MANAGER, force: "true" },
    body,
    contentType: "application/apply-patch+yaml",
    what: `apply ${name}`,
  });
  let live = res.body;
  let createdNamespace = previous?.createdNamespace === true;
  if (object.kind === "Namespace") {
    createdNamespace ||= live.metadata.annotations?.[CREATED_NAMESPACE_ANNOTATION] === "true";
    if (res.status === 201 && !createdNamespace) {
      live = await markCreatedNamespace(client, path, name);
      createdNamespace = true;
    }
  }
  const hash = contentHash(body, live);
  const entry: InventoryEntry = {
    group: info.group,
    version: info.version,
    kind: info.kind,
    resource: info.resource,
    ...(namespace ? { namespace } : {}),
    name: object.metadata.name,
    uid: live.metadata.uid,
    resourceVersion: live.metadata.resourceVersion,
    ...(live.metadata.generation === undefined ? {} : { generation: live.metadata.generation }),
    contentHash: hash,
    ...(createdNamespace ? { createdNamespace } : {}),
  };
  const unchanged = previous !== undefined && previous.uid === entry.uid && previous.contentHash === hash;
  const action = res.status === 201 ? "created" : unchanged ? "unchanged" : "configured";
  return { entry, change: { object: name, action } };
}

/**
 * Annotates a namespace meshfleet just created, under a second field manager so that later
 * applies by `meshfleet` (which never send this annotation) do not remove it.
 */
async function markCreatedNamespace(client: K8sClient, path: string, name: string): Promise<LiveObject> {
  const res = await client.request<LiveObject>({
    method: "PATCH",
    path,
    query: { fieldManager: MARKER_FIELD_MANAGER },
    body: { metadata: { annotations: { [CREATED_NAMESPACE_ANNOTATION]: "true" } } },
    contentType: "application/merge-patch+json",
    what: `mark ${name} as created by meshfleet`,
  });
  return res.body;
}
