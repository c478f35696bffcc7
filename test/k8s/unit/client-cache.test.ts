import { describe, expect, test } from "vitest";
import { ClientCache } from "../../../src/k8s/client-cache.ts";
import { EngineError } from "../../../src/k8s/errors.ts";

// Creating a client validates and prepares TLS but opens no connection, so no cluster is needed.
const kubeconfig = {
  server: "https://10.0.0.1:6443",
  insecureSkipTlsVerify: false,
  auth: { kind: "token" as const, token: "t" },
};

describe("client cache", () => {
  test("one client per cluster and credentials version; a new version replaces the old one", async () => {
    const cache = new ClientCache();
    const a1 = await cache.get({ id: "a", credentialsVersion: 1, kubeconfig });
    expect(await cache.get({ id: "a", credentialsVersion: 1, kubeconfig })).toBe(a1);
    const a2 = await cache.get({ id: "a", credentialsVersion: 2, kubeconfig });
    expect(a2).not.toBe(a1);
    await cache.get({ id: "b", credentialsVersion: 1, kubeconfig });
    expect(cache.size).toBe(2);
    await cache.close();
    expect(cache.size).toBe(0);
  });

  test("a refused address is not cached, so fixed credentials are re-validated", async () => {
    const cache = new ClientCache();
    const bad = { ...kubeconfig, server: "https://169.254.169.254" };
    await expect(cache.get({ id: "c", credentialsVersion: 1, kubeconfig: bad })).rejects.toBeInstanceOf(
      EngineError,
    );
    expect(cache.size).toBe(0);
  });
});
