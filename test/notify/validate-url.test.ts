import { describe, expect, it } from "vitest";
import type { Resolver } from "../../src/notify/send/resolver.ts";
import { validateWebhookUrl } from "../../src/notify/send/validate-url.ts";

const strict = { allowInsecure: false, allowLoopback: false };
// A stand-in DNS server (no real resolver can be made to answer these names here).
const fakeDns =
  (answers: Record<string, string[]>): Resolver =>
  async (host) =>
    (answers[host] ?? []).map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));

describe("validateWebhookUrl", () => {
  it("accepts an https URL whose host resolves only to public addresses", async () => {
    const v = await validateWebhookUrl("https://hooks.example.test/x", {
      ...strict,
      resolve: fakeDns({ "hooks.example.test": ["93.184.216.34"] }),
    });
    expect(v).toMatchObject({ ok: true, addresses: ["93.184.216.34"] });
  });

  it("refuses http unless insecure webhooks are allowed", async () => {
    expect(await validateWebhookUrl("http://93.184.216.34/", strict)).toMatchObject({
      ok: false,
      code: "insecure_scheme",
    });
    expect(
      await validateWebhookUrl("http://93.184.216.34/", { ...strict, allowInsecure: true }),
    ).toMatchObject({ ok: true });
    expect(
      await validateWebhookUrl("ftp://93.184.216.34/", { ...strict, allowInsecure: true }),
    ).toMatchObject({ ok: false });
    expect(await validateWebhookUrl("not a url", strict)).toMatchObject({ ok: false, code: "invalid_url" });
  });

  it("refuses localhost through the real system resolver unless loopback is allowed", async () => {
    const refused = await validateWebhookUrl("https://localhost:8443/", strict);
    expect(refused).toMatchObject({ ok: false, code: "blocked_address" });
    expect(refused.ok === false && refused.reason).toMatch(
      /^loopback address \(localhost resolves to (127\.0\.0\.1|::1)\)/,
    );
    expect(
      await validateWebhookUrl("https://localhost:8443/", { ...strict, allowLoopback: true }),
    ).toMatchObject({ ok: true });
  });

  it.each([
    "https://169.254.169.254/latest/meta-data/",
    "https://2852039166/", // 169.254.169.254 in decimal; the URL parser normalises it
    "https://0xa9.0xfe.0xa9.0xfe/",
    "https://[::ffff:169.254.169.254]/",
    "https://[fd00:ec2::254]/",
    "https://10.0.0.1/",
    "https://100.64.1.1/",
    "https://[fe80::1]/",
    "https://[fc00::1]/",
    "https://0.0.0.0/",
    "https://224.0.0.1/",
  ])("refuses the literal %s without resolving anything", async (url) => {
    const resolve: Resolver = async () => {
      throw new Error("a literal must not be resolved");
    };
    expect(await validateWebhookUrl(url, { ...strict, allowLoopback: true, resolve })).toMatchObject({
      ok: false,
      code: "blocked_address",
    });
  });

  it("refuses a name when any one of its addresses is blocked", async () => {
    const resolve = fakeDns({ "mixed.example.test": ["93.184.216.34", "10.0.0.7"] });
    const v = await validateWebhookUrl("https://mixed.example.test/", { ...strict, resolve });
    expect(v).toEqual({
      ok: false,
      code: "blocked_address",
      reason: "private address (mixed.example.test resolves to 10.0.0.7) may not receive webhooks",
    });
  });

  it("reports names that do not resolve", async () => {
    const v = await validateWebhookUrl("https://nowhere.example.test/", { ...strict, resolve: fakeDns({}) });
    expect(v).toMatchObject({ ok: false, code: "unresolvable" });
  });
});
