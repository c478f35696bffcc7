import { dirname, join } from "node:path";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { unstable_readConfig } from "wrangler";
import { ROOT } from "./bundle.ts";

/** A Worker running in a local workerd, reachable over loopback HTTP. */
export interface Workerd {
  url: URL;
  /** `console` lines the Worker wrote, oldest first. */
  logs: string[];
  dispose(): Promise<void>;
}

/** How to run a bundled Worker; bindings come from wrangler.toml unless replaced here. */
export interface WorkerdOptions {
  script: string;
  /** The Postgres database behind the HYPERDRIVE binding (its `localConnectionString`). */
  databaseUrl?: string;
  /** Secrets and vars, added to (and overriding) wrangler.toml's `[vars]`. */
  vars?: Record<string, string>;
  /** Replaces the RATE_LIMITER binding's `simple.limit`. */
  rateLimit?: number;
  /** Drops bindings by name, for misconfiguration tests. */
  without?: string[];
  config?: string;
  /** Drops the Worker's console lines instead of keeping them in `logs` (benchmarks). */
  quiet?: boolean;
}

/**
 * Starts the bundle in workerd through Miniflare with wrangler.toml's compatibility settings
 * and bindings: Hyperdrive pointed at a local database, the rate-limit binding simulated
 * locally. Only loopback is listened on and nothing is fetched from Cloudflare; the dev
 * registry is off so nothing is shared between runs.
 */
export async function startWorkerd(opts: WorkerdOptions): Promise<Workerd> {
  const config: WranglerConfig = unstable_readConfig(
    { config: opts.config ?? join(ROOT, "wrangler.toml") },
    { hideWarnings: true },
  );
  const without = new Set(opts.without ?? []);
  const keep = ([name]: [string, unknown]) => !without.has(name);
  const logs: string[] = [];
  const options = convertV4MiniflareOptions({
    name: config.name ?? "worker",
    modules: true,
    scriptPath: opts.script,
    modulesRoot: dirname(opts.script),
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags,
    bindings: Object.fromEntries(Object.entries({ ...config.vars, ...opts.vars }).filter(keep)) as Record<
      string,
      string
    >,
    hyperdrives: Object.fromEntries(
      config.hyperdrive
        .map(
          (h) =>
            [h.binding, withPassword(opts.databaseUrl ?? h.localConnectionString ?? "")] as [string, string],
        )
        .filter(keep),
    ),
    ratelimits: Object.fromEntries(
      config.ratelimits
        .map((r) => {
          const simple = { limit: opts.rateLimit ?? r.simple.limit, period: r.simple.period as 10 | 60 };
          return [r.name, { namespace_id: r.namespace_id, simple }] as [
            string,
            { namespace_id: string; simple: typeof simple },
          ];
        })
        .filter(keep),
    ),
    host: "127.0.0.1",
    port: 0,
    // Miniflare otherwise downloads `request.cf` data from workers.cloudflare.com outside tests.
    cf: false,
    handleStructuredLogs: opts.quiet ? () => {} : (log) => logs.push(log.message),
  });
  const mf = new Miniflare({ ...options, enableDevRegistry: false });
  const url = await mf.ready;
  return { url, logs, dispose: () => mf.dispose() };
}

/** The parts of wrangler's parsed configuration used here (its own types resolve to any). */
interface WranglerConfig {
  name?: string;
  compatibility_date?: string;
  compatibility_flags: string[];
  vars: Record<string, unknown>;
  hyperdrive: { binding: string; localConnectionString?: string }[];
  ratelimits: { name: string; namespace_id: string; simple: { limit: number; period: number } }[];
}

/**
 * Hyperdrive insists on a password in the URL; the test Postgres uses trust auth and
 * ignores it.
 */
function withPassword(url: string): string {
  const parsed = new URL(url);
  if (!parsed.password) parsed.password = "unused";
  return parsed.toString();
}
