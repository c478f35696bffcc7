import { z } from "zod";
import { commonEnv, envBoolean, parseEnv, requireKeysWithDatabase } from "./shared.ts";

/** Variables read by the API entry point (Node). See README for each. */
export const apiEnvSchema = z
  .object({
    ...commonEnv,
    PORT: z.coerce.number().int().min(0).max(65535).default(8080),
    HOST: z.string().default("127.0.0.1"),
    MESHFLEET_BOOTSTRAP_ADMIN_KEY: z
      .string()
      .regex(/^mf_[A-Za-z0-9_-]{32,}$/, "must look like mf_ followed by at least 32 url-safe characters")
      .optional(),
    MESHFLEET_BOOTSTRAP_TENANT: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/)
      .default("default"),
    MESHFLEET_RUN_WORKERS: envBoolean.default(true),
    MESHFLEET_BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(8 * 1024 * 1024),
    MESHFLEET_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  })
  .superRefine(requireKeysWithDatabase);

export type ApiConfig = z.output<typeof apiEnvSchema>;

/** Parses the API's environment. */
export function parseApiConfig(env: Record<string, string | undefined>) {
  return parseEnv(apiEnvSchema, env);
}
