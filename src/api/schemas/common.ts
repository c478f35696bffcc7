import { z } from "@hono/zod-openapi";
import { ProblemSchema } from "../errors.ts";

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: "Malformed request",
  401: "Missing, malformed, unknown or revoked API key",
  403: "The key's scope does not allow this",
  404: "Not found (or owned by another tenant)",
  409: "Conflicts with the current state",
  412: "The If-Match ETag is stale",
  413: "The body is over the size limit",
  422: "The request is invalid; `errors` names each field",
  429: "Over the API key's request limit; retry after `Retry-After` seconds",
};

/** Problem responses for a route, always including the auth ones. */
export function problems(...statuses: number[]) {
  const all = [...new Set([400, 401, 403, 422, 429, ...statuses])].sort();
  return Object.fromEntries(
    all.map((status) => [
      status,
      {
        description: PROBLEM_DESCRIPTIONS[status] ?? "Error",
        content: { "application/problem+json": { schema: ProblemSchema } },
      },
    ]),
  );
}

/** A JSON response body for route definitions. */
export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

/** A JSON request body for route definitions. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { "application/json": { schema } } };
}

export const IdParam = z.object({
  id: z
    .uuid()
    .openapi({ param: { name: "id", in: "path" }, example: "0192f6a8-2b9c-7cc1-a1d2-6c1f3e2b9a10" }),
});

/** Cursor paging shared by list endpoints. */
export const PageQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .default(50)
    .openapi({ param: { name: "limit", in: "query" } }),
  cursor: z
    .string()
    .max(200)
    .optional()
    .openapi({ param: { name: "cursor", in: "query" }, description: "`nextCursor` from the previous page" }),
});

/** Wraps an item schema in a page. */
export function page<T extends z.ZodType>(item: T, name: string) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() }).openapi(name);
}

export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export const security = [{ apiKey: [] }];
