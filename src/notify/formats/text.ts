/** Text helpers shared by the chat formats. All pure. */
import type { RolloutSummary } from "../event.ts";

const ELLIPSIS = "…";

/** Cuts `text` to at most `max` UTF-16 units, ending in an ellipsis, never splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return "";
  let cut = max - ELLIPSIS.length;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return text.slice(0, Math.max(cut, 0)) + ELLIPSIS;
}

/** Collapses whitespace and newlines: user text must not break a one-line list item. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** The progress line every chat format shows, e.g. `wave 3/7 · 41/120 clusters ready · 1 failed`. */
export function progressLine(r: RolloutSummary): string {
  return `wave ${r.wave}/${r.waves} · ${r.clustersReady}/${r.clustersTotal} clusters ready · ${r.clustersFailed} failed`;
}

/** `…and 480 more failures` for the part of a list that was left out. */
export function moreLine(hidden: number, noun: string): string {
  return `…and ${hidden} more ${noun}`;
}

/** UTF-8 size of a string, for byte-limited receivers (Google Chat). */
export function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

/**
 * Renders with fewer and fewer list items until the payload fits. The first try is the
 * preferred length; halving keeps the number of renders logarithmic for huge lists.
 */
export function fitItems<T>(
  preferred: number,
  render: (maxItems: number) => T,
  fits: (out: T) => boolean,
): T {
  let n = preferred;
  for (;;) {
    const out = render(n);
    if (fits(out) || n === 0) return out;
    n = Math.floor(n / 2);
  }
}
