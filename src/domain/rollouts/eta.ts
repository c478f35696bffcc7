import type { RolloutSnapshot, WaveProgress } from "./machine-types.ts";

const ENDED = new Set(["Completed", "RolledBack", "Aborted", "Halted", "RollingBack"]);

/**
 * Seconds until the rollout should complete, or null when it cannot be estimated (no wave
 * with installs has finished yet) or will not complete (halted, rolling back, aborted).
 *
 * Waves differ in size (a 1-cluster canary, then batches of hundreds), so the mean is taken
 * per install "round" (ceil(installs / concurrency)) over finished waves, and each remaining
 * wave costs its rounds times that mean plus a soak. Time waiting for approval is unknowable
 * and not counted.
 */
export function etaSeconds(snapshot: RolloutSnapshot, nowMs: number): number | null {
  if (snapshot.state === "Completed") return 0;
  if (ENDED.has(snapshot.state)) return null;
  const { concurrency, soakSeconds } = snapshot.strategy;
  const rounds = (wave: WaveProgress) =>
    Math.ceil(wave.clusters.filter((cluster) => !cluster.alreadyAtTarget).length / concurrency);

  let finishedMs = 0;
  let finishedRounds = 0;
  for (const wave of snapshot.waves) {
    if (wave.startedAt == null || wave.completedAt == null) continue;
    finishedMs += wave.completedAt - wave.startedAt;
    finishedRounds += rounds(wave);
  }
  if (finishedRounds === 0) return null;
  const msPerRound = finishedMs / finishedRounds;
  const soakMs = soakSeconds * 1000;

  let remainingMs = 0;
  let previousCompletedAt: number | null = null;
  for (const wave of snapshot.waves) {
    if (wave.completedAt != null) {
      previousCompletedAt = wave.completedAt;
    } else if (wave.startedAt != null) {
      remainingMs += Math.max(0, rounds(wave) * msPerRound - (nowMs - wave.startedAt));
      previousCompletedAt = null;
    } else {
      // The soak after a finished wave is partly over; after an unfinished one it is whole.
      const soak = previousCompletedAt === null ? soakMs : Math.max(0, previousCompletedAt + soakMs - nowMs);
      remainingMs += soak + rounds(wave) * msPerRound;
      previousCompletedAt = null;
    }
  }
  return Math.ceil(remainingMs / 1000);
}
