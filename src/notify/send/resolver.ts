/** Host name resolution for the SSRF guard (Node-only). */
import { lookup } from "node:dns/promises";

/** One address a host name resolves to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * Resolves a host name to all its addresses. Injectable so tests can play a DNS server that
 * changes its answer between validation and connect (rebinding) without a real one.
 */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** The system resolver (getaddrinfo, so /etc/hosts applies as it does for every other client). */
export const systemResolver: Resolver = async (hostname) => {
  const found = await lookup(hostname, { all: true, order: "verbatim" });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};
