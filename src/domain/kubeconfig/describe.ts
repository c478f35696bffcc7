import { sha256Hex } from "../releases/digest.ts";
import { decodeBase64, pemBlocks } from "./pem.ts";
import type { VettedKubeconfig } from "./types.ts";

/** What the API may show about a stored kubeconfig: never the credential itself. */
export interface KubeconfigDescription {
  server: string;
  authKind: "token" | "clientCertificate";
  /** Hex SHA-256 identifying the credential, stable across re-uploads of the same one. */
  fingerprint: string;
}

/**
 * Describes a vetted kubeconfig. The fingerprint is checkable by the user: for a token it is
 * `printf %s "$TOKEN" | sha256sum`; for a client certificate it is the certificate's own
 * SHA-256 fingerprint (`openssl x509 -noout -fingerprint -sha256`, without colons).
 */
export async function describeKubeconfig(v: VettedKubeconfig): Promise<KubeconfigDescription> {
  const fingerprint =
    v.auth.kind === "token"
      ? await sha256Hex(v.auth.token)
      : await sha256Hex(certificateDer(v.auth.certData));
  return { server: v.server, authKind: v.auth.kind, fingerprint };
}

/** DER of the first certificate; vetting guarantees one exists, the fallback keeps this total. */
function certificateDer(certData: string): Uint8Array | string {
  const bytes = decodeBase64(certData);
  const block = bytes && pemBlocks(bytes).find((b) => b.label === "CERTIFICATE");
  return block?.der ?? certData;
}
