/** Strict base64 and PEM decoding for the kubeconfig's `*-data` fields (pure, no Buffer). */

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decodes standard padded base64, ignoring line breaks and spaces (kubectl tolerates wrapped
 * data). Returns undefined for anything else, including the URL-safe alphabet.
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  const compact = text.replace(/\s+/g, "");
  if (compact === "" || !BASE64.test(compact)) return undefined;
  return Uint8Array.from(atob(compact), (c) => c.charCodeAt(0));
}

/** One `-----BEGIN X-----` block: its label and the DER bytes it carries. */
export interface PemBlock {
  label: string;
  der: Uint8Array;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/**
 * The PEM blocks in decoded `*-data` bytes. Blocks with headers (legacy encrypted keys) or a
 * body that is not base64 are dropped, so callers see them as missing.
 */
export function pemBlocks(bytes: Uint8Array): PemBlock[] {
  const text = new TextDecoder().decode(bytes);
  const blocks: PemBlock[] = [];
  for (const match of text.matchAll(BLOCK)) {
    const der = decodeBase64(match[2] ?? "");
    if (der) blocks.push({ label: match[1] ?? "", der });
  }
  return blocks;
}

/** What a `*-data` field must hold: certificates (CA bundle, client cert) or a private key. */
export type PemExpectation = "certificate" | "privateKey";

/**
 * Why a `*-data` value is unusable, or undefined when it is base64 of the expected PEM.
 * Checked here so a wrong paste is a 422 at registration, not a TLS error at install time.
 */
export function pemDataProblem(value: string, expect: PemExpectation): string | undefined {
  const bytes = decodeBase64(value);
  if (!bytes) return "is not valid base64";
  const labels = pemBlocks(bytes).map((b) => b.label);
  if (expect === "certificate") {
    return labels.includes("CERTIFICATE") ? undefined : "must be base64 of a PEM certificate";
  }
  if (labels.includes("ENCRYPTED PRIVATE KEY")) return "encrypted private keys are not supported";
  return labels.some((l) => /^(?:RSA |EC )?PRIVATE KEY$/.test(l))
    ? undefined
    : "must be base64 of an unencrypted PEM private key";
}
