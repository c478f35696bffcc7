import { INSTALL_STEPS } from "../../src/k8s/index.ts";
import type { DirectInstall } from "./direct.ts";
import { type Summary, summarize } from "./stats.ts";
import type { RunTimeline } from "./worker-runs.ts";

/** Per-step statistics, milliseconds. */
export interface StepReport {
  step: string;
  /** Recorded step time (started_at → finished_at). */
  worker: Summary;
  /** Orchestration gap before the step (see StepSample.gapMs). */
  gap: Summary;
  /** Gap + step: what the step costs a run. */
  workerTotal: Summary;
  /** Of that, time inside engine calls (timed engine, same run). */
  engineInRun: Summary;
  /** The same step made directly through the engine. */
  direct: Summary;
  /** workerTotal − direct: difference of means and of p95s (unpaired samples). */
  overheadVsDirect: { mean: number; p95: number };
  /** workerTotal − engineInRun, paired per run. */
  overheadInRun: Summary;
}

/** Everything measured for one converge of the fleet to a new version. */
export interface ConvergeMeasurement {
  clusters: number;
  concurrency: number;
  workerWallMs: number;
  directWallMs: number;
  directSample: number;
  runs: RunTimeline[];
  direct: DirectInstall[];
  /** PUT sent → run row created (relay, queue wait for a free slot, pick-up), per run. */
  queueWaitMs: number[];
}

const r = (x: number) => Math.round(x);

/** Step rows: the table's body and the JSON summary's `steps`. */
export function stepReports(m: ConvergeMeasurement): StepReport[] {
  const finished = m.runs.filter((run) => run.status === "succeeded");
  return INSTALL_STEPS.map((step) => {
    const samples = finished.flatMap((run) => run.steps.filter((s) => s.step === step));
    const totals = samples.map((s) => s.gapMs + s.durationMs);
    const direct = summarize(
      m.direct.flatMap((d) => d.steps.filter((s) => s.step === step).map((s) => s.ms)),
    );
    const workerTotal = summarize(totals);
    return {
      step,
      worker: summarize(samples.map((s) => s.durationMs)),
      gap: summarize(samples.map((s) => s.gapMs)),
      workerTotal,
      engineInRun: summarize(samples.map((s) => s.engineMs)),
      direct,
      overheadVsDirect: { mean: r(workerTotal.mean - direct.mean), p95: r(workerTotal.p95 - direct.p95) },
      overheadInRun: summarize(samples.map((s) => s.gapMs + s.durationMs - s.engineMs)),
    };
  });
}

/** Whole-install and whole-fleet figures derived from the step rows. */
export function totals(m: ConvergeMeasurement, steps: readonly StepReport[]) {
  const finished = m.runs.filter((run) => run.status === "succeeded");
  const runMs = summarize(finished.map((run) => run.finishedAt - run.createdAt));
  const directMs = summarize(m.direct.map((d) => d.totalMs));
  const finishGap = summarize(finished.map((run) => run.finishGapMs));
  const inRunOverhead = finished.map(
    (run) => run.finishedAt - run.createdAt - run.steps.reduce((a, s) => a + s.engineMs, 0),
  );
  const slotMs = m.concurrency * m.workerWallMs;
  return {
    runMs,
    directInstallMs: directMs,
    finishGap,
    queueWait: summarize(m.queueWaitMs),
    overheadPerInstallVsDirectMs: r(runMs.mean - directMs.mean),
    overheadPerInstallInRun: summarize(inRunOverhead),
    /** Mean orchestration overhead as a share of a run's duration. */
    overheadShareOfInstall: Number(((runMs.mean - directMs.mean) / runMs.mean).toFixed(3)),
    /** Orchestration time summed over runs, as a share of the worker slots' wall time. */
    overheadShareOfSlotTime: Number((inRunOverhead.reduce((a, b) => a + b, 0) / slotMs).toFixed(3)),
    /** (worker wall − direct wall) / worker wall, when the baseline covered every cluster. */
    overheadShareOfWall:
      m.directSample === m.clusters
        ? Number(((m.workerWallMs - m.directWallMs) / m.workerWallMs).toFixed(3))
        : null,
    sumOfMeanStepOverheadsVsDirectMs: r(
      steps.reduce((a, s) => a + s.overheadVsDirect.mean, 0) + finishGap.mean,
    ),
  };
}

/** Prints the per-step table (milliseconds). */
export function printStepTable(steps: readonly StepReport[], finishGap: Summary): void {
  const rows = steps.map((s) => ({
    step: s.step,
    "worker mean": r(s.worker.mean),
    "worker p95": r(s.worker.p95),
    "gap mean": r(s.gap.mean),
    "gap p95": r(s.gap.p95),
    "engine in run": r(s.engineInRun.mean),
    "direct mean": r(s.direct.mean),
    "direct p95": r(s.direct.p95),
    "ovh vs direct mean": s.overheadVsDirect.mean,
    "ovh vs direct p95": s.overheadVsDirect.p95,
    "ovh in run mean": r(s.overheadInRun.mean),
    "ovh in run p95": r(s.overheadInRun.p95),
  }));
  rows.push({
    step: "(finish)",
    "worker mean": 0,
    "worker p95": 0,
    "gap mean": r(finishGap.mean),
    "gap p95": r(finishGap.p95),
    "engine in run": 0,
    "direct mean": 0,
    "direct p95": 0,
    "ovh vs direct mean": r(finishGap.mean),
    "ovh vs direct p95": r(finishGap.p95),
    "ovh in run mean": r(finishGap.mean),
    "ovh in run p95": r(finishGap.p95),
  });
  console.table(rows);
}
