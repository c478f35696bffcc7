/** Kubernetes minor versions a release supports, inclusive: `{ min: "1.29", max: "1.33" }`. */
export interface KubernetesRange {
  min: string;
  max: string;
}

/** `1.20` → 20. Only Kubernetes 1.x exists; anything else is a malformed range. */
function minorOf(version: string): number | undefined {
  const match = /^v?1\.(\d+)/.exec(version.trim());
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/**
 * Reads the server's minor version from `/version`. `minor` may carry a `+` on managed
 * offerings (`"27+"` on EKS); gitVersion is the fallback.
 */
export function serverMinor(info: {
  major?: string;
  minor?: string;
  gitVersion?: string;
}): number | undefined {
  const minor = info.minor ? Number.parseInt(info.minor, 10) : Number.NaN;
  if (info.major === "1" && Number.isFinite(minor)) return minor;
  return info.gitVersion ? minorOf(info.gitVersion) : undefined;
}

/** Why a server minor is outside the range, or undefined when inside. */
export function outsideRange(minor: number, range: KubernetesRange): string | undefined {
  const min = minorOf(range.min);
  const max = minorOf(range.max);
  if (min === undefined || max === undefined) return `supported range ${range.min}–${range.max} is malformed`;
  if (minor < min || minor > max)
    return `Kubernetes 1.${minor} is outside the supported range ${range.min}–${range.max}`;
  return undefined;
}
