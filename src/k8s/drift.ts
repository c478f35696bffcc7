import { canonicalJson } from "../domain/releases/digest.ts";

/** One managed field whose live value differs from what meshfleet applies. */
export interface FieldChange {
  path: string;
  desired: unknown;
  live: unknown;
}

/** Drift on one object. */
export interface DriftItem {
  object: string;
  kind: "missing" | "changed";
  fields?: FieldChange[];
}

/** At most this many fields per object in a report: enough to act on, small enough to store. */
export const MAX_FIELDS_PER_OBJECT = 20;

function child(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  const safe = /^[A-Za-z_][\w-]*$/.test(key);
  if (!safe) return `${path}[${JSON.stringify(key)}]`;
  return path === "" ? key : `${path}.${key}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Leaf-level differences between two projections of the same applied object (what applying
 * would produce vs what is live), e.g. `spec.template.spec.containers[0].image`.
 */
export function diffProjections(desired: unknown, live: unknown, path = ""): FieldChange[] {
  if (isRecord(desired) && isRecord(live)) {
    const keys = new Set([...Object.keys(desired), ...Object.keys(live)]);
    return [...keys].flatMap((k) => diffProjections(desired[k], live[k], child(path, k)));
  }
  if (Array.isArray(desired) && Array.isArray(live) && desired.length === live.length) {
    return desired.flatMap((item, i) => diffProjections(item, live[i], child(path, i)));
  }
  if (canonicalJson(desired) === canonicalJson(live)) return [];
  return [{ path: path || "(object)", desired, live }];
}

/** Limits a field list for storage, noting how many were left out. */
export function capFields(fields: FieldChange[]): FieldChange[] {
  if (fields.length <= MAX_FIELDS_PER_OBJECT) return fields;
  const more = fields.length - MAX_FIELDS_PER_OBJECT + 1;
  return [
    ...fields.slice(0, MAX_FIELDS_PER_OBJECT - 1),
    { path: `(${more} more fields)`, desired: null, live: null },
  ];
}

/** One line per drifted object, for events and notifications. */
export function summarizeDrift(items: readonly DriftItem[]): string[] {
  return items.map((item) =>
    item.kind === "missing"
      ? `${item.object}: missing`
      : `${item.object}: ${(item.fields ?? []).map((f) => f.path).join(", ")} changed`,
  );
}
