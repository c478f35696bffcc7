import { EngineError, type EngineErrorReason } from "./errors.ts";

/** What the API server answered, reduced to what classification needs. */
export interface FailedResponse {
  status: number;
  /** The decoded `Status` object (or anything else the server sent). */
  body: unknown;
  /** Raw `Retry-After` header, if any. */
  retryAfter?: string | undefined;
}

/** Parses `Retry-After` (delta-seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

function statusMessage(body: unknown): string | undefined {
  if (body && typeof body === "object" && "message" in body && typeof body.message === "string") {
    return body.message;
  }
  return undefined;
}

function reasonForStatus(status: number): EngineErrorReason {
  if (status === 401) return "Unauthorized";
  if (status === 403) return "Forbidden";
  if (status === 404) return "NotFound";
  if (status === 409) return "Conflict";
  if (status === 400 || status === 415 || status === 422) return "Invalid";
  if (status === 429) return "RateLimited";
  if (status >= 500) return "ServerError";
  return "Unexpected";
}

/** A namespace still terminating from an earlier uninstall clears by itself: worth a retry. */
function isNamespaceTerminating(body: unknown): boolean {
  const causes = (body as { details?: { causes?: { reason?: string }[] } } | undefined)?.details?.causes;
  return Array.isArray(causes) && causes.some((c) => c.reason === "NamespaceTerminating");
}

/**
 * Maps a non-2xx answer onto an EngineError. `what` names the request (`PATCH deployments
 * istio-system/istiod`) so the message tells the user which object failed.
 */
export function classifyResponse(response: FailedResponse, what: string, now = Date.now()): EngineError {
  const reason = isNamespaceTerminating(response.body) ? "Conflict" : reasonForStatus(response.status);
  const detail = statusMessage(response.body) ?? `HTTP ${response.status}`;
  const retryAfterMs =
    response.status === 429 || response.status === 503
      ? parseRetryAfter(response.retryAfter, now)
      : undefined;
  return new EngineError(reason, `${what}: ${detail}`, {
    status: response.status,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EHOSTDOWN",
  "ENETDOWN",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_DESTROYED",
]);

const TIMEOUT_CODES = new Set([
  "ETIMEDOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "ABORT_ERR",
]);

function* causeChain(error: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const next = queue.shift();
    if (next === undefined || next === null || seen.has(next)) continue;
    seen.add(next);
    yield next;
    if (next instanceof AggregateError) queue.push(...next.errors);
    if (next instanceof Error && "cause" in next) queue.push(next.cause);
  }
}

function codeOf(error: unknown): string | undefined {
  if (error && typeof error === "object" && "code" in error && typeof error.code === "string")
    return error.code;
  return undefined;
}

/**
 * Maps a failure below HTTP (refused, reset, timed out, TLS) onto an EngineError. Connection
 * trouble is transient; a certificate the vetted CA does not accept is not.
 */
export function classifyNetworkError(error: unknown, what: string): EngineError {
  for (const candidate of causeChain(error)) {
    if (candidate instanceof EngineError) return candidate;
    const code = codeOf(candidate);
    const name = candidate instanceof Error ? candidate.name : "";
    if (name === "TimeoutError" || name === "AbortError" || (code && TIMEOUT_CODES.has(code))) {
      return new EngineError("Timeout", `${what}: request timed out`, { cause: error });
    }
    if (code && UNREACHABLE_CODES.has(code)) {
      return new EngineError("Unreachable", `${what}: ${code}`, { cause: error });
    }
    if (code && (code.startsWith("ERR_TLS") || code.includes("CERT") || code.includes("SIGNATURE"))) {
      return new EngineError("TlsFailure", `${what}: TLS verification failed (${code})`, { cause: error });
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  return new EngineError("Unexpected", `${what}: ${message}`, { cause: error });
}
