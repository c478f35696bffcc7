import { randomBytes, toHex } from "./crypto/encoding.ts";

/**
 * UUIDv7: time-ordered, so primary keys double as stable cursor keys and new rows land at
 * the end of the index.
 */
export function newId(nowMs = Date.now()): string {
  const bytes = randomBytes(16);
  let ts = nowMs;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ts & 0xff;
    ts = Math.floor(ts / 256);
  }
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = toHex(bytes);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
