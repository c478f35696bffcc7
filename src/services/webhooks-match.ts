/**
 * Which subscriptions an event reaches: event-type globs and the optional cluster selector.
 * Pure and runtime-neutral (the API on Workers runs it inside `recordEvent` too).
 */
import { matchesSelector } from "../domain/selector/match.ts";
import { parseSelector, type Requirement } from "../domain/selector/parse.ts";

/** An event filter: dotted segments of `a-z 0-9 _`, where `*` stands for any run of characters, dots included. */
export const EVENT_FILTER_PATTERN = /^[a-z0-9_*]+(\.[a-z0-9_*]+)*$/;

// Subscriptions are few per tenant and their filters rarely change: compile each text once.
const CACHE_LIMIT = 2000;
const globCache = new Map<string, RegExp>();
const selectorCache = new Map<string, Requirement[]>();

function remember<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, value);
  }
  return value;
}

function globRegExp(glob: string): RegExp {
  return remember(globCache, glob, () => {
    const body = glob
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*");
    return new RegExp(`^${body}$`);
  });
}

/** True when `type` matches any of the filters: `rollout.*` matches `rollout.wave.completed`, `*` matches all. */
export function eventTypeMatches(filters: readonly string[], type: string): boolean {
  return filters.some((glob) => globRegExp(glob).test(type));
}

/**
 * True when a subscription's selector admits the event's cluster labels. No selector admits
 * everything; so does an event about no cluster (rollouts, webhooks), since there is nothing
 * to select on.
 */
export function selectorAdmits(
  selector: string | null,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  if (selector === null || selector.trim() === "" || labels === undefined) return true;
  let requirements: Requirement[];
  try {
    requirements = remember(selectorCache, selector, () => parseSelector(selector));
  } catch {
    // Validated on write; should a stored one ever stop parsing, it must not fail the event's
    // transaction (that would block the state change itself), so it admits nothing.
    return false;
  }
  return matchesSelector(requirements, labels);
}
