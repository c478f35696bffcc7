/**
 * A rollout played through the real event path, as the rollout and install workers would:
 * each step updates the rollout's progress (and runs) and records its events with
 * `recordEvent`, in one transaction, at a time of the test clock.
 */
import { eq } from "drizzle-orm";
import { clusters, rollouts, runs } from "../../src/db/schema/index.ts";
import { newId } from "../../src/ids.ts";
import { type EventInput, recordEvent } from "../../src/services/events.ts";
import type { ApiHarness } from "../support/api.ts";

interface Member {
  id: string;
  name: string;
  runId: string;
  status: string;
}

/** One moment of the rollout: what changes, at which offset from the start. */
export interface ScenarioStep {
  at: number;
  run(tx: ApiHarness["database"]["db"]): Promise<void>;
}

/** Builds the rollout row, its clusters and runs, and the steps of `waves` waves of `perWave` clusters. */
export async function rolloutScenario(
  api: ApiHarness,
  tenantId: string,
  opts: { waves: number; perWave: number; failing: Set<string>; waveMs: number },
): Promise<{ rolloutId: string; steps: ScenarioStep[]; eventCount: () => number }> {
  const db = api.database.db;
  const rolloutId = newId();
  const waves: Member[][] = [];
  for (let w = 0; w < opts.waves; w++) {
    const members: Member[] = [];
    for (let k = 0; k < opts.perWave; k++) {
      const member = { id: newId(), name: `c-${w + 1}-${k + 1}`, runId: newId(), status: "pending" };
      members.push(member);
      await db.insert(clusters).values({
        id: member.id,
        tenantId,
        name: member.name,
        kubeconfigSealed: "unused",
        server: "https://127.0.0.1:6443",
        authKind: "token",
        fingerprint: "unused",
      });
    }
    waves.push(members);
  }
  let currentWave = -1;
  let state = "Running";
  const progress = () => ({
    state,
    currentWave,
    waves: waves.map((clusters, index) => ({ index, kind: "batch", gated: false, clusters })),
  });
  await db.insert(rollouts).values({
    id: rolloutId,
    tenantId,
    name: "istio-fleet",
    profile: "default",
    profileVersion: 2,
    strategy: {},
    plan: {},
    progress: progress(),
    state: "Running",
    // Far in the future: the rollout worker's poller leaves this hand-played rollout alone.
    wakeAt: new Date("2999-01-01T00:00:00Z"),
  });
  let events = 0;
  const record = async (tx: typeof db, input: Omit<EventInput, "tenantId">) => {
    events++;
    await recordEvent(tx, { ...input, tenantId });
  };
  const save = (tx: typeof db) =>
    tx
      .update(rollouts)
      .set({ progress: progress(), state: state as "Running" })
      .where(eq(rollouts.id, rolloutId));

  const steps: ScenarioStep[] = [
    { at: 0, run: (tx) => record(tx, { type: "rollout.started", subjectId: rolloutId }) },
  ];
  waves.forEach((members, w) => {
    const t0 = 1000 + w * opts.waveMs;
    steps.push({
      at: t0,
      run: async (tx) => {
        currentWave = w;
        for (const m of members) m.status = "installing";
        await save(tx);
        await record(tx, { type: "rollout.wave.started", subjectId: rolloutId, data: { waveIndex: w } });
        for (const m of members) {
          await tx.insert(runs).values({
            id: m.runId,
            tenantId,
            clusterId: m.id,
            kind: "install",
            generation: 1,
            rolloutId,
            status: "running",
          });
          // As the install worker records it: no rollout id in the data; the run row has it.
          await record(tx, {
            type: "run.started",
            clusterId: m.id,
            subjectId: m.runId,
            data: { runId: m.runId },
          });
          for (const step of ["preflight", "profile"]) {
            await record(tx, {
              type: "run.step.completed",
              clusterId: m.id,
              subjectId: m.runId,
              data: { step },
            });
          }
        }
      },
    });
    members.forEach((m, k) => {
      const failing = opts.failing.has(m.name);
      steps.push({
        at: t0 + 20_000 + 2000 * k,
        run: async (tx) => {
          m.status = failing ? "failed" : "succeeded";
          await save(tx);
          await tx
            .update(runs)
            .set(
              failing
                ? {
                    status: "failed",
                    errorReason: "ReadinessDeadlineExceeded",
                    errorMessage: "istiod 0/2 ready",
                  }
                : { status: "succeeded" },
            )
            .where(eq(runs.id, m.runId));
          await record(tx, {
            type: failing ? "run.failed" : "run.succeeded",
            clusterId: m.id,
            subjectId: m.runId,
            data: { runId: m.runId, rolloutId, ...(failing ? { reason: "ReadinessDeadlineExceeded" } : {}) },
          });
        },
      });
    });
    steps.push({
      at: t0 + opts.waveMs - 5000,
      run: (tx) =>
        record(tx, { type: "rollout.wave.completed", subjectId: rolloutId, data: { waveIndex: w } }),
    });
  });
  steps.push({
    at: 1000 + opts.waves * opts.waveMs - 5000,
    run: async (tx) => {
      state = "Completed";
      await save(tx);
      await record(tx, { type: "rollout.completed", subjectId: rolloutId });
    },
  });
  steps.sort((a, b) => a.at - b.at);
  return { rolloutId, steps, eventCount: () => events };
}
