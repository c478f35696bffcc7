/**
 * The Cloudflare Workers entry (wrangler.toml `main`): the same Hono app as `src/main.ts`,
 * with Postgres through Hyperdrive and configuration from bindings and secrets. Work that needs
 * Redis or the clusters goes through the outbox, which the Node workers relay.
 *
 * Nothing Node-only may be imported from here (test/edge/bundle.test.ts enforces it).
 */
import type { ExecutionContext } from "hono";
import type { App } from "../api/context.ts";
import { ApiError, toProblem } from "../api/errors.ts";
import { newId } from "../ids.ts";
import { createConsoleLogger } from "../logger.ts";
import { bootstrapAdminKey } from "../services/tenants.ts";
import { createEdgeApp } from "./app.ts";
import type { EdgeEnv } from "./bindings.ts";
import { type EdgeConfig, parseEdgeConfig } from "./config.ts";
import { openRequestDatabase, requestDb, withRequestDatabase } from "./database.ts";

type Isolate = { ok: true; app: App; config: EdgeConfig } | { ok: false; problems: string[] };

const logger = createConsoleLogger({ service: "meshfleet", runtime: "workers" });
let isolate: Promise<Isolate> | undefined;
let bootstrapped = false;

export default {
  async fetch(request: Request, env: EdgeEnv, ctx: ExecutionContext): Promise<Response> {
    isolate ??= start(env);
    const state = await isolate;
    if (!state.ok) return misconfigured(state.problems);
    const database = openRequestDatabase(state.config.HYPERDRIVE.connectionString);
    try {
      return await withRequestDatabase(database, async () => {
        if (!bootstrapped) await bootstrap(state.config);
        return state.app.fetch(request, env, ctx);
      });
    } finally {
      ctx.waitUntil(database.close());
    }
  },
};

/**
 * Parses the configuration and builds the app, once per isolate. `env` is only available to
 * handlers, so this runs on the first request; a bad configuration is logged there, one line
 * per problem, and every request answers 500 naming the variables until it is fixed.
 */
async function start(env: EdgeEnv): Promise<Isolate> {
  const parsed = parseEdgeConfig(env);
  if (!parsed.ok) {
    for (const line of parsed.problems) logger.error({ problem: line }, "invalid configuration (workers)");
    return { ok: false, problems: parsed.problems };
  }
  return { ok: true, app: await createEdgeApp(parsed.config, logger), config: parsed.config };
}

/**
 * The bootstrap admin key, as the Node entry installs it at start-up: once per isolate, and
 * only while the tenant has no key, so it never undoes a later revocation. A failure is
 * logged and retried on the next request rather than failing this one.
 */
async function bootstrap(config: EdgeConfig): Promise<void> {
  const secret = config.MESHFLEET_BOOTSTRAP_ADMIN_KEY;
  if (!secret) {
    bootstrapped = true;
    return;
  }
  try {
    const installed = await bootstrapAdminKey(requestDb(), config.MESHFLEET_BOOTSTRAP_TENANT, secret);
    if (installed) {
      logger.info({ tenant: config.MESHFLEET_BOOTSTRAP_TENANT }, "installed the bootstrap admin key");
    }
    bootstrapped = true;
  } catch (err) {
    logger.error(
      { err: { message: (err as Error).message } },
      "bootstrap admin key not installed; will retry",
    );
  }
}

function misconfigured(problems: string[]): Response {
  const detail = `the Worker is misconfigured; fix these bindings or secrets: ${problems.join("; ")}`;
  const problem = toProblem(new ApiError("internal", detail), newId());
  return Response.json(problem, { status: 500, headers: { "content-type": "application/problem+json" } });
}
