import { createHash } from "node:crypto";
import { expect, test } from "vitest";
import { describeKubeconfig } from "../../../src/domain/kubeconfig/describe.ts";
import { CERT_DATA, CERT_SHA256, KEY_DATA } from "./pem-fixtures.ts";

const server = "https://kube.example.com";

test("a token's fingerprint is the SHA-256 of the token", async () => {
  const described = await describeKubeconfig({
    server,
    insecureSkipTlsVerify: false,
    auth: { kind: "token", token: "s3cret" },
  });
  expect(described).toEqual({
    server,
    authKind: "token",
    fingerprint: createHash("sha256").update("s3cret").digest("hex"),
  });
  expect(JSON.stringify(described)).not.toContain("s3cret");
});

test("a client certificate's fingerprint is the certificate's own, as openssl prints it", async () => {
  const described = await describeKubeconfig({
    server,
    insecureSkipTlsVerify: false,
    auth: { kind: "clientCertificate", certData: CERT_DATA, keyData: KEY_DATA },
  });
  expect(described).toEqual({ server, authKind: "clientCertificate", fingerprint: CERT_SHA256 });
});
