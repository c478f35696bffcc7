/**
 * The Workers platform surface this entry uses, typed locally: the project's TypeScript lib is
 * DOM + Node, and pulling in `@cloudflare/workers-types` globally would clash with both.
 */

/** A Hyperdrive binding: a connection string to Hyperdrive's pooled proxy for this isolate. */
export interface HyperdriveBinding {
  readonly connectionString: string;
}

/** A `[[ratelimits]]` binding: counts one hit for `key` and says whether it is within budget. */
export interface RateLimitBinding {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

/** The Worker's `env`: bindings from wrangler.toml, `[vars]` and secrets. Parsed by config.ts. */
export type EdgeEnv = Record<string, unknown>;
