import type { Requirement } from "./types.ts";

/**
 * Whether a label map satisfies every requirement. As in Kubernetes, `!=` and `notin` also
 * match objects that lack the label.
 */
export function matchesSelector(
  requirements: readonly Requirement[],
  labels: Readonly<Record<string, string>>,
): boolean {
  return requirements.every((r) => matches(r, labels));
}

function matches({ key, op, values }: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.hasOwn(labels, key);
  const value = has ? labels[key] : undefined;
  switch (op) {
    case "exists":
      return has;
    case "!exists":
      return !has;
    case "=":
    case "in":
      return value !== undefined && values.includes(value);
    case "!=":
    case "notin":
      return value === undefined || !values.includes(value);
  }
}
