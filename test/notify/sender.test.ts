import { afterEach, describe, expect, it } from "vitest";
import { classifyResponse } from "../../src/notify/retry.ts";
import type { Resolver } from "../../src/notify/send/resolver.ts";
import { createWebhookSender, type WebhookSender } from "../../src/notify/send/sender.ts";
import { validateWebhookUrl } from "../../src/notify/send/validate-url.ts";
import { answer, downPort, type Receiver, startReceiver } from "./receiver.ts";

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((x) => x.close()));
});

async function receiver(...args: Parameters<typeof startReceiver>): Promise<Receiver> {
  const r = await startReceiver(...args);
  open.push(r);
  return r;
}

function sender(
  options: Parameters<typeof createWebhookSender>[0] = { allowLoopback: true, allowInsecure: true },
): WebhookSender {
  const s = createWebhookSender(options);
  open.push(s);
  return s;
}

const post = (url: string, body = '{"type":"webhook.ping"}') => ({
  url,
  headers: { "content-type": "application/json", "webhook-id": "evt_1" },
  body,
});

describe("sendWebhook against real local receivers", () => {
  it("delivers to a 2xx receiver and reports status, headers and a body excerpt", async () => {
    const r = await receiver(answer(202, { "x-receiver": "yes" }, "accepted"));
    const res = await sender().send({
      ...post(`${r.url}/hook`),
      query: { messageReplyOption: "REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD" },
    });
    expect(res).toMatchObject({ status: 202, bodyExcerpt: "accepted", headers: { "x-receiver": "yes" } });
    expect(res.error).toBeUndefined();
    expect(r.received).toHaveLength(1);
    expect(r.received[0]).toMatchObject({
      method: "POST",
      url: "/hook?messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD",
      body: '{"type":"webhook.ping"}',
    });
    expect(r.received[0]!.headers["webhook-id"]).toBe("evt_1");
  });

  it("keeps at most 1 KiB of a large response body", async () => {
    const r = await receiver(answer(500, {}, "é".repeat(4000)));
    const res = await sender().send(post(r.url));
    expect(res.status).toBe(500);
    expect(new TextEncoder().encode(res.bodyExcerpt).length).toBeLessThanOrEqual(1024);
    expect(res.bodyExcerpt.startsWith("éé")).toBe(true);
  });

  it("reuses keep-alive connections for consecutive deliveries to an origin", async () => {
    const r = await receiver(answer(204));
    const s = sender();
    for (let i = 0; i < 20; i++) expect((await s.send(post(r.url))).status).toBe(204);
    expect(r.received).toHaveLength(20);
    // undici's pool may open a second socket while the first is still being released; never one per request.
    expect(r.connections()).toBeLessThanOrEqual(2);
  });

  it("reports 410, which disables the subscription", async () => {
    const r = await receiver(answer(410));
    const res = await sender().send(post(r.url));
    expect(classifyResponse({ ...res, nowMs: 0, attempt: 1 }).outcome).toBe("disable");
  });

  it("reports 429 and 503 with their Retry-After, which the retry decision honours", async () => {
    const r = await receiver((_req, res, i) => {
      res.writeHead(i === 0 ? 429 : 503, { "retry-after": i === 0 ? "7" : "30" });
      res.end();
    });
    const s = sender();
    const first = await s.send(post(r.url));
    const second = await s.send(post(r.url));
    expect([first.status, second.status]).toEqual([429, 503]);
    expect(classifyResponse({ ...first, nowMs: 1000, attempt: 1 }).retryAtMs).toBe(8000);
    expect(classifyResponse({ ...second, nowMs: 1000, attempt: 4 }).retryAtMs).toBe(31_000);
  });

  it("does not follow a redirect", async () => {
    const target = await receiver(answer(200));
    const r = await receiver(answer(302, { location: `${target.url}/elsewhere` }));
    const res = await sender().send(post(r.url));
    expect(res.status).toBe(302);
    expect(target.received).toHaveLength(0);
    expect(classifyResponse({ ...res, nowMs: 0, attempt: 1, random: () => 0.5 })).toMatchObject({
      outcome: "retry",
      reason: `HTTP 302 redirect to ${target.url}/elsewhere not followed`,
    });
  });

  it("gives up on a receiver slower than the timeout", async () => {
    const r = await receiver(() => {
      // Never answers; the sender's timeout must end the attempt.
    });
    const res = await sender().send({ ...post(r.url), timeoutMs: 200 });
    expect(res.status).toBeUndefined();
    expect(res.error?.code).toBe("timeout");
    expect(r.received).toHaveLength(1);
  });

  it("reports a receiver that is down as a connection error", async () => {
    const res = await sender().send(post(`http://127.0.0.1:${await downPort()}/`));
    expect(res.error?.code).toBe("connect");
  });
});

