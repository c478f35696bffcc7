import { z } from "@hono/zod-openapi";
import { ROLLOUT_STATES } from "../../../db/schema/rollouts.ts";
import { rolloutStrategySchema } from "../../../domain/rollouts/index.ts";
import { DNS1123_LABEL, PageQuery } from "../../schemas/common.ts";

export const CreateRolloutSchema = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .openapi({ description: "Defaults to `<profile>-v<version>`" }),
    profile: z.string().regex(DNS1123_LABEL, "must be a DNS-1123 label"),
    version: z
      .number()
      .int()
      .positive()
      .optional()
      .openapi({ description: "Profile version to roll out; defaults to the profile's latest" }),
    selector: z.string().max(4096).optional().openapi({
      description: "Label selector (`env=prod,region in (eu,us)`); the empty string selects every cluster",
      example: "env=prod",
    }),
    clusters: z
      .array(z.string().regex(DNS1123_LABEL, "must be a cluster name"))
      .min(1)
      .max(10_000)
      .optional()
      .openapi({ description: "Explicit cluster names, instead of a selector" }),
    strategy: rolloutStrategySchema.optional(),
    supersede: z.boolean().default(false).openapi({
      description:
        "Take clusters that belong to another active rollout out of it (they are skipped there) instead of answering 409",
    }),
    seed: z.string().min(1).max(100).optional().openapi({
      description: "Seed of the canary pick; defaults to the rollout id. A dry run returns the seed it used.",
    }),
  })
  .superRefine((body, ctx) => {
    if ((body.selector === undefined) === (body.clusters === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["selector"],
        message: "give either a selector or clusters, not both",
      });
    }
  })
  .openapi("CreateRollout");

export const DryRunQuery = z.object({
  dryRun: z
    .enum(["true", "false"])
    .default("false")
    .openapi({
      param: { name: "dryRun", in: "query" },
      description: "Return the plan and each cluster's object changes without storing or running anything",
    }),
});

const Version = z.object({ profile: z.string(), version: z.number().int() });
const RunLink = z.object({ id: z.uuid(), href: z.string() }).nullable();
const Counts = z.object({
  total: z.number().int(),
  alreadyAtTarget: z.number().int(),
  pending: z.number().int(),
  skipped: z.number().int(),
  installing: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  rollingBack: z.number().int(),
  rolledBack: z.number().int(),
  rollbackFailed: z.number().int(),
});
const CLUSTER_STATUSES = [
  "pending",
  "skipped",
  "installing",
  "succeeded",
  "failed",
  "rollingBack",
  "rolledBack",
  "rollbackFailed",
] as const;

export const RolloutSummarySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    state: z.enum(ROLLOUT_STATES),
    target: Version,
    selector: z.string().nullable(),
    clusterNames: z.array(z.string()).nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .openapi("RolloutSummary");

export const RolloutSchema = RolloutSummarySchema.extend({
  seed: z.string(),
  strategy: z.record(z.string(), z.unknown()).openapi({ description: "The strategy with defaults applied" }),
  budgets: z.object({ total: z.number().int(), perWave: z.array(z.number().int()) }),
  counts: Counts,
  etaSeconds: z.number().int().nullable().openapi({
    description:
      "Estimated seconds to completion from the waves finished so far; null when unknown or not completing",
  }),
  currentWave: z.number().int(),
  waves: z.array(
    z.object({
      index: z.number().int(),
      kind: z.enum(["canary", "batch"]),
      gated: z.boolean(),
      status: z.enum(["pending", "waitingApproval", "running", "soaking", "completed"]),
      startedAt: z.string().nullable(),
      completedAt: z.string().nullable(),
      approvedAt: z.string().nullable(),
      counts: Counts,
      clusters: z.array(
        z.object({
          id: z.uuid(),
          name: z.string(),
          status: z.enum(CLUSTER_STATUSES),
          alreadyAtTarget: z.boolean(),
          previous: Version.nullable(),
          reason: z.string().nullable(),
          run: RunLink,
          rollbackRun: RunLink,
        }),
      ),
    }),
  ),
  commands: z.object({
    pending: z.array(z.object({ id: z.string(), type: z.string(), waveIndex: z.number().int().optional() })),
    recent: z.array(
      z.object({
        id: z.string(),
        type: z.string(),
        applied: z.boolean(),
        reason: z.string().nullable(),
        at: z.string(),
      }),
    ),
  }),
}).openapi("Rollout");

const ObjectRefSchema = z.object({
  group: z.string(),
  kind: z.string(),
  namespace: z.string().optional(),
  name: z.string(),
});

export const DryRunSchema = z
  .object({
    dryRun: z.literal(true),
    seed: z.string(),
    name: z.string(),
    target: Version,
    plan: z.object({
      totals: z.object({ clusters: z.number().int(), alreadyAtTarget: z.number().int() }),
      budgets: z.object({ total: z.number().int(), perWave: z.array(z.number().int()) }),
      waves: z.array(
        z.object({
          index: z.number().int(),
          kind: z.enum(["canary", "batch"]),
          gated: z.boolean(),
          clusters: z.array(
            z.object({
              id: z.uuid(),
              name: z.string(),
              alreadyAtTarget: z.boolean(),
              previous: Version.nullable(),
            }),
          ),
        }),
      ),
    }),
    changes: z.array(
      z.object({
        clusterId: z.uuid(),
        name: z.string(),
        created: z.array(ObjectRefSchema).optional(),
        updated: z.array(ObjectRefSchema).optional(),
        deleted: z.array(ObjectRefSchema).optional(),
        unchanged: z.number().int().optional(),
        error: z
          .string()
          .optional()
          .openapi({ description: "Why the profile does not render for this cluster" }),
      }),
    ),
  })
  .openapi("RolloutDryRun");

export const ListRolloutsQuery = PageQuery.extend({
  state: z
    .enum(ROLLOUT_STATES)
    .optional()
    .openapi({ param: { name: "state", in: "query" } }),
});

export const ApproveSchema = z
  .strictObject({
    waveIndex: z.number().int().min(0).optional().openapi({
      description:
        "The wave you mean to approve; refused if another wave is the one waiting (guards stale clicks)",
    }),
  })
  .openapi("ApproveRollout");

export const ActionResultSchema = z
  .object({
    command: z.object({ id: z.string(), type: z.enum(["pause", "resume", "approve", "abort", "rollback"]) }),
    rollout: RolloutSummarySchema,
  })
  .openapi("RolloutActionAccepted");
