import { pino } from "pino";
import type { Logger } from "./logger.ts";

/** Paths pino blanks out wherever they appear in a log object. */
const REDACT = [
  "kubeconfig",
  "*.kubeconfig",
  "token",
  "*.token",
  "secret",
  "*.secret",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "req.headers.authorization",
];

/** The Node logger: structured JSON lines on stdout. */
export function createPinoLogger(level: string, bindings: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: { service: "meshfleet", ...bindings },
    redact: { paths: REDACT, censor: "[redacted]" },
  });
}
