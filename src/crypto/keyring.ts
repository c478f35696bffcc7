import { fromBase64, randomBytes, toBase64, toBase64Url, utf8 } from "./encoding.ts";

/**
 * AES-256-GCM envelope encryption with a key ring. New writes use the first (current) key;
 * older keys still decrypt. Uses Web Crypto only, so a value sealed on Node opens on
 * Cloudflare Workers and the reverse.
 *
 * Envelope: `v1.<kid>.<base64url iv>.<base64url ciphertext+tag>`.
 */
export interface KeyRing {
  currentKeyId: string;
  seal(plaintext: string, aad: string): Promise<string>;
  open(envelope: string, aad: string): Promise<string>;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** Parses `kid:base64key[,kid:base64key…]`; throws with a message naming what is wrong. */
export function parseKeyRingSpec(spec: string): { id: string; key: Uint8Array<ArrayBuffer> }[] {
  const entries = spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new Error("the key ring is empty");
  const seen = new Set<string>();
  return entries.map((entry, i) => {
    const sep = entry.indexOf(":");
    const id = entry.slice(0, sep);
    if (sep < 1 || !KEY_ID.test(id)) throw new Error(`key ${i + 1}: expected kid:base64key`);
    if (seen.has(id)) throw new Error(`key ${i + 1}: duplicate key id ${id}`);
    seen.add(id);
    let key: Uint8Array<ArrayBuffer>;
    try {
      key = fromBase64(entry.slice(sep + 1));
    } catch {
      throw new Error(`key ${id}: not valid base64`);
    }
    if (key.length !== 32) throw new Error(`key ${id}: must be 32 bytes (AES-256), got ${key.length}`);
    return { id, key };
  });
}

/** A new key ring spec with one random key, for the embedded default. */
export function generateKeyRingSpec(id = "local1"): string {
  return `${id}:${toBase64(randomBytes(32))}`;
}

/** Builds a key ring from a spec string (see parseKeyRingSpec). */
export async function createKeyRing(spec: string): Promise<KeyRing> {
  const parsed = parseKeyRingSpec(spec);
  const keys = new Map<string, CryptoKey>();
  for (const { id, key } of parsed) {
    keys.set(id, await crypto.subtle.importKey("raw", key, "AES-GCM", false, ["encrypt", "decrypt"]));
  }
  const currentKeyId = parsed[0]!.id;
  return {
    currentKeyId,
    async seal(plaintext, aad) {
      const iv = randomBytes(12);
      const sealed = await crypto.subtle.encrypt(
        { name: "AES-GCM", iv, additionalData: utf8.encode(aad) },
        keys.get(currentKeyId)!,
        utf8.encode(plaintext),
      );
      return `v1.${currentKeyId}.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(sealed))}`;
    },
    async open(envelope, aad) {
      const [version, kid, iv, data] = envelope.split(".");
      if (version !== "v1" || !kid || !iv || !data) throw new Error("malformed envelope");
      const key = keys.get(kid);
      if (!key) throw new Error(`no key with id ${kid} in the key ring`);
      const plain = await crypto.subtle.decrypt(
        { name: "AES-GCM", iv: fromBase64(iv), additionalData: utf8.encode(aad) },
        key,
        fromBase64(data),
      );
      return utf8.decode(new Uint8Array(plain));
    },
  };
}

/** Additional data binding a secret to its tenant and object, so rows can't be swapped. */
export function secretAad(
  purpose: "kubeconfig" | "webhook-secret",
  tenantId: string,
  objectId: string,
): string {
  return `meshfleet:${purpose}:${tenantId}:${objectId}`;
}
