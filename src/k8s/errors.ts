/**
 * Closed set of reasons the engine fails with. Workers map these onto run-step errors; only
 * `transient` decides whether a step is retried.
 */
export const ENGINE_ERROR_REASONS = [
  "Unreachable",
  "Timeout",
  "RateLimited",
  "ServerError",
  "Unauthorized",
  "Forbidden",
  "KindNotFound",
  "NotFound",
  "Invalid",
  "Conflict",
  "AddressRefused",
  "TlsFailure",
  "VersionUnsupported",
  "UnmanagedIstio",
  "WaitTimeout",
  "WorkloadFailed",
  "Unexpected",
] as const;

export type EngineErrorReason = (typeof ENGINE_ERROR_REASONS)[number];

/** Reasons that are worth retrying with backoff; everything else fails a run at once. */
const TRANSIENT_REASONS: ReadonlySet<EngineErrorReason> = new Set([
  "Unreachable",
  "Timeout",
  "RateLimited",
  "ServerError",
  "Conflict",
]);

export interface EngineErrorInit {
  /** Overrides the default for the reason (e.g. a WaitTimeout the caller wants retried). */
  transient?: boolean;
  /** Server-advised delay before retrying (429/503 Retry-After), in milliseconds. */
  retryAfterMs?: number;
  /** HTTP status, when the error came from a response. */
  status?: number;
  /** Itemised details: each missing permission, each non-ready resource, each drift. */
  details?: string[];
  cause?: unknown;
}

/** The one error type the engine throws. `message` is safe to show users: no tokens or bodies. */
export class EngineError extends Error {
  readonly reason: EngineErrorReason;
  readonly transient: boolean;
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;
  readonly details: string[];

  constructor(reason: EngineErrorReason, message: string, init: EngineErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "EngineError";
    this.reason = reason;
    this.transient = init.transient ?? TRANSIENT_REASONS.has(reason);
    this.retryAfterMs = init.retryAfterMs;
    this.status = init.status;
    this.details = init.details ?? [];
  }

  /** Plain JSON for run-step records and logs. */
  toJSON(): { reason: EngineErrorReason; message: string; transient: boolean; details: string[] } {
    return { reason: this.reason, message: this.message, transient: this.transient, details: this.details };
  }
}

/** True for an EngineError the caller should retry. Unknown errors are not retried blindly. */
export function isTransient(error: unknown): boolean {
  return error instanceof EngineError && error.transient;
}
