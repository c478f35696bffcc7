import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import {
  decodeWebhookSecret,
  generateWebhookSecret,
  signedHeaders,
  signPayload,
} from "../../src/notify/sign.ts";

const body = JSON.stringify({
  type: "run.failed",
  timestamp: "2025-03-04T05:06:07.000Z",
  data: { clusterId: "c1" },
});
const now = () => Math.floor(Date.now() / 1000);

describe("generateWebhookSecret", () => {
  it("is whsec_ followed by base64 of 32 random bytes", () => {
    const a = generateWebhookSecret();
    const b = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(decodeWebhookSecret(a)).toHaveLength(32);
    expect(a).not.toBe(b);
  });

  it("refuses secrets that are not 24-64 bytes of base64", () => {
    expect(() => decodeWebhookSecret("whsec_AAAA")).toThrow(/24-64 bytes/);
    expect(() => decodeWebhookSecret("whsec_!!not base64!!")).toThrow(/base64/);
  });
});

describe("signPayload, verified by the standardwebhooks library", () => {
  it("produces a signature the reference verifier accepts", async () => {
    const secret = generateWebhookSecret();
    const headers = await signedHeaders({ id: "evt_1", timestamp: now(), body, secrets: [secret] });
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it("matches the reference library's own signature byte for byte", async () => {
    const secret = generateWebhookSecret();
    const ts = 1_700_000_000;
    const ours = await signPayload({ id: "msg_x", timestamp: ts, body, secrets: [secret] });
    expect(ours).toBe(new Webhook(secret).sign("msg_x", new Date(ts * 1000), body));
  });

  it("signs with every secret during rotation, so both the old and the new one verify", async () => {
    const oldSecret = generateWebhookSecret();
    const newSecret = generateWebhookSecret();
    const headers = await signedHeaders({
      id: "evt_2",
      timestamp: now(),
      body,
      secrets: [oldSecret, newSecret],
    });
    expect(headers["webhook-signature"]?.split(" ")).toHaveLength(2);
    expect(() => new Webhook(oldSecret).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(newSecret).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(generateWebhookSecret()).verify(body, headers)).toThrow(
      WebhookVerificationError,
    );
  });

  it("fails verification for a tampered body", async () => {
    const secret = generateWebhookSecret();
    const headers = await signedHeaders({ id: "evt_3", timestamp: now(), body, secrets: [secret] });
    const tampered = body.replace("c1", "c2");
    expect(() => new Webhook(secret).verify(tampered, headers)).toThrow(/No matching signature/);
  });

  it("fails verification for a tampered id", async () => {
    const secret = generateWebhookSecret();
    const headers = await signedHeaders({ id: "evt_4", timestamp: now(), body, secrets: [secret] });
    expect(() => new Webhook(secret).verify(body, { ...headers, "webhook-id": "evt_5" })).toThrow(
      WebhookVerificationError,
    );
  });

  it("fails verification for an old timestamp even when the signature is right", async () => {
    const secret = generateWebhookSecret();
    const headers = await signedHeaders({ id: "evt_6", timestamp: now() - 3600, body, secrets: [secret] });
    expect(() => new Webhook(secret).verify(body, headers)).toThrow(/too old/);
  });

  it("refuses to sign without a secret or with a fractional timestamp", async () => {
    await expect(signPayload({ id: "x", timestamp: 1, body, secrets: [] })).rejects.toThrow(/at least one/);
    await expect(
      signPayload({ id: "x", timestamp: 1.5, body, secrets: [generateWebhookSecret()] }),
    ).rejects.toThrow(/whole unix seconds/);
  });
});
