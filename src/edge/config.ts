import { z } from "zod";
import { apiEnvSchema } from "../config/api.ts";
import type { ConfigResult } from "../config/shared.ts";
import { parseKeyRingSpec } from "../crypto/keyring.ts";
import type { EdgeEnv, HyperdriveBinding, RateLimitBinding } from "./bindings.ts";

const shared = apiEnvSchema.shape;

const hyperdrive = z.custom<HyperdriveBinding>(
  (v) => typeof (v as HyperdriveBinding | undefined)?.connectionString === "string",
  "missing: add a [[hyperdrive]] binding named HYPERDRIVE to wrangler.toml",
);

const rateLimiter = z.custom<RateLimitBinding>(
  (v) => typeof (v as RateLimitBinding | undefined)?.limit === "function",
  "missing: add a [[ratelimits]] binding named RATE_LIMITER to wrangler.toml",
);

const keyRing = z
  .string({ error: "required: set it with 'wrangler secret put MESHFLEET_ENCRYPTION_KEYS'" })
  .superRefine((spec, ctx) => {
    try {
      parseKeyRingSpec(spec);
    } catch (err) {
      ctx.addIssue({ code: "custom", message: `${(err as Error).message} (format: kid:base64key[,…])` });
    }
  });

/**
 * The Worker's bindings, `[vars]` and secrets. The variables shared with the Node API reuse its
 * schemas, so one name means the same thing on both runtimes. The request limit is not here:
 * on Workers it is the `[[ratelimits]]` binding's own `simple.limit` in wrangler.toml.
 */
export const edgeEnvSchema = z.object({
  HYPERDRIVE: hyperdrive,
  RATE_LIMITER: rateLimiter,
  MESHFLEET_ENCRYPTION_KEYS: keyRing,
  MESHFLEET_ALLOW_LOOPBACK_CLUSTERS: shared.MESHFLEET_ALLOW_LOOPBACK_CLUSTERS,
  MESHFLEET_ALLOW_INSECURE_WEBHOOKS: shared.MESHFLEET_ALLOW_INSECURE_WEBHOOKS,
  MESHFLEET_ALLOW_LOOPBACK_WEBHOOKS: shared.MESHFLEET_ALLOW_LOOPBACK_WEBHOOKS,
  MESHFLEET_BODY_LIMIT_BYTES: shared.MESHFLEET_BODY_LIMIT_BYTES,
  MESHFLEET_BOOTSTRAP_ADMIN_KEY: shared.MESHFLEET_BOOTSTRAP_ADMIN_KEY,
  MESHFLEET_BOOTSTRAP_TENANT: shared.MESHFLEET_BOOTSTRAP_TENANT,
});

export type EdgeConfig = z.output<typeof edgeEnvSchema>;

/**
 * Parses the Worker's `env` once per isolate. Empty strings count as unset, as on Node.
 * Problems come back as `NAME: message` lines; no value is ever echoed.
 */
export function parseEdgeConfig(env: EdgeEnv): ConfigResult<EdgeConfig> {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = edgeEnvSchema.safeParse(cleaned);
  if (result.success) return { ok: true, config: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => `${issue.path.join(".") || "env"}: ${issue.message}`),
  };
}
