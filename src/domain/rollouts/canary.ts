import { compareStrings } from "./order.ts";

/**
 * cyrb53: a fast 53-bit string hash (public domain, by bryc). Not cryptographic; it only has to
 * spread cluster ids evenly and give the same number on every run and platform.
 */
export function cyrb53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * Picks `count` canary candidates deterministically: ranks them by cyrb53(seed + "\0" + id),
 * ties by id, and takes the lowest. The rank depends only on the seed and each cluster's own
 * id, so the choice does not change with the order clusters are listed in, and a different
 * seed (the rollout id) spreads canary duty across the fleet.
 */
export function pickCanaryIds(
  candidates: readonly { id: string }[],
  count: number,
  seed: string,
): Set<string> {
  const ranked = candidates.map(({ id }) => ({ id, rank: cyrb53(`${seed}\0${id}`) }));
  ranked.sort((a, b) => a.rank - b.rank || compareStrings(a.id, b.id));
  return new Set(ranked.slice(0, count).map(({ id }) => id));
}
