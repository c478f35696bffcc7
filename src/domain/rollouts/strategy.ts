import { z } from "zod";
import { percentToBasisPoints } from "./quantity.ts";

/** A percentage string such as "25%" or "0.5%"; `minBasisPoints` is in 1/100 of a percent. */
function percent(minBasisPoints: number) {
  const message =
    minBasisPoints > 0
      ? "must be a percentage above 0% and at most 100%, with at most two decimals, e.g. 25%"
      : "must be a percentage from 0% to 100%, with at most two decimals, e.g. 5%";
  return z.templateLiteral([z.number(), "%"]).refine((text) => {
    const basisPoints = percentToBasisPoints(text);
    return basisPoints !== null && basisPoints >= minBasisPoints;
  }, message);
}

/** A count of clusters (at least `minCount`) or a percentage of them. */
function quantity(minCount: number, description: string) {
  return z.union([z.number().int().min(minCount), percent(minCount)]).describe(description);
}

/** Canary wave: explicit clusters, or a count picked deterministically from the selection. */
export const canarySchema = z
  .union([
    z
      .strictObject({
        clusters: z
          .array(z.string().min(1))
          .min(1)
          .describe("Names of the clusters that form the canary wave; each must be in the selection."),
      })
      .describe("Explicit canary clusters."),
    z
      .strictObject({
        count: z
          .number()
          .int()
          .min(1)
          .describe(
            "How many clusters to pick for the canary wave. Picked deterministically from the rollout seed " +
              "among the clusters that are not already at the target; fewer if fewer need a change.",
          ),
      })
      .describe("A canary wave of N clusters chosen deterministically."),
  ])
  .describe("Optional first wave, run alone before any batch.");

/** Failure budgets: failures tolerated before the rollout halts (percentages round down). */
export const maxFailuresSchema = z
  .strictObject({
    total: quantity(
      0,
      "Failed clusters tolerated over the whole rollout: a count, or a percentage of all planned clusters " +
        "(rounded down). The rollout halts when failures exceed it. Default 0: the first failure halts.",
    ).default(0),
    perWave: quantity(
      0,
      "Failed clusters tolerated within one wave: a count, or a percentage of that wave's clusters " +
        "(rounded down). Absent: only the total budget applies.",
    ).optional(),
  })
  .describe("Failure budgets. Breaching either halts the rollout.");

/** Order in which clusters are placed into waves. */
export const orderSchema = z
  .union([
    z.strictObject({ by: z.literal("name").describe("Sort clusters by name.") }),
    z.strictObject({
      by: z.literal("label").describe("Sort clusters by the value of a label."),
      key: z.string().min(1).describe("Label key; clusters without it go last, ties are sorted by name."),
    }),
  ])
  .describe("How clusters are ordered into batches. Default: by name.");

/**
 * The rollout strategy accepted by `POST /v1/rollouts`. Unknown fields are rejected so a typo
 * (say `maxFailure`) cannot silently fall back to a default.
 */
export const rolloutStrategySchema = z
  .strictObject({
    canary: canarySchema.optional(),
    batchSize: quantity(
      1,
      "Clusters per batch wave: a count, or a percentage of the non-canary clusters (rounded up, at least 1). " +
        "Default 25%.",
    ).default("25%"),
    maxFailures: maxFailuresSchema.default({ total: 0 }),
    soakSeconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 3600)
      .default(0)
      .describe("Minimum time a finished wave must stay healthy before the next wave may start. Default 0."),
    approval: z
      .enum(["none", "afterCanary", "everyWave"])
      .default("none")
      .describe(
        "Manual gates: none; afterCanary (the first batch waits for approval); everyWave (every wave after " +
          "the first waits). A gate opens after the previous wave has finished and soaked.",
      ),
    rollback: z
      .enum(["auto", "manual"])
      .default("auto")
      .describe(
        "auto: a breached failure budget rolls every changed cluster back to its previous version. " +
          "manual: the rollout halts and waits for a rollback or abort action. Default auto.",
      ),
    uninstallOnRollback: z
      .boolean()
      .default(false)
      .describe("On rollback, uninstall the mesh from clusters that had no previous version. Default false."),
    order: orderSchema.default({ by: "name" }),
    concurrency: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(10)
      .describe("Most clusters installing (or rolling back) at the same time within a rollout. Default 10."),
  })
  .refine((strategy) => strategy.approval !== "afterCanary" || strategy.canary !== undefined, {
    message: "approval afterCanary needs a canary",
    path: ["approval"],
  })
  .describe("How the rollout is split into waves and when it stops.");

/** A parsed strategy, defaults applied: what the planner and the state machine read. */
export type RolloutStrategy = z.output<typeof rolloutStrategySchema>;

/** A strategy as a client sends it: every field with a default may be left out. */
export type RolloutStrategyInput = z.input<typeof rolloutStrategySchema>;
