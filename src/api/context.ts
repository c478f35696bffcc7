import type { OpenAPIHono } from "@hono/zod-openapi";
import type { KeyRing } from "../crypto/keyring.ts";
import type { Db } from "../db/client.ts";
import type { Logger } from "../logger.ts";
import type { WebhookUrlValidator } from "../services/webhooks-url.ts";

/** What the API needs from its host, whether Node or Cloudflare Workers. */
export interface ApiDeps {
  db: Db;
  keyRing: KeyRing;
  logger: Logger;
  /** Reports whether the database answers, for /readyz. */
  ping: () => Promise<void>;
  /** Per-API-key request budget: Postgres-backed on Node, the platform binding on Workers. */
  rateLimiter: RateLimiter;
  settings: ApiSettings;
  /** Resolves and checks a webhook URL (Node); without it only literal addresses are checked (Workers). */
  validateWebhookUrl?: WebhookUrlValidator;
}

/** Counts one request against `key`'s budget; `retryAfterSeconds` matters when not `ok`. */
export interface RateLimiter {
  limit(key: string): Promise<{ ok: boolean; retryAfterSeconds: number }>;
}

/** Runtime switches taken from configuration. */
export interface ApiSettings {
  allowLoopbackClusters: boolean;
  allowInsecureWebhooks: boolean;
  allowLoopbackWebhooks: boolean;
  bodyLimitBytes: number;
}

/** The authenticated caller. */
export interface Caller {
  tenantId: string;
  keyId: string;
  scope: "read" | "write" | "admin";
}

export interface AppEnv {
  Variables: {
    requestId: string;
    deps: ApiDeps;
    caller: Caller;
    log: Logger;
  };
}

export type App = OpenAPIHono<AppEnv>;
