import { OpenAPIHono } from "@hono/zod-openapi";
import { Scalar } from "@scalar/hono-api-reference";
import { bodyLimit } from "hono/body-limit";
import { DomainValidationError } from "../domain/errors.ts";
import { newId } from "../ids.ts";
import type { ApiDeps, App, AppEnv } from "./context.ts";
import { ApiError, toProblem, zodIssuesToFields } from "./errors.ts";
import { authenticate } from "./middleware/auth.ts";
import { idempotency } from "./middleware/idempotency.ts";
import { rateLimit } from "./middleware/rate-limit.ts";
import { registerRoutes } from "./routes/index.ts";

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Info block of the generated OpenAPI document. */
export const OPENAPI_INFO = {
  openapi: "3.1.0",
  info: {
    title: "meshfleet API",
    version: "1.0.0",
    description:
      "Register clusters, upload Istio releases, define mesh profiles and roll them out across a fleet.",
  },
};

/** Builds the HTTP app. The same app serves Node and Cloudflare Workers; `deps` differ. */
export function createApp(deps: ApiDeps): App {
  const app: App = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const target = result.target === "json" ? "" : result.target === "query" ? "query" : result.target;
        throw ApiError.validation(zodIssuesToFields(result.error.issues, target === "param" ? "" : target));
      }
    },
  });

  app.use("*", async (c, next) => {
    const given = c.req.header("x-request-id");
    const requestId = given && REQUEST_ID.test(given) ? given : newId();
    c.set("requestId", requestId);
    c.set("deps", deps);
    c.set("log", deps.logger.child({ requestId }));
    c.header("x-request-id", requestId);
    const started = performance.now();
    await next();
    c.var.log.info(
      {
        method: c.req.method,
        path: new URL(c.req.url).pathname,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      "request",
    );
  });

  app.use(
    "/v1/*",
    bodyLimit({
      maxSize: deps.settings.bodyLimitBytes,
      onError: () => {
        throw new ApiError(
          "payload_too_large",
          `the request body is over ${deps.settings.bodyLimitBytes} bytes`,
        );
      },
    }),
  );
  app.use("/v1/*", authenticate);
  app.use("/v1/*", rateLimit);
  app.use("/v1/*", idempotency);

  app.openAPIRegistry.registerComponent("securitySchemes", "apiKey", {
    type: "http",
    scheme: "bearer",
    description: "An API key: `Authorization: Bearer mf_…`",
  });
  registerRoutes(app);
  app.doc31("/openapi.json", OPENAPI_INFO);
  app.get("/docs", Scalar({ url: "/openapi.json", pageTitle: "meshfleet API" }));

  app.notFound((c) => {
    const problem = toProblem(
      new ApiError("not_found", `no route for ${c.req.method} ${c.req.path}`),
      c.var.requestId,
    );
    return c.json(problem, 404, { "content-type": "application/problem+json" });
  });

  app.onError((err, c) => {
    const error = toApiError(err);
    if (error.status >= 500) {
      c.var.log.error(
        { err: { message: (err as Error).message, stack: (err as Error).stack } },
        "unhandled error",
      );
    }
    const problem = toProblem(error, c.var.requestId ?? "unknown", new URL(c.req.url).pathname);
    return c.json(problem, error.status as 400, {
      "content-type": "application/problem+json",
      ...error.headers,
    });
  });

  return app;
}

function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof DomainValidationError) return ApiError.validation(err.issues);
  if (err instanceof SyntaxError)
    return new ApiError("bad_request", `the body is not valid JSON: ${err.message}`);
  if (err && typeof err === "object" && "status" in err && (err as { status: unknown }).status === 400) {
    return new ApiError("bad_request", String((err as { message?: unknown }).message ?? "malformed request"));
  }
  return new ApiError("internal", "an internal error occurred; quote the requestId when reporting it");
}
