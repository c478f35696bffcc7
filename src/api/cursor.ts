import { UUID_PATTERN } from "../ids.ts";
import { ApiError } from "./errors.ts";

/** Cursors are opaque to callers; inside they are the last id (or sequence) of the page. */
export function encodeCursor(last: string | number): string {
  return btoa(String(last)).replace(/=+$/, "");
}

/** Decodes a uuid cursor; 422 naming `cursor` when it was tampered with. */
export function decodeIdCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const value = safeAtob(cursor);
  if (!value || !UUID_PATTERN.test(value))
    throw ApiError.validation([{ field: "query.cursor", message: "invalid cursor" }]);
  return value;
}

/** Decodes a sequence-number cursor. */
export function decodeSeqCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  const value = Number(safeAtob(cursor));
  if (!Number.isSafeInteger(value) || value < 0) {
    throw ApiError.validation([{ field: "query.cursor", message: "invalid cursor" }]);
  }
  return value;
}

/** Splits a `limit + 1` fetch into a page and the cursor of its last item. */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => string | number) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}

function safeAtob(text: string): string | undefined {
  try {
    return atob(text);
  } catch {
    return undefined;
  }
}
