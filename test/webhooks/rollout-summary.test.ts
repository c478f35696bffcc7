import { describe, expect, it } from "vitest";
import { summariseRollout } from "../../src/services/webhooks-rollout.ts";

const row = (progress: Record<string, unknown>, state = "Running") => ({
  id: "0192f6a8-2b9c-7cc1-a1d2-6c1f3e2b9a10",
  name: "istio-fleet",
  profile: "default",
  profileVersion: 4,
  state,
  progress,
});

describe("the rollout summary chat messages show", () => {
  it("counts clusters by status and names the failures with their run's reason", () => {
    const progress = {
      currentWave: 1,
      waves: [
        {
          index: 0,
          clusters: [
            { id: "a", name: "eu-1", status: "succeeded" },
            { id: "b", name: "eu-2", status: "failed" },
          ],
        },
        {
          index: 1,
          clusters: [
            { id: "c", name: "us-1", status: "installing" },
            { id: "d", name: "us-2", status: "rollbackFailed" },
          ],
        },
        { index: 2, clusters: [{ id: "e", name: "ap-1", status: "pending" }] },
      ],
    };
    const summary = summariseRollout(
      row(progress),
      [{ clusterId: "b", reason: "ReadinessDeadlineExceeded", message: "istiod 0/2" }],
      "https://api.example.com/",
    );
    expect(summary).toEqual({
      id: "0192f6a8-2b9c-7cc1-a1d2-6c1f3e2b9a10",
      name: "istio-fleet",
      profile: "default",
      version: 4,
      state: "running",
      wave: 2,
      waves: 3,
      clustersTotal: 5,
      clustersReady: 1,
      clustersFailed: 2,
      failures: [
        { cluster: "eu-2", reason: "ReadinessDeadlineExceeded", message: "istiod 0/2" },
        { cluster: "us-2", reason: "RollbackFailed" },
      ],
      links: { rollout: "https://api.example.com/v1/rollouts/0192f6a8-2b9c-7cc1-a1d2-6c1f3e2b9a10" },
    });
  });

  it("reads a progress it does not understand as an empty rollout, never throwing", () => {
    for (const progress of [
      {},
      { waves: "no" },
      { waves: [null, 3, { clusters: [7, { status: 1 }] }], currentWave: 9 },
    ]) {
      const summary = summariseRollout(row(progress, "WaitingApproval"), [], "http://x");
      expect(summary.state).toBe("waiting approval");
      expect(summary.wave).toBeLessThanOrEqual(summary.waves);
      expect(summary.clustersFailed).toBe(0);
    }
  });
});
