/**
 * The first check of a webhook target, shared by the Node validator (which then resolves the
 * host) and the runtime-neutral one the API uses on Workers: an absolute URL, https unless
 * http is allowed for local testing.
 */
export function parseTargetUrl(
  raw: string,
  allowInsecure: boolean,
): { ok: true; url: URL } | { ok: false; code: "invalid_url" | "insecure_scheme"; reason: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, code: "invalid_url", reason: "not an absolute URL" };
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && allowInsecure)) {
    return { ok: false, code: "insecure_scheme", reason: `${url.protocol} is not allowed; use https:` };
  }
  return { ok: true, url };
}
