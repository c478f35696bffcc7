/** Semantic Versioning 2.0.0 parsing and precedence, small enough not to need a dependency. */

export interface Semver {
  major: number;
  minor: number;
  patch: number;
  /** Dot-separated pre-release identifiers (`1.25.0-beta.1` → ["beta", "1"]). */
  prerelease: string[];
  build: string[];
}

const IDENT = "(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)";
const SEMVER = new RegExp(
  `^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-(${IDENT}(?:\\.${IDENT})*))?(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$`,
);

/** Parses a strict semver (`1.24.2`, `1.25.0-beta.1+build`); no leading `v`. */
export function parseSemver(text: string): Semver | undefined {
  const m = SEMVER.exec(text);
  if (!m) return undefined;
  const [major, minor, patch] = [m[1], m[2], m[3]].map(Number) as [number, number, number];
  if (![major, minor, patch].every(Number.isSafeInteger)) return undefined;
  return { major, minor, patch, prerelease: m[4]?.split(".") ?? [], build: m[5]?.split(".") ?? [] };
}

/** Whether `text` is a strict semantic version. */
export function isValidSemver(text: string): boolean {
  return parseSemver(text) !== undefined;
}

/** Semver precedence: negative, zero or positive like a sort comparator; build metadata is ignored. */
export function compareSemver(a: Semver, b: Semver): number {
  const core = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (core !== 0) return Math.sign(core);
  const aPre = a.prerelease.length > 0;
  const bPre = b.prerelease.length > 0;
  // A pre-release sorts before its release: 1.25.0-rc.0 < 1.25.0.
  if (!aPre || !bPre) return aPre === bPre ? 0 : aPre ? -1 : 1;
  for (let i = 0; i < Math.max(a.prerelease.length, b.prerelease.length); i++) {
    const x = a.prerelease[i];
    const y = b.prerelease[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const order = compareIdentifier(x, y);
    if (order !== 0) return order;
  }
  return 0;
}

function compareIdentifier(x: string, y: string): number {
  const xNum = /^\d+$/.test(x);
  const yNum = /^\d+$/.test(y);
  if (xNum && yNum) return Math.sign(Number(x) - Number(y));
  if (xNum !== yNum) return xNum ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}
