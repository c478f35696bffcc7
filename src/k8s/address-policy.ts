import dns from "node:dns";
import net from "node:net";
import { EngineError } from "./errors.ts";

/** Whether loopback API servers are acceptable (the local test fleet); never in production. */
export interface AddressPolicy {
  allowLoopback: boolean;
}

// Link-local and cloud-metadata addresses reach the worker host's own credentials, never a cluster.
const alwaysRefused = new net.BlockList();
alwaysRefused.addSubnet("169.254.0.0", 16, "ipv4");
alwaysRefused.addSubnet("0.0.0.0", 8, "ipv4");
alwaysRefused.addSubnet("fe80::", 10, "ipv6");
alwaysRefused.addAddress("fd00:ec2::254", "ipv6");
alwaysRefused.addAddress("::", "ipv6");

const loopback = new net.BlockList();
loopback.addSubnet("127.0.0.0", 8, "ipv4");
loopback.addAddress("::1", "ipv6");

/** `::ffff:169.254.169.254` must be judged as the IPv4 address it carries. */
function unmapped(address: string): { address: string; family: "ipv4" | "ipv6" } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return { address: mapped[1], family: "ipv4" };
  return { address, family: net.isIPv4(address) ? "ipv4" : "ipv6" };
}

/** Why an IP address may not be contacted, or undefined when it may. */
export function refusedAddressReason(ip: string, policy: AddressPolicy): string | undefined {
  const { address, family } = unmapped(ip);
  if (alwaysRefused.check(address, family)) return `${ip} is a link-local, metadata or unspecified address`;
  if (!policy.allowLoopback && loopback.check(address, family)) return `${ip} is a loopback address`;
  return undefined;
}

/**
 * Checks a server URL before any connection: https only, and IP literals against the policy.
 * Host names (`localhost` included) are checked on every DNS answer by `guardedLookup`.
 */
export function assertServerAllowed(server: string, policy: AddressPolicy): URL {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new EngineError("AddressRefused", "cluster server is not a valid URL");
  }
  if (url.protocol !== "https:") throw new EngineError("AddressRefused", "cluster server must use https");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (net.isIP(host)) {
    const why = refusedAddressReason(host, policy);
    if (why) throw new EngineError("AddressRefused", `cluster server refused: ${why}`);
  }
  return url;
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for socket connects that drops refused addresses from DNS answers, so a host
 * name that resolves (or re-resolves) to the metadata service is never dialled.
 */
export function guardedLookup(policy: AddressPolicy) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const allowed = addresses.filter((a) => refusedAddressReason(a.address, policy) === undefined);
      if (allowed.length === 0) {
        const refused = new EngineError(
          "AddressRefused",
          `cluster server ${hostname} resolves only to refused addresses`,
        );
        return callback(Object.assign(refused, { code: "EADDRREFUSED" }), []);
      }
      if (options.all) return callback(null, allowed);
      const first = allowed[0]!;
      callback(null, first.address, first.family);
    });
  };
}
