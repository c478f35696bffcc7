import { eq } from "drizzle-orm";
import { describe, expect } from "vitest";
import { webhooks } from "../../src/db/schema/index.ts";
import { signingSecrets } from "../../src/services/webhooks-secrets.ts";
import { apiTest as test } from "../support/api.ts";
import { subscribe } from "./support.ts";

const URL_A = "http://127.0.0.1:9/hooks/a";

describe("webhook subscriptions", () => {
  test("create shows the secret once; get, list, patch and delete never show it", async ({ api }) => {
    const { secret: key } = await api.key("write");
    const created = await api.call("POST", "/v1/webhooks", {
      key,
      body: { url: URL_A, format: "standard", events: ["rollout.*", "run.failed"], description: "ops" },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`/v1/webhooks/${created.body.id}`);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created.body).toMatchObject({
      enabled: true,
      selector: null,
      events: ["rollout.*", "run.failed"],
    });
    const secret: string = created.body.secret;
    const id: string = created.body.id;

    const [row] = await api.database.db.select().from(webhooks).where(eq(webhooks.id, id));
    expect(row!.secretSealed).not.toContain(secret.slice(6, 20));
    expect(await signingSecrets(api.keyRing, row!, Date.now())).toEqual([secret]);

    const got = await api.call("GET", `/v1/webhooks/${id}`, { key });
    const listed = await api.call("GET", "/v1/webhooks", { key });
    const patched = await api.call("PATCH", `/v1/webhooks/${id}`, {
      key,
      body: { events: ["*"], selector: "env=prod", description: null },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ events: ["*"], selector: "env=prod", description: null });
    const audit = await api.call("GET", "/v1/events?type=webhook.*", { key });
    expect(audit.body.items.map((e: { type: string }) => e.type)).toEqual([
      "webhook.created",
      "webhook.updated",
    ]);
    for (const res of [got, listed, patched, audit]) {
      expect(res.status).toBe(200);
      const text = JSON.stringify(res.body);
      expect(text).not.toContain("whsec_");
      expect(text).not.toContain(secret.slice(6));
      expect(text).not.toContain("Sealed");
    }
    expect(listed.body.items.map((w: { id: string }) => w.id)).toEqual([id]);

    expect((await api.call("DELETE", `/v1/webhooks/${id}`, { key })).status).toBe(204);
    expect((await api.call("GET", `/v1/webhooks/${id}`, { key })).status).toBe(404);
  });

  test("rotating the secret returns a new one and keeps the old one signing for the grace period", async ({
    api,
  }) => {
    const { secret: key } = await api.key("write");
    const hook = await subscribe(api, key, { url: URL_A, events: ["*"] });
    const rotated = await api.call("POST", `/v1/webhooks/${hook.id}/rotate-secret`, {
      key,
      body: { graceSeconds: 3600 },
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(hook.secret);
    const expires = Date.parse(rotated.body.previousSecretExpiresAt);
    expect(expires - Date.now()).toBeGreaterThan(3500_000);
    const [row] = await api.database.db.select().from(webhooks).where(eq(webhooks.id, hook.id));
    expect(await signingSecrets(api.keyRing, row!, Date.now())).toEqual([rotated.body.secret, hook.secret]);
    expect(await signingSecrets(api.keyRing, row!, expires + 1)).toEqual([rotated.body.secret]);
    const got = await api.call("GET", `/v1/webhooks/${hook.id}`, { key });
    expect(got.body.previousSecretExpiresAt).toBe(rotated.body.previousSecretExpiresAt);
    expect(JSON.stringify(got.body)).not.toContain("whsec_");

    // Without a body the default grace (a day) applies.
    const again = await api.call("POST", `/v1/webhooks/${hook.id}/rotate-secret`, { key });
    expect(again.status).toBe(200);
    expect(Date.parse(again.body.previousSecretExpiresAt) - Date.now()).toBeGreaterThan(86_000_000);
  });

  test("test sends a ping to that subscription only; deliveries list it", async ({ api }) => {
    const { secret: key } = await api.key("write");
    const target = await subscribe(api, key, { url: URL_A, events: ["cluster.*"] });
    const bystander = await subscribe(api, key, { url: `${URL_A}/other`, events: ["*"] });
    const ping = await api.call("POST", `/v1/webhooks/${target.id}/test`, { key });
    expect(ping.status).toBe(202);
    const list = await api.call("GET", `/v1/webhooks/${target.id}/deliveries`, { key });
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({
      id: ping.body.deliveryId,
      eventId: ping.body.eventId,
      eventType: "webhook.ping",
      status: "pending",
      attempts: 0,
      response: { statusCode: null, excerpt: null, durationMs: null },
    });
    const other = await api.call("GET", `/v1/webhooks/${bystander.id}/deliveries`, { key });
    expect(other.body.items.map((d: { eventType: string }) => d.eventType)).not.toContain("webhook.ping");

    const redeliverPending = await api.call(
      "POST",
      `/v1/webhooks/${target.id}/deliveries/${ping.body.deliveryId}/redeliver`,
      { key },
    );
    expect(redeliverPending.status).toBe(409);

    const off = await api.call("PATCH", `/v1/webhooks/${target.id}`, { key, body: { enabled: false } });
    expect(off.body).toMatchObject({ enabled: false, disabledReason: "disabled by request" });
    const cancelled = await api.call("GET", `/v1/webhooks/${target.id}/deliveries?status=cancelled`, { key });
    expect(cancelled.body.items.map((d: { id: string }) => d.id)).toEqual([ping.body.deliveryId]);
    expect((await api.call("POST", `/v1/webhooks/${target.id}/test`, { key })).status).toBe(409);
    const on = await api.call("PATCH", `/v1/webhooks/${target.id}`, { key, body: { enabled: true } });
    expect(on.body).toMatchObject({ enabled: true, disabledReason: null });
    const redelivered = await api.call(
      "POST",
      `/v1/webhooks/${target.id}/deliveries/${ping.body.deliveryId}/redeliver`,
      { key },
    );
    expect(redelivered.status).toBe(202);
    expect(redelivered.body).toMatchObject({ status: "pending", attempts: 0, eventId: ping.body.eventId });
  });

  test("invalid input is a 422 naming the field", async ({ api }) => {
    const { secret: key } = await api.key("write");
    const cases: [Record<string, unknown>, string][] = [
      [{ url: URL_A, events: [] }, "events"],
      [{ url: URL_A, events: ["Run.Failed"] }, "events[0]"],
      [{ url: URL_A, events: ["*"], format: "irc" }, "format"],
      [{ url: URL_A, events: ["*"], selector: "env in (" }, "selector"],
      [{ url: "ftp://hooks.example.com/x", events: ["*"] }, "url"],
      [{ url: "not a url", events: ["*"] }, "url"],
      [{ url: "http://user:pw@127.0.0.1:9/", events: ["*"] }, "url"],
      // Literal addresses are refused even without a resolver (the Workers path).
      [{ url: "http://169.254.169.254/latest/meta-data/", events: ["*"] }, "url"],
      [{ url: "http://[fd00:ec2::254]/", events: ["*"] }, "url"],
      [{ url: "http://10.1.2.3/hook", events: ["*"] }, "url"],
      [{ url: URL_A, events: ["*"], secret: "whsec_mine" }, "secret"],
    ];
    for (const [body, field] of cases) {
      const res = await api.call("POST", "/v1/webhooks", { key, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await api.call("GET", "/v1/webhooks", { key })).body.items).toEqual([]);
  });
});

describe("webhook security", () => {
  test("no key is 401, a read key cannot write, another tenant sees 404", async ({ api }) => {
    const { secret: writer, tenant } = await api.key("write");
    const { secret: reader } = await api.key("read", tenant);
    const { secret: stranger } = await api.key("admin");
    const hook = await subscribe(api, writer, { url: URL_A, events: ["*"] });
    const ping = await api.call("POST", `/v1/webhooks/${hook.id}/test`, { key: writer });
    const base = `/v1/webhooks/${hook.id}`;

    expect((await api.call("GET", "/v1/webhooks")).status).toBe(401);
    expect((await api.call("POST", "/v1/webhooks", { body: { url: URL_A, events: ["*"] } })).status).toBe(
      401,
    );

    expect((await api.call("GET", base, { key: reader })).status).toBe(200);
    expect((await api.call("GET", `${base}/deliveries`, { key: reader })).status).toBe(200);
    const writes: [string, string, unknown?][] = [
      ["POST", "/v1/webhooks", { url: URL_A, events: ["*"] }],
      ["PATCH", base, { enabled: false }],
      ["DELETE", base],
      ["POST", `${base}/rotate-secret`],
      ["POST", `${base}/test`],
      ["POST", `${base}/deliveries/${ping.body.deliveryId}/redeliver`],
    ];
    for (const [method, path, body] of writes) {
      const res = await api.call(method, path, { key: reader, ...(body ? { body } : {}) });
      expect(res.status, `${method} ${path}`).toBe(403);
    }

    const foreign: [string, string, unknown?][] = [
      ["GET", base],
      ["PATCH", base, { enabled: false }],
      ["DELETE", base],
      ["POST", `${base}/rotate-secret`],
      ["POST", `${base}/test`],
      ["GET", `${base}/deliveries`],
      ["POST", `${base}/deliveries/${ping.body.deliveryId}/redeliver`],
    ];
    for (const [method, path, body] of foreign) {
      const res = await api.call(method, path, { key: stranger, ...(body ? { body } : {}) });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    expect((await api.call("GET", "/v1/webhooks", { key: stranger })).body.items).toEqual([]);
    const still = await api.call("GET", base, { key: writer });
    expect(still.body.enabled).toBe(true);
  });

  test("chat hook URLs are credentials: responses show only their origin and last characters", async ({
    api,
  }) => {
    const { secret: key } = await api.key("write");
    const url = "http://127.0.0.1:9/services/T000/B000/XXXXsecretpathYYYY";
    const created = await api.call("POST", "/v1/webhooks", {
      key,
      body: { url, format: "slack", events: ["*"] },
    });
    expect(created.status).toBe(201);
    expect(created.body.url).toBe("http://127.0.0.1:9/…YYYY");
    const got = await api.call("GET", `/v1/webhooks/${created.body.id}`, { key });
    expect(JSON.stringify(got.body)).not.toContain("secretpath");
  });
});
