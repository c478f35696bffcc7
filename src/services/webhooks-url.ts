/**
 * Creation-time checks of a subscription URL. The full check resolves the host and is Node
 * only (`src/notify/send/validate-url.ts`), so the API receives it as an injected function;
 * where none is given (Cloudflare Workers, which cannot resolve names) the literal checks here
 * run instead, and the worker's connect-time guard remains the line that cannot be bypassed.
 */
import { DomainValidationError } from "../domain/errors.ts";
import { blockedReason, parseIPv4, parseIPv6 } from "../notify/send/blocked-address.ts";
import { parseTargetUrl } from "../notify/send/target-url.ts";
import type { UrlPolicy, UrlVerdict } from "../notify/send/validate-url.ts";

/** What the deployment allows for webhook targets. */
export type WebhookUrlPolicy = Pick<UrlPolicy, "allowInsecure" | "allowLoopback">;

/** Validates a subscription URL; `validateWebhookUrl` from `notify/send/validate-url.ts` on Node. */
export type WebhookUrlValidator = (raw: string, policy: WebhookUrlPolicy) => Promise<UrlVerdict>;

const LOCALHOST = /(^|\.)localhost\.?$/i;

/**
 * The checks that need no DNS: an absolute http(s) URL, https unless allowed, no credentials,
 * and no literal address (or `localhost` name) in a blocked range.
 */
export async function checkWebhookUrlLiteral(raw: string, policy: WebhookUrlPolicy): Promise<UrlVerdict> {
  const parsed = parseTargetUrl(raw, policy.allowInsecure);
  if (!parsed.ok) return parsed;
  const { url } = parsed;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const literal = parseIPv4(host) !== null || parseIPv6(host) !== null;
  const category = literal
    ? blockedReason(host, policy)
    : LOCALHOST.test(host) && !policy.allowLoopback
      ? "loopback"
      : null;
  if (category !== null) {
    return { ok: false, code: "blocked_address", reason: `${category} address may not receive webhooks` };
  }
  return { ok: true, url, addresses: literal ? [host] : [] };
}

/**
 * Throws a 422-mapped validation error naming `field` unless the URL is acceptable. Userinfo
 * is refused everywhere: it would be sent as Basic credentials and shown back in responses.
 */
export async function assertWebhookUrl(
  raw: string,
  policy: WebhookUrlPolicy,
  validate: WebhookUrlValidator | undefined,
  field = "url",
): Promise<void> {
  const verdict = await (validate ?? checkWebhookUrlLiteral)(raw, policy);
  if (!verdict.ok) throw new DomainValidationError([{ field, message: verdict.reason }]);
  if (verdict.url.username || verdict.url.password) {
    throw new DomainValidationError([{ field, message: "must not contain user:password@" }]);
  }
}
