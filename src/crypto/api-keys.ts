import { randomBytes, sha256Hex, toBase64Url } from "./encoding.ts";

/** API keys look like `mf_<43 url-safe chars>`: 32 random bytes. */
export const API_KEY_PATTERN = /^mf_[A-Za-z0-9_-]{32,}$/;

/** A new random API key. Shown to the caller once; only its hash is stored. */
export function generateApiKey(): string {
  return `mf_${toBase64Url(randomBytes(32))}`;
}

/** The stored form of a key: SHA-256 hex. Keys are high-entropy, so no salt or KDF is needed. */
export function hashApiKey(key: string): Promise<string> {
  return sha256Hex(key);
}

/** The part of a key safe to show in listings. */
export function apiKeyPrefix(key: string): string {
  return key.slice(0, 10);
}
