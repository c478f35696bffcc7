/**
 * Classifies IP literals a cluster server may point at. Cluster API servers are often on
 * private ranges (10.x), which is fine; the cloud metadata and link-local ranges never are,
 * and loopback is only allowed when configuration says so (tests).
 */
export type AddressClass = "linkLocal" | "loopback" | "unspecified" | "other";

/**
 * The class of an IP literal (`169.254.169.254`, `::1`, `[fd00:ec2::254]`), or undefined for a
 * hostname. The engine calls this again on resolved addresses at connect time.
 */
export function classifyAddress(host: string): AddressClass | undefined {
  const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  const v4 = parseIpv4(bare);
  if (v4) return classifyIpv4(v4);
  const v6 = parseIpv6(bare);
  return v6 ? classifyIpv6(v6) : undefined;
}

function classifyIpv4([a, b]: number[]): AddressClass {
  if (a === 169 && b === 254) return "linkLocal";
  if (a === 127) return "loopback";
  if (a === 0) return "unspecified";
  return "other";
}

function classifyIpv6(g: number[]): AddressClass {
  const prefixZero = (n: number) => g.slice(0, n).every((x) => x === 0);
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d)
  // reach the IPv4 address they embed.
  const embedsV4 =
    (prefixZero(5) && (g[5] === 0xffff || (g[5] === 0 && (g[6] ?? 0) > 0))) ||
    (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0));
  if (embedsV4) {
    const [hi = 0, lo = 0] = g.slice(6);
    return classifyIpv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  }
  if (prefixZero(7) && g[7] === 1) return "loopback";
  if (prefixZero(8)) return "unspecified";
  if (((g[0] ?? 0) & 0xffc0) === 0xfe80) return "linkLocal";
  // AWS's IPv6 instance metadata endpoint, fd00:ec2::254.
  if (g[0] === 0xfd00 && g[1] === 0x0ec2 && g.slice(2, 7).every((x) => x === 0) && g[7] === 0x254) {
    return "linkLocal";
  }
  return "other";
}

function parseIpv4(text: string): number[] | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^(?:0|[1-9][0-9]{0,2})$/.test(p))) return undefined;
  const octets = parts.map(Number);
  return octets.every((o) => o <= 255) ? octets : undefined;
}

/** Eight 16-bit groups, or undefined. Zone ids (`%eth0`) are stripped; a link-local stays one. */
function parseIpv6(text: string): number[] | undefined {
  let rest = text.replace(/%.*$/, "");
  if (!rest.includes(":")) return undefined;
  const tail: number[] = [];
  const v4Match = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(rest);
  if (v4Match) {
    const v4 = parseIpv4(v4Match[2] ?? "");
    if (!v4) return undefined;
    tail.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
    rest = `${v4Match[1]}0`; // placeholder group, dropped below
  }
  const halves = rest.split("::");
  if (halves.length > 2) return undefined;
  const parse = (s: string) => (s === "" ? [] : s.split(":"));
  const head = parse(halves[0] ?? "");
  const back = halves.length === 2 ? parse(halves[1] ?? "") : [];
  if (v4Match) (back.length > 0 ? back : head).pop();
  if (![...head, ...back].every((x) => /^[0-9a-fA-F]{1,4}$/.test(x))) return undefined;
  const known = head.length + back.length + tail.length;
  if (halves.length === 1 ? known !== 8 : known > 7) return undefined;
  const zeros = new Array<number>(8 - known).fill(0);
  return [...head.map(hex), ...zeros, ...back.map(hex), ...tail];
}

const hex = (s: string) => Number.parseInt(s, 16);
