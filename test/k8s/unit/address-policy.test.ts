import { describe, expect, test } from "vitest";
import { assertServerAllowed, guardedLookup, refusedAddressReason } from "../../../src/k8s/address-policy.ts";
import { K8sClient } from "../../../src/k8s/client.ts";
import { EngineError } from "../../../src/k8s/errors.ts";

const strict = { allowLoopback: false };
const local = { allowLoopback: true };

describe("cluster address policy", () => {
  test.each([
    "169.254.169.254",
    "169.254.0.1",
    "fd00:ec2::254",
    "fe80::1",
    "::ffff:169.254.169.254",
    "0.0.0.0",
  ])("%s is refused even when loopback is allowed", (ip) => {
    expect(refusedAddressReason(ip, local)).toBeDefined();
  });

  test("loopback is refused unless allowed", () => {
    for (const ip of ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"]) {
      expect(refusedAddressReason(ip, strict)).toMatch(/loopback/);
      expect(refusedAddressReason(ip, local)).toBeUndefined();
    }
  });

  test("private cluster addresses are fine", () => {
    for (const ip of ["10.0.0.1", "192.168.1.10", "172.16.0.5", "fd12:3456::1"]) {
      expect(refusedAddressReason(ip, strict)).toBeUndefined();
    }
  });

  test("server URLs: https only, literal and bracketed IPs checked, host names left to the DNS guard", () => {
    expect(assertServerAllowed("https://10.0.0.1:6443", strict).port).toBe("6443");
    const reasonOf = (server: string) => {
      try {
        assertServerAllowed(server, strict);
        return "allowed";
      } catch (e) {
        return e instanceof EngineError ? e.reason : "other";
      }
    };
    expect(reasonOf("http://10.0.0.1")).toBe("AddressRefused");
    expect(reasonOf("https://169.254.169.254")).toBe("AddressRefused");
    expect(reasonOf("https://[fd00:ec2::254]:443")).toBe("AddressRefused");
    expect(reasonOf("https://localhost:6443")).toBe("allowed");
    expect(reasonOf("not a url")).toBe("AddressRefused");
    expect(reasonOf("https://api.example.internal")).toBe("allowed");
  });

  test("the DNS guard drops refused answers and fails when none is left", async () => {
    const lookup = guardedLookup(strict);
    const result = await new Promise<{ err: unknown; address: unknown }>((resolve) =>
      lookup("localhost", { all: true }, (err, address) => resolve({ err, address })),
    );
    expect(result.err).toBeInstanceOf(EngineError);
    expect((result.err as EngineError).reason).toBe("AddressRefused");
    const allowed = await new Promise<unknown>((resolve) =>
      guardedLookup(local)("localhost", {}, (_err, address) => resolve(address)),
    );
    expect(allowed).toMatch(/^(127\.0\.0\.1|::1)$/);
  });
});

describe("the guard inside the client's connections", () => {
  test("a host name resolving to loopback is refused at connect time, permanently", async () => {
    const kubeconfig = {
      server: "https://localhost:1",
      insecureSkipTlsVerify: false,
      auth: { kind: "token" as const, token: "t" },
    };
    const client = await K8sClient.create({ id: "x", credentialsVersion: 1, kubeconfig });
    const error = await client.request({ method: "GET", path: "/version" }).catch((e: unknown) => e);
    await client.close();
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({ reason: "AddressRefused", transient: false });
  });
});
