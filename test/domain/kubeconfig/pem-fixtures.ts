import { generateKeyPairSync } from "node:crypto";

/** Test-only PEM material: a self-signed P-256 certificate whose key was thrown away. */
export const CERT_PEM = `-----BEGIN CERTIFICATE-----
MIIBijCCAS+gAwIBAgIUIVSNuhQgRDdAn2Dt/CnUF4ZiQ6cwCgYIKoZIzj0EAwIw
GTEXMBUGA1UEAwwObWVzaGZsZWV0LXRlc3QwIBcNMjYxMTI2MDExNzQ3WhgPMjEy
NjExMDIwMTE3NDdaMBkxFzAVBgNVBAMMDm1lc2hmbGVldC10ZXN0MFkwEwYHKoZI
zj0CAQYIKoZIzj0DAQcDQgAEm+4pUi0aqBWV3Mi5BKUe4z2ufjaXuk1WkzGEAzf5
1+yWyZEi+2ekq+0AgMrTJGCI48SLB2iB1h8/U0G4B3WBB6NTMFEwHQYDVR0OBBYE
FPKV481SvY0IRkvhn5CNNroK+4mnMB8GA1UdIwQYMBaAFPKV481SvY0IRkvhn5CN
NroK+4mnMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSQAwRgIhAPPq3NfR
RKJowG/Y4kAMADZf78pQ3CKSDYXoy6OExRy9AiEA3cfAYmqjZKTDFOBcPnsBq/zx
wdkiDqJksz+KpgJfilk=
-----END CERTIFICATE-----`;

/** Generated per run so no private key is committed; vetting only checks its PEM shape. */
export const KEY_PEM = generateKeyPairSync("ec", {
  namedCurve: "P-256",
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
}).privateKey;

/** `openssl x509 -noout -fingerprint -sha256` of CERT_PEM, colons removed, lowercase. */
export const CERT_SHA256 = "00a5a1a74458ec5f06ead94b3e85858419ccfc09c78c28bfd8ff4856e54ff15b";

export const b64 = (text: string): string => btoa(text);
export const CERT_DATA = b64(CERT_PEM);
export const KEY_DATA = b64(KEY_PEM);
