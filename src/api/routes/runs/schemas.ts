import { z } from "@hono/zod-openapi";
import { STEP_STATUSES } from "../../../db/schema/run-steps.ts";
import { RUN_KINDS, RUN_STATUSES } from "../../../db/schema/runs.ts";

const ErrorSchema = z.object({ reason: z.string(), message: z.string() }).nullable();

export const RunSchema = z
  .object({
    id: z.uuid(),
    clusterId: z.uuid(),
    kind: z.enum(RUN_KINDS),
    generation: z.number().int(),
    profile: z.string().nullable(),
    profileVersion: z.number().int().nullable(),
    release: z.string().nullable(),
    status: z.enum(RUN_STATUSES),
    options: z.object({ keepCrds: z.boolean().optional(), adopt: z.boolean().optional() }),
    rolloutId: z.string().nullable(),
    error: ErrorSchema,
    retries: z.number().int(),
    inventory: z.array(z.record(z.string(), z.unknown())).nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    steps: z.array(
      z.object({
        name: z.string(),
        status: z.enum(STEP_STATUSES),
        attempts: z.number().int(),
        startedAt: z.string().nullable(),
        finishedAt: z.string().nullable(),
        error: ErrorSchema,
      }),
    ),
  })
  .openapi("Run");
