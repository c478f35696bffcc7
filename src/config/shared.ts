import { z } from "zod";

/** Environment booleans: only the spellings people actually write. */
export const envBoolean = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

/** A parsed configuration, or one line per invalid variable. */
export type ConfigResult<T> = { ok: true; config: T } | { ok: false; problems: string[] };

/** Parses `env` with `schema`, turning zod issues into `NAME: message` lines. */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined>,
): ConfigResult<z.output<S>> {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (result.success) return { ok: true, config: result.data };
  return {
    ok: false,
    problems: result.error.issues.map(
      (issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`,
    ),
  };
}

/** Prints every problem and exits non-zero: for entry points only, never library code. */
export function configOrExit<T>(result: ConfigResult<T>, entry: string): T {
  if (result.ok) return result.config;
  for (const line of result.problems) process.stderr.write(`invalid configuration (${entry}): ${line}\n`);
  process.exit(1);
}

/** Variables the API and the workers share: storage, the key ring, address policy, logging. */
export const commonEnv = {
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default("redis://127.0.0.1:6379"),
  MESHFLEET_DATA_DIR: z.string().default("./.meshfleet"),
  MESHFLEET_ENCRYPTION_KEYS: z.string().optional(),
  MESHFLEET_ALLOW_LOOPBACK_CLUSTERS: envBoolean.default(false),
  /** Allow http:// webhook targets (local testing only). */
  MESHFLEET_ALLOW_INSECURE_WEBHOOKS: envBoolean.default(false),
  MESHFLEET_ALLOW_LOOPBACK_WEBHOOKS: envBoolean.default(false),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
};

/** An external database needs the key ring given explicitly: it can't be generated per host. */
export function requireKeysWithDatabase(
  env: { DATABASE_URL?: string | undefined; MESHFLEET_ENCRYPTION_KEYS?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (env.DATABASE_URL && !env.MESHFLEET_ENCRYPTION_KEYS) {
    ctx.addIssue({
      code: "custom",
      path: ["MESHFLEET_ENCRYPTION_KEYS"],
      message: "required when DATABASE_URL is set (format: kid:base64-32-byte-key[,kid:key…], newest first)",
    });
  }
}
