/** Parsing of the receiver's "come back later" hints. Pure. */

/**
 * Delay in ms asked for by a `Retry-After` header: delay-seconds or an HTTP date (RFC 9110).
 * Returns null when absent or unparseable; a date in the past means "now" (0).
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only date-shaped values: Date.parse would otherwise accept things like "1.5" or "2024".
  if (!/[a-z]/i.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}

/**
 * Discord puts the precise wait in the JSON body (`retry_after`, seconds, fractional) next to
 * a rounded header; read it when the header is missing.
 */
export function parseRetryAfterBody(body: string | undefined): number | null {
  if (body === undefined || !body.includes("retry_after")) return null;
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === "object" && parsed !== null && "retry_after" in parsed) {
      const seconds = (parsed as { retry_after: unknown }).retry_after;
      if (typeof seconds === "number" && Number.isFinite(seconds) && seconds >= 0)
        return Math.ceil(seconds * 1000);
    }
  } catch {
    // A truncated excerpt is not JSON; fall back to the schedule.
  }
  return null;
}
