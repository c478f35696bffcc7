import { z } from "@hono/zod-openapi";

/** The closed set of error codes, each with its HTTP status and title. */
export const ERROR_CODES = {
  bad_request: { status: 400, title: "Bad request" },
  unauthorized: { status: 401, title: "Unauthorized" },
  forbidden: { status: 403, title: "Forbidden" },
  not_found: { status: 404, title: "Not found" },
  conflict: { status: 409, title: "Conflict" },
  precondition_failed: { status: 412, title: "Precondition failed" },
  payload_too_large: { status: 413, title: "Payload too large" },
  unsupported_media_type: { status: 415, title: "Unsupported media type" },
  validation_failed: { status: 422, title: "Validation failed" },
  idempotency_key_reused: { status: 422, title: "Idempotency key reused with a different request" },
  rate_limited: { status: 429, title: "Too many requests" },
  internal: { status: 500, title: "Internal error" },
  unavailable: { status: 503, title: "Service unavailable" },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** One invalid field: a dotted path into the request and what is wrong with it. */
export interface FieldIssue {
  field: string;
  message: string;
}

/** The one error type the API throws; `onError` renders it as problem+json. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly detail: string;
  readonly errors: FieldIssue[] | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: ErrorCode,
    detail: string,
    extra: { errors?: FieldIssue[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.code = code;
    this.detail = detail;
    this.errors = extra.errors;
    this.headers = extra.headers;
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }

  /** A 422 naming every invalid field; the detail names the first. */
  static validation(errors: FieldIssue[]): ApiError {
    const first = errors[0];
    const detail = first ? `${first.field}: ${first.message}` : "the request is invalid";
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem(s), see errors)` : "";
    return new ApiError("validation_failed", detail + more, { errors });
  }

  static notFound(what: string): ApiError {
    return new ApiError("not_found", `${what} was not found`);
  }
}

/** RFC 9457 problem details as meshfleet renders them. */
export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: "urn:meshfleet:problem:validation_failed" }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    requestId: z.string(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem");

export type Problem = z.infer<typeof ProblemSchema>;

/** Renders an ApiError as a problem+json body. */
export function toProblem(error: ApiError, requestId: string, instance?: string): Problem {
  return {
    type: `urn:meshfleet:problem:${error.code}`,
    title: ERROR_CODES[error.code].title,
    status: error.status,
    detail: error.detail,
    ...(instance ? { instance } : {}),
    requestId,
    ...(error.errors ? { errors: error.errors } : {}),
  };
}

/** Turns zod issues into field issues, with paths like `labels.env` or `overlays[0].target`. */
export function zodIssuesToFields(issues: readonly z.core.$ZodIssue[], prefix = ""): FieldIssue[] {
  return issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        field: joinPath(prefix, [...issue.path, key]),
        message: "unknown field",
      }));
    }
    return [{ field: joinPath(prefix, issue.path), message: issue.message }];
  });
}

function joinPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || "body";
}
