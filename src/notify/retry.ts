/**
 * Delivery outcomes and the retry schedule, following Standard Webhooks. Pure: the clock and
 * the jitter source are parameters.
 */
import { parseRetryAfter, parseRetryAfterBody } from "./retry-after.ts";

/** Delay before attempt n+1 (index n): immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h. */
export const STANDARD_WEBHOOKS_SCHEDULE_MS: readonly number[] = [
  0,
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3600_000,
  5 * 3600_000,
  10 * 3600_000,
  14 * 3600_000,
  20 * 3600_000,
  24 * 3600_000,
];

/** Total attempts before a delivery is marked failed. */
export const MAX_ATTEMPTS = STANDARD_WEBHOOKS_SCHEDULE_MS.length;

/** A receiver asking for more than this is retried at this point instead (it still costs an attempt). */
export const RETRY_AFTER_CAP_MS = 6 * 3600_000;

/** The shortest wait a `Retry-After` hint can produce. */
export const RETRY_AFTER_FLOOR_MS = 1000;

/** ±10 %: spreads retries of a receiver that went down for everyone at once. */
const JITTER = 0.1;

/**
 * Delay before the next attempt after `attemptsMade` attempts (1-based), jittered; null once
 * the schedule is exhausted.
 */
export function nextRetryDelayMs(attemptsMade: number, random: () => number = Math.random): number | null {
  const base = STANDARD_WEBHOOKS_SCHEDULE_MS[attemptsMade];
  if (base === undefined || attemptsMade < 1) return null;
  return Math.round(base * (1 - JITTER + 2 * JITTER * random()));
}

/** Why an attempt produced no HTTP status. `blocked` is the SSRF guard refusing the address. */
export type SendErrorCode = "timeout" | "connect" | "blocked" | "tls" | "aborted" | "other";

/** The observable result of one attempt, as the sender reports it. */
export interface AttemptResult {
  status?: number;
  headers: Record<string, string>;
  bodyExcerpt?: string;
  error?: { code: SendErrorCode; message: string };
}

/** What to do with a delivery after one attempt. */
export interface DeliveryOutcome {
  outcome: "delivered" | "retry" | "disable" | "failed";
  retryAtMs?: number;
  reason: string;
}

/** Input of `classifyResponse`: the attempt's result, when it happened and how many attempts were made. */
export interface ClassifyInput extends AttemptResult {
  nowMs: number;
  /** Attempts made so far, this one included (1 for the first). */
  attempt: number;
  random?: () => number;
  retryAfterCapMs?: number;
}

function retryOrFail(reason: string, input: ClassifyInput, hintMs: number | null): DeliveryOutcome {
  const scheduled = nextRetryDelayMs(input.attempt, input.random);
  if (scheduled === null) return { outcome: "failed", reason: `${reason}; retry schedule exhausted` };
  // A `Retry-After: 0` must not turn into a tight loop that burns the remaining attempts.
  const delay =
    hintMs === null
      ? scheduled
      : Math.min(Math.max(hintMs, RETRY_AFTER_FLOOR_MS), input.retryAfterCapMs ?? RETRY_AFTER_CAP_MS);
  return { outcome: "retry", retryAtMs: input.nowMs + delay, reason };
}

/**
 * Classifies one attempt. Only 2xx is delivered; 410 disables the subscription; a redirect
 * is a failure (we never follow it); 429 and 503 retry when `Retry-After` says; everything
 * else, timeouts and connection errors included, retries on the schedule until it runs out.
 */
export function classifyResponse(input: ClassifyInput): DeliveryOutcome {
  const { status, error } = input;
  if (status === undefined) {
    const what = error ? `${error.code}: ${error.message}` : "no response";
    return retryOrFail(what, input, null);
  }
  if (status >= 200 && status < 300) return { outcome: "delivered", reason: `HTTP ${status}` };
  if (status === 410) return { outcome: "disable", reason: "HTTP 410 Gone: the receiver asked to stop" };
  if (status >= 300 && status < 400) {
    const to = input.headers.location ? ` to ${input.headers.location}` : "";
    return retryOrFail(`HTTP ${status} redirect${to} not followed`, input, null);
  }
  if (status === 429 || status === 503) {
    const hint =
      parseRetryAfter(input.headers["retry-after"], input.nowMs) ?? parseRetryAfterBody(input.bodyExcerpt);
    return retryOrFail(`HTTP ${status}${hint !== null ? ` (retry after ${hint} ms)` : ""}`, input, hint);
  }
  return retryOrFail(`HTTP ${status}`, input, null);
}

/**
 * Start of the current run of failures after an attempt: null once something was delivered,
 * else the earlier start or now. Feed the result to `shouldDisableSubscription`.
 */
export function failingSince(
  previous: number | null,
  outcome: DeliveryOutcome["outcome"],
  nowMs: number,
): number | null {
  if (outcome === "delivered") return null;
  return previous ?? nowMs;
}

/** True when a subscription has failed every attempt for at least `disableAfterMs` (default 5 days). */
export function shouldDisableSubscription(input: {
  failingSinceMs: number | null;
  nowMs: number;
  disableAfterMs?: number;
}): boolean {
  if (input.failingSinceMs === null) return false;
  return input.nowMs - input.failingSinceMs >= (input.disableAfterMs ?? 5 * 24 * 3600_000);
}
