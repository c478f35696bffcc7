import { createHash } from "node:crypto";
import { canonicalJson } from "../domain/releases/digest.ts";

/**
 * The server's values at exactly the paths the applied object sets: server defaults,
 * controller-added annotations and status fall away, while the server's own normalisation
 * (`2048Mi` stored as `2Gi`) is kept, so two projections from the same server compare fairly.
 * Lists are aligned by index: the API server keeps the order of applied lists.
 */
export function project(desired: unknown, live: unknown): unknown {
  if (Array.isArray(desired)) {
    if (!Array.isArray(live)) return live;
    return desired.map((item, i) => project(item, live[i]));
  }
  if (desired !== null && typeof desired === "object") {
    if (live === null || typeof live !== "object" || Array.isArray(live)) return live;
    const out: Record<string, unknown> = {};
    const liveRecord = live as Record<string, unknown>;
    for (const key of Object.keys(desired))
      out[key] = project((desired as Record<string, unknown>)[key], liveRecord[key]);
    return out;
  }
  return live;
}

/** Metadata fields that identify an object or belong to the server, not to the applied content. */
const IGNORED_METADATA = ["name", "namespace", "resourceVersion", "uid", "generation", "managedFields"];

/** Projection without identity fields or status: what "content meshfleet manages" means. */
export function managedContent(desired: Record<string, unknown>, live: unknown): unknown {
  // LIST items carry no apiVersion/kind, and both are identity rather than content anyway.
  const { status: _status, apiVersion: _apiVersion, kind: _kind, ...rest } = desired;
  const metadata = { ...(rest.metadata as Record<string, unknown> | undefined) };
  for (const key of IGNORED_METADATA) delete metadata[key];
  return project({ ...rest, metadata }, live);
}

/** Short hash of the managed content, stored in the inventory to spot changes cheaply. */
export function contentHash(desired: Record<string, unknown>, live: unknown): string {
  return createHash("sha256")
    .update(canonicalJson(managedContent(desired, live)))
    .digest("base64url")
    .slice(0, 22);
}
