/**
 * Which IP addresses a webhook may never reach. Pure (no Node APIs), so it is tested
 * exhaustively without a network; the Node-only guard in this folder applies it both when a URL
 * is validated and to the address a socket actually connects to.
 */

/** Why an address is refused. */
export type BlockedCategory =
  | "loopback"
  | "private"
  | "cgnat"
  | "link-local"
  | "metadata"
  | "unique-local"
  | "unspecified"
  | "multicast"
  | "reserved"
  | "invalid";

type V4Rule = [base: string, bits: number, category: BlockedCategory];
type V6Rule = [base: string, bits: number, category: BlockedCategory | "embedded-v4"];

// Order matters: the first match wins, so single metadata addresses precede their ranges.
const V4_RULES: V4Rule[] = [
  ["169.254.169.254", 32, "metadata"], // AWS, GCP, Azure, OpenStack
  ["100.100.100.200", 32, "metadata"], // Alibaba Cloud
  ["0.0.0.0", 8, "unspecified"],
  ["10.0.0.0", 8, "private"],
  ["100.64.0.0", 10, "cgnat"],
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "link-local"],
  ["172.16.0.0", 12, "private"],
  ["192.0.0.0", 24, "reserved"],
  ["192.0.2.0", 24, "reserved"],
  ["192.168.0.0", 16, "private"],
  ["198.18.0.0", 15, "reserved"],
  ["198.51.100.0", 24, "reserved"],
  ["203.0.113.0", 24, "reserved"],
  ["224.0.0.0", 4, "multicast"],
  ["240.0.0.0", 4, "reserved"],
];

const V6_RULES: V6Rule[] = [
  ["::", 128, "unspecified"],
  ["::1", 128, "loopback"],
  ["::ffff:0:0", 96, "embedded-v4"], // IPv4-mapped: the socket really talks to the IPv4 address
  ["64:ff9b::", 96, "embedded-v4"], // NAT64 well-known prefix
  ["::", 96, "reserved"], // IPv4-compatible (deprecated)
  ["64:ff9b:1::", 48, "reserved"], // local-use NAT64
  ["100::", 64, "reserved"], // discard-only
  ["2001::", 32, "reserved"], // Teredo: the IPv4 inside is obfuscated, refuse the lot
  ["2001:db8::", 32, "reserved"],
  ["2002::", 16, "embedded-v4"], // 6to4
  ["fd00:ec2::254", 128, "metadata"], // AWS IMDS over IPv6
  ["fc00::", 7, "unique-local"],
  ["fe80::", 10, "link-local"],
  ["fec0::", 10, "private"], // site-local (deprecated)
  ["ff00::", 8, "multicast"],
];

/** Parses a dotted-quad IPv4 address to an unsigned 32-bit number, or null. */
export function parseIPv4(text: string): number | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    value = value * 256 + n;
  }
  return value;
}

/** Parses an IPv6 address (zone id ignored, embedded IPv4 tail allowed) to eight 16-bit groups, or null. */
export function parseIPv6(text: string): number[] | null {
  let s = text.replace(/^\[|\]$/g, "");
  const zone = s.indexOf("%");
  if (zone >= 0) s = s.slice(0, zone);
  const tail: number[] = [];
  const lastColon = s.lastIndexOf(":");
  if (s.includes(".")) {
    const v4 = parseIPv4(s.slice(lastColon + 1));
    if (v4 === null) return null;
    tail.push(Math.floor(v4 / 65536), v4 % 65536);
    // Keep a trailing "::" (it still stands for zero groups), drop a single trailing ":".
    s = s.slice(0, lastColon + 1);
    if (!s.endsWith("::")) s = s.slice(0, -1);
  }
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const parse = (h: string | undefined): number[] | null => {
    if (h === undefined || h === "") return [];
    const out: number[] = [];
    for (const g of h.split(":")) {
      if (!/^[0-9a-f]{1,4}$/i.test(g)) return null;
      out.push(Number.parseInt(g, 16));
    }
    return out;
  };
  const head = parse(halves[0]);
  const rest = parse(halves[1]);
  if (head === null || rest === null) return null;
  const known = head.length + rest.length + tail.length;
  if (halves.length === 1) return known === 8 ? [...head, ...tail] : null;
  if (known > 7) return null;
  return [...head, ...new Array<number>(8 - known).fill(0), ...rest, ...tail];
}

function v4InRange(ip: number, base: string, bits: number): boolean {
  const b = parseIPv4(base) ?? 0;
  const size = 2 ** (32 - bits);
  return Math.floor(ip / size) === Math.floor(b / size);
}

function v6InRange(groups: number[], base: number[], bits: number): boolean {
  for (let i = 0; i < 8 && bits > 0; i++, bits -= 16) {
    const take = Math.min(16, bits);
    const mask = (0xffff << (16 - take)) & 0xffff;
    if (((groups[i] ?? 0) & mask) !== ((base[i] ?? 0) & mask)) return false;
  }
  return true;
}

function classifyV4(ip: number): BlockedCategory | null {
  for (const [base, bits, category] of V4_RULES) if (v4InRange(ip, base, bits)) return category;
  return null;
}

function embeddedV4(groups: number[], base: string): number {
  // 6to4 carries the IPv4 in groups 1-2; mapped and NAT64 addresses carry it in groups 6-7.
  const [hi, lo] = base === "2002::" ? [groups[1], groups[2]] : [groups[6], groups[7]];
  return (hi ?? 0) * 65536 + (lo ?? 0);
}

/**
 * The category that forbids connecting to `address`, or null for a public address. Anything
 * that is not a well-formed IP literal is "invalid": the guard fails closed.
 */
export function classifyAddress(address: string): BlockedCategory | null {
  const v4 = parseIPv4(address);
  if (v4 !== null) return classifyV4(v4);
  const v6 = parseIPv6(address);
  if (v6 === null) return "invalid";
  for (const [base, bits, category] of V6_RULES) {
    if (!v6InRange(v6, parseIPv6(base) ?? [], bits)) continue;
    return category === "embedded-v4" ? classifyV4(embeddedV4(v6, base)) : category;
  }
  return null;
}

/** The reason `address` must be refused under the given policy, or null when it may be used. */
export function blockedReason(address: string, policy: { allowLoopback: boolean }): BlockedCategory | null {
  const category = classifyAddress(address);
  if (category === "loopback" && policy.allowLoopback) return null;
  return category;
}
