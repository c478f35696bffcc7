import { describe, expect, test } from "vitest";
import { decodeBase64, pemBlocks, pemDataProblem } from "../../../src/domain/kubeconfig/pem.ts";
import { b64, CERT_DATA, CERT_PEM, KEY_DATA } from "./pem-fixtures.ts";

describe("decodeBase64", () => {
  test("decodes padded base64 and ignores line breaks", () => {
    expect(decodeBase64("aGk=")).toEqual(new Uint8Array([104, 105]));
    expect(decodeBase64("aG\nk=\r\n")).toEqual(new Uint8Array([104, 105]));
    expect(decodeBase64("aGV5")).toEqual(new Uint8Array([104, 101, 121]));
  });

  test.each(["", "aGk", "a===", "aG-_", "aGk=aGk=", "!!!!"])("%j is refused", (text) => {
    expect(decodeBase64(text)).toBeUndefined();
  });
});

describe("pemBlocks", () => {
  test("finds each block with its DER bytes", () => {
    const bundle = new TextEncoder().encode(`${CERT_PEM}\n${CERT_PEM}\n`);
    const blocks = pemBlocks(bundle);
    expect(blocks.map((b) => b.label)).toEqual(["CERTIFICATE", "CERTIFICATE"]);
    expect(blocks[0]?.der[0]).toBe(0x30); // a DER SEQUENCE
  });

  test("drops blocks with headers or mismatched END labels", () => {
    const legacy =
      "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\nAAAA\n-----END RSA PRIVATE KEY-----";
    const mismatched = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END PRIVATE KEY-----";
    expect(pemBlocks(new TextEncoder().encode(legacy + mismatched))).toEqual([]);
  });
});

describe("pemDataProblem", () => {
  test("accepts certificates and unencrypted keys of every PEM flavour", () => {
    expect(pemDataProblem(CERT_DATA, "certificate")).toBeUndefined();
    expect(pemDataProblem(KEY_DATA, "privateKey")).toBeUndefined();
    for (const label of ["RSA PRIVATE KEY", "EC PRIVATE KEY"]) {
      expect(
        pemDataProblem(b64(`-----BEGIN ${label}-----\nAAAA\n-----END ${label}-----`), "privateKey"),
      ).toBeUndefined();
    }
  });

  test("explains what is wrong", () => {
    expect(pemDataProblem("@@@", "certificate")).toBe("is not valid base64");
    expect(pemDataProblem(KEY_DATA, "certificate")).toBe("must be base64 of a PEM certificate");
    expect(pemDataProblem(CERT_DATA, "privateKey")).toBe("must be base64 of an unencrypted PEM private key");
    const encrypted = b64("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----");
    expect(pemDataProblem(encrypted, "privateKey")).toBe("encrypted private keys are not supported");
  });
});
