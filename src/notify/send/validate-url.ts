/**
 * Validation of a subscription URL at creation time (Node-only: it resolves the host). The
 * sender checks again at connect time, because DNS answers can change in between.
 */
import { isIP } from "node:net";
import { blockedReason } from "./blocked-address.ts";
import { type Resolver, systemResolver } from "./resolver.ts";
import { parseTargetUrl } from "./target-url.ts";

/** What the deployment allows; both flags are off in production. */
export interface UrlPolicy {
  /** Allow `http:` (MESHFLEET_ALLOW_INSECURE_WEBHOOKS, local testing only). */
  allowInsecure: boolean;
  /** Allow loopback targets (MESHFLEET_ALLOW_LOOPBACK_WEBHOOKS, tests only). */
  allowLoopback: boolean;
  resolve?: Resolver;
}

/** Result of `validateWebhookUrl`; `reason` is meant for the API caller. */
export type UrlVerdict =
  | { ok: true; url: URL; addresses: string[] }
  | {
      ok: false;
      code: "invalid_url" | "insecure_scheme" | "blocked_address" | "unresolvable";
      reason: string;
    };

/** The bare host of a URL: WHATWG keeps IPv6 literals in brackets. */
export function urlHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, "");
}

/**
 * Checks that a webhook URL is https (unless allowed otherwise) and that every address its
 * host resolves to is public. One bad address refuses the URL: a name that sometimes answers
 * 10.0.0.1 is not a safe target even if it sometimes answers a public address too.
 */
export async function validateWebhookUrl(raw: string, policy: UrlPolicy): Promise<UrlVerdict> {
  const parsed = parseTargetUrl(raw, policy.allowInsecure);
  if (!parsed.ok) return parsed;
  const { url } = parsed;
  const host = urlHost(url);
  let addresses: string[];
  if (isIP(host) !== 0) {
    addresses = [host];
  } else {
    try {
      addresses = (await (policy.resolve ?? systemResolver)(host)).map((a) => a.address);
    } catch (error) {
      return {
        ok: false,
        code: "unresolvable",
        reason: `${host} does not resolve (${(error as Error).message})`,
      };
    }
    if (addresses.length === 0)
      return { ok: false, code: "unresolvable", reason: `${host} has no addresses` };
  }
  for (const address of addresses) {
    const category = blockedReason(address, { allowLoopback: policy.allowLoopback });
    if (category !== null) {
      const via = address === host ? "" : ` (${host} resolves to ${address})`;
      return {
        ok: false,
        code: "blocked_address",
        reason: `${category} address${via} may not receive webhooks`,
      };
    }
  }
  return { ok: true, url, addresses };
}
