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
