import { integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { runs } from "./runs.ts";

export const STEP_STATUSES = ["pending", "running", "succeeded", "failed", "skipped"] as const;

/** The timeline of a run: one row per step, created with the run, updated in place. */
export const runSteps = pgTable(
  "run_steps",
  {
    runId: uuid("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    name: text("name").notNull(),
    status: text("status", { enum: STEP_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    errorReason: text("error_reason"),
    errorMessage: text("error_message"),
    output: jsonb("output").$type<Record<string, unknown>>(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.name] })],
);
