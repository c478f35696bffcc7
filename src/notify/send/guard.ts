/**
 * The connect-time half of the SSRF guard (Node-only): an undici connector whose DNS lookup
 * refuses blocked addresses before connecting, so a DNS answer that changed since validation
 * (rebinding) never gets a connection. The socket's actual peer address is checked again once
 * connected, as a second line, before any HTTP byte is written.
 */
import { isIP, type LookupFunction } from "node:net";
import { buildConnector } from "undici";
import { blockedReason } from "./blocked-address.ts";
import { BlockedAddressError } from "./errors.ts";
import type { Resolver } from "./resolver.ts";

/** Options of the guarded connector. */
export interface GuardOptions {
  allowLoopback: boolean;
  resolve: Resolver;
  connectTimeoutMs: number;
}

function guardedLookup(opts: GuardOptions): LookupFunction {
  return (hostname, options, callback) => {
    opts.resolve(hostname).then(
      (all) => {
        for (const a of all) {
          const category = blockedReason(a.address, opts);
          if (category !== null)
            return callback(new BlockedAddressError(hostname, a.address, category), "", 4);
        }
        const usable = options.family ? all.filter((a) => a.family === options.family) : all;
        const first = usable[0];
        if (first === undefined) {
          return callback(
            Object.assign(new Error(`${hostname} has no usable address`), { code: "ENOTFOUND" }),
            "",
            4,
          );
        }
        if (options.all) return callback(null, usable as never);
        callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, "", 4),
    );
  };
}

/** An undici `connect` function that only ever opens sockets to allowed addresses. */
export function guardedConnector(opts: GuardOptions): buildConnector.connector {
  const base = buildConnector({ lookup: guardedLookup(opts), timeout: opts.connectTimeoutMs });
  return (options, callback) => {
    // Node skips `lookup` for IP literals, so those are checked here, before connecting.
    const host = options.hostname.replace(/^\[|\]$/g, "");
    if (isIP(host) !== 0) {
      const category = blockedReason(host, opts);
      if (category !== null) return callback(new BlockedAddressError(host, host, category), null);
    }
    base(options, (error, socket) => {
      if (error !== null) return callback(error, null);
      const peer = socket.remoteAddress;
      const category = peer === undefined ? "invalid" : blockedReason(peer, opts);
      if (category !== null) {
        socket.destroy();
        return callback(new BlockedAddressError(host, peer ?? "unknown", category), null);
      }
      callback(null, socket);
    });
  };
}
