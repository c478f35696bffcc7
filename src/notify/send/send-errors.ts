/** Maps the many shapes of Node/undici network errors onto a few delivery error codes. */
import type { SendErrorCode } from "../retry.ts";
import { BLOCKED_ADDRESS_CODE } from "./errors.ts";

const TIMEOUT_CODES = new Set([
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "ETIMEDOUT",
]);
const CONNECT_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
]);

/** Every error in a chain: `cause` links and the members of an AggregateError (happy eyeballs). */
function* chain(error: unknown): Generator<{ name?: string; code?: string; message?: string }> {
  const seen = new Set<unknown>();
  const queue = [error];
  while (queue.length > 0) {
    const e = queue.shift();
    if (typeof e !== "object" || e === null || seen.has(e)) continue;
    seen.add(e);
    yield e as { name?: string; code?: string; message?: string };
    if ("cause" in e) queue.push(e.cause);
    if (e instanceof AggregateError) queue.push(...e.errors);
  }
}

function codeOf(e: { name?: string; code?: string }): SendErrorCode | null {
  if (e.code === BLOCKED_ADDRESS_CODE) return "blocked";
  if (e.name === "TimeoutError" || (e.code !== undefined && TIMEOUT_CODES.has(e.code))) return "timeout";
  if (e.code !== undefined && CONNECT_CODES.has(e.code)) return "connect";
  if (e.code !== undefined && /^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED)/.test(e.code))
    return "tls";
  if (e.name === "AbortError" || e.code === "UND_ERR_ABORTED") return "aborted";
  return null;
}

/** The delivery error for a thrown network error; the most specific cause wins. */
export function describeSendError(error: unknown): { code: SendErrorCode; message: string } {
  let best: { code: SendErrorCode; message: string } | null = null;
  for (const e of chain(error)) {
    const code = codeOf(e);
    // A blocked address or a timeout explains everything wrapped around it.
    if (code === "blocked" || code === "timeout") return { code, message: e.message ?? String(e) };
    if (code !== null && best === null) best = { code, message: e.message ?? String(e) };
  }
  return best ?? { code: "other", message: error instanceof Error ? error.message : String(error) };
}
