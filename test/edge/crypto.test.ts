import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { generateApiKey, hashApiKey } from "../../src/crypto/api-keys.ts";
import { createKeyRing, generateKeyRingSpec, secretAad } from "../../src/crypto/keyring.ts";
import { tokenKubeconfig } from "../support/fixtures/kubeconfigs.ts";
import { bundleWorker, ROOT } from "./support/bundle.ts";
import { startWorkerd, type Workerd } from "./support/workerd.ts";

let dir: string;
let worker: Workerd;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "meshfleet-edge-crypto-"));
  const config = join(ROOT, "test/edge/crypto-worker/wrangler.toml");
  const bundle = await bundleWorker({ outdir: dir, config });
  worker = await startWorkerd({ script: bundle.script, config });
});
afterAll(async () => {
  await worker?.dispose();
  await rm(dir, { recursive: true, force: true });
});

/** Calls the test Worker's crypto route; a failure to open comes back as `{ error }`. */
async function inWorkerd(op: "seal" | "open" | "hash", body: Record<string, string>) {
  const res = await fetch(new URL(`/${op}`, worker.url), { method: "POST", body: JSON.stringify(body) });
  return (await res.json()) as { envelope?: string; plaintext?: string; hash?: string; error?: string };
}

const kubeconfig = tokenKubeconfig({ token: "cross-runtime-token-0123456789" });
const aad = secretAad("kubeconfig", "acme", "0199c0de-0000-7000-8000-000000000001");

describe("crypto is byte-compatible between workerd and Node", () => {
  test("a kubeconfig sealed in workerd opens on Node", async () => {
    const spec = generateKeyRingSpec("k1");
    const { envelope } = await inWorkerd("seal", { spec, aad, plaintext: kubeconfig });
    expect(envelope).toMatch(/^v1\.k1\./);
    expect(await (await createKeyRing(spec)).open(envelope!, aad)).toBe(kubeconfig);
  });

  test("a kubeconfig sealed on Node opens in workerd", async () => {
    const spec = generateKeyRingSpec("k1");
    const envelope = await (await createKeyRing(spec)).seal(kubeconfig, aad);
    expect(await inWorkerd("open", { spec, aad, envelope })).toEqual({ plaintext: kubeconfig });
  });

  test("rotation across runtimes: a Node envelope under an old key opens in workerd's newer ring", async () => {
    const old = generateKeyRingSpec("old");
    const rotated = `${generateKeyRingSpec("new")},${old}`;
    const envelope = await (await createKeyRing(old)).seal(kubeconfig, aad);
    expect(await inWorkerd("open", { spec: rotated, aad, envelope })).toEqual({ plaintext: kubeconfig });
    const sealedNew = await inWorkerd("seal", { spec: rotated, aad, plaintext: kubeconfig });
    expect(sealedNew.envelope).toMatch(/^v1\.new\./);
    await expect((await createKeyRing(old)).open(sealedNew.envelope!, aad)).rejects.toThrow(
      "no key with id new",
    );
  });

  test("the AAD binds tenant and object on both sides: a swapped row does not open", async () => {
    const spec = generateKeyRingSpec("k1");
    const webhookAad = secretAad("webhook-secret", "acme", "0199c0de-0000-7000-8000-000000000002");
    const { envelope } = await inWorkerd("seal", { spec, aad: webhookAad, plaintext: "whsec_abc" });
    expect(await (await createKeyRing(spec)).open(envelope!, webhookAad)).toBe("whsec_abc");
    const otherTenant = secretAad("webhook-secret", "evil", "0199c0de-0000-7000-8000-000000000002");
    await expect((await createKeyRing(spec)).open(envelope!, otherTenant)).rejects.toThrow();
    const nodeSealed = await (await createKeyRing(spec)).seal("whsec_abc", webhookAad);
    expect((await inWorkerd("open", { spec, aad: otherTenant, envelope: nodeSealed })).error).toBeTruthy();
  });

  test("API key hashes are the same on both runtimes", async () => {
    const key = generateApiKey();
    expect(await inWorkerd("hash", { key })).toEqual({ hash: await hashApiKey(key) });
  });
});