describe("SSRF guard at send time", () => {
  it("refuses http://localhost when loopback is not allowed, at validation and at send", async () => {
    const r = await receiver(answer(200));
    const url = `http://localhost:${r.port}/`;
    expect(await validateWebhookUrl(url, { allowInsecure: true, allowLoopback: false })).toMatchObject({
      ok: false,
      code: "blocked_address",
    });
    const res = await sender({ allowInsecure: true, allowLoopback: false }).send(post(url));
    expect(res.error?.code).toBe("blocked");
    expect(res.error?.message).toMatch(/localhost resolves to .* loopback/);
    expect(r.received).toHaveLength(0);
    expect(r.connections()).toBe(0);
  });

  it("refuses the metadata address before any connection attempt", async () => {
    const resolve: Resolver = async () => {
      throw new Error("a literal must not be resolved");
    };
    const s = sender({ allowInsecure: true, allowLoopback: true, resolve });
    for (const url of [
      "http://169.254.169.254/latest/meta-data/",
      "http://[::ffff:a9fe:a9fe]/",
      "http://2852039166/",
    ]) {
      const res = await s.send(post(url));
      expect(res.error?.code).toBe("blocked");
      expect(res.error?.message).toMatch(/is metadata and may not receive webhooks$/);
    }
    expect((await s.send(post("http://[fd00:ec2::254]/"))).error?.code).toBe("blocked");
  });

  it("catches DNS rebinding: a name that validated as public but resolves to loopback at connect", async () => {
    const r = await receiver(answer(200));
    let calls = 0;
    // A stand-in DNS server that answers a public address first and loopback afterwards.
    const rebinding: Resolver = async () => [
      { address: calls++ === 0 ? "93.184.216.34" : "127.0.0.1", family: 4 },
    ];
    const url = `http://hooks.example.test:${r.port}/`;
    const policy = { allowInsecure: true, allowLoopback: false };
    expect(await validateWebhookUrl(url, { ...policy, resolve: rebinding })).toMatchObject({ ok: true });
    const res = await sender({ ...policy, resolve: rebinding }).send(post(url));
    expect(res.error).toEqual({
      code: "blocked",
      message: "hooks.example.test resolves to 127.0.0.1, which is loopback and may not receive webhooks",
    });
    expect(r.connections()).toBe(0);
  });

  it("sends by name through the guarded lookup when the resolved address is allowed", async () => {
    const r = await receiver(answer(200));
    const resolve: Resolver = async () => [{ address: "127.0.0.1", family: 4 }];
    const res = await sender({ allowInsecure: true, allowLoopback: true, resolve }).send(
      post(`http://hooks.example.test:${r.port}/`),
    );
    expect(res.status).toBe(200);
    expect(r.received[0]?.headers.host).toBe(`hooks.example.test:${r.port}`);
  });

  it("refuses http unless insecure webhooks are allowed", async () => {
    const r = await receiver(answer(200));
    const res = await sender({ allowInsecure: false, allowLoopback: true }).send(post(r.url));
    expect(res.error).toEqual({ code: "blocked", message: "http: is not allowed" });
    expect(r.connections()).toBe(0);
  });
});
