/**
 * Standard Webhooks signing (standardwebhooks.com) on Web Crypto only, so the same code runs in
 * Node and on Cloudflare Workers.
 */
import { base64ToBytes, bytesToBase64 } from "./base64.ts";

const SECRET_PREFIX = "whsec_";
const SECRET_BYTES = 32;
// Importing an HMAC key costs about as much as signing; a busy endpoint signs thousands of times.
const KEY_CACHE_LIMIT = 512;
const keyCache = new Map<string, Promise<CryptoKey>>();
const encoder = new TextEncoder();

/** A new signing secret: `whsec_` + base64 of 32 random bytes. Show it once, store it encrypted. */
export function generateWebhookSecret(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(SECRET_BYTES));
  return SECRET_PREFIX + bytesToBase64(bytes);
}

/** The raw key bytes of a `whsec_…` secret (the prefix is optional, as in the reference libraries). */
export function decodeWebhookSecret(secret: string): Uint8Array {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const bytes = base64ToBytes(encoded);
  // The scheme asks for 24–64 bytes; anything shorter is a broken or truncated secret.
  if (bytes.length < 24 || bytes.length > 64) throw new TypeError("webhook secret must hold 24-64 bytes");
  return bytes;
}

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (key === undefined) {
    const raw = decodeWebhookSecret(secret);
    key = globalThis.crypto.subtle.importKey(
      "raw",
      raw as Uint8Array<ArrayBuffer>,
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    if (keyCache.size >= KEY_CACHE_LIMIT) {
      const oldest = keyCache.keys().next().value;
      if (oldest !== undefined) keyCache.delete(oldest);
    }
    keyCache.set(secret, key);
  }
  return key;
}

/** What is signed: the message id, the unix timestamp in seconds and the exact body sent. */
export interface SignInput {
  id: string;
  /** Unix seconds. */
  timestamp: number;
  body: string;
  /** Every secret currently valid; during rotation both the old and the new one. */
  secrets: readonly string[];
}

/**
 * The `webhook-signature` header value: one `v1,<base64 HMAC-SHA256>` per secret, space
 * separated, over `${id}.${timestamp}.${body}`. Receivers accept any one matching signature,
 * which is what lets a secret rotate without a gap.
 */
export async function signPayload(input: SignInput): Promise<string> {
  if (input.secrets.length === 0) throw new TypeError("at least one secret is needed to sign");
  if (!Number.isInteger(input.timestamp)) throw new TypeError("timestamp must be whole unix seconds");
  const content = encoder.encode(`${input.id}.${input.timestamp}.${input.body}`);
  const signatures = await Promise.all(
    input.secrets.map(async (secret) => {
      const mac = await globalThis.crypto.subtle.sign("HMAC", await hmacKey(secret), content);
      return `v1,${bytesToBase64(new Uint8Array(mac))}`;
    }),
  );
  return signatures.join(" ");
}

/** The three Standard Webhooks headers for one attempt. */
export async function signedHeaders(input: SignInput): Promise<Record<string, string>> {
  return {
    "webhook-id": input.id,
    "webhook-timestamp": String(input.timestamp),
    "webhook-signature": await signPayload(input),
  };
}
