import { describe, expect, test } from "vitest";
import { readinessOf } from "../../../src/k8s/readiness.ts";

const deployment = (spec: Record<string, unknown>, status: Record<string, unknown>, generation = 2) => ({
  metadata: { generation },
  spec,
  status: { observedGeneration: 2, ...status },
});

describe("Deployment readiness (kubectl rollout status rules)", () => {
  test("ready when updated and available match spec.replicas at the observed generation", () => {
    expect(
      readinessOf("Deployment", deployment({ replicas: 2 }, { updatedReplicas: 2, availableReplicas: 2 }))
        .state,
    ).toBe("ready");
  });
  test("an unobserved generation is pending whatever the counts say", () => {
    const d = deployment({ replicas: 1 }, { updatedReplicas: 1, availableReplicas: 1 }, 3);
    expect(readinessOf("Deployment", d)).toEqual({
      state: "pending",
      message: "waiting for the controller to observe the latest generation",
    });
  });
  test("names updated before available, defaulting replicas to 1", () => {
    expect(readinessOf("Deployment", deployment({}, { updatedReplicas: 0 })).message).toBe("0/1 updated");
    expect(
      readinessOf("Deployment", deployment({}, { updatedReplicas: 1, availableReplicas: 0 })).message,
    ).toBe("0/1 available");
  });
  test("old pods still counted as available keep an upgrade pending until they are gone", () => {
    const d = deployment({ replicas: 1 }, { replicas: 2, updatedReplicas: 1, availableReplicas: 1 });
    expect(readinessOf("Deployment", d)).toEqual({
      state: "pending",
      message: "1 old replica(s) pending termination",
    });
  });
  test("ReplicaFailure is surfaced in the pending message", () => {
    const failure = { type: "ReplicaFailure", status: "True", reason: "FailedCreate", message: "quota" };
    const d = deployment({ replicas: 1 }, { updatedReplicas: 0, conditions: [failure] });
    expect(readinessOf("Deployment", d).message).toBe("0/1 updated (FailedCreate: quota)");
  });
  test("ProgressDeadlineExceeded is a failure even before the generation is observed", () => {
    const stalled = {
      type: "Progressing",
      status: "False",
      reason: "ProgressDeadlineExceeded",
      message: "too slow",
    };
    const d = deployment({ replicas: 1 }, { conditions: [stalled] }, 5);
    expect(readinessOf("Deployment", d)).toEqual({
      state: "failed",
      message: "ProgressDeadlineExceeded: too slow",
    });
  });
  test("a missing object is pending as not found", () => {
    expect(readinessOf("Deployment", undefined)).toEqual({ state: "pending", message: "not found" });
  });
});

describe("StatefulSet and DaemonSet readiness", () => {
  const sts = (status: object) => ({
    metadata: { generation: 1 },
    spec: { replicas: 2 },
    status: { observedGeneration: 1, ...status },
  });
  test("StatefulSet waits for ready replicas and the current revision", () => {
    expect(readinessOf("StatefulSet", sts({ updatedReplicas: 2, readyReplicas: 1 })).message).toBe(
      "1/2 ready",
    );
    const rolling = sts({ updatedReplicas: 2, readyReplicas: 2, currentRevision: "a", updateRevision: "b" });
    expect(readinessOf("StatefulSet", rolling).message).toBe("update revision not yet current");
    const done = sts({ updatedReplicas: 2, readyReplicas: 2, currentRevision: "b", updateRevision: "b" });
    expect(readinessOf("StatefulSet", done).state).toBe("ready");
  });
  test("DaemonSet compares against desiredNumberScheduled", () => {
    const ds = (status: object) => ({
      metadata: { generation: 1 },
      status: { observedGeneration: 1, ...status },
    });
    expect(
      readinessOf(
        "DaemonSet",
        ds({ desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 2 }),
      ).message,
    ).toBe("2/3 available");
    expect(readinessOf("DaemonSet", ds({ desiredNumberScheduled: 0 })).state).toBe("ready");
  });
});

describe("Job and CRD readiness", () => {
  test("Job: Complete is ready, Failed fails with its reason, otherwise counts completions", () => {
    const job = (conditions: object[], status: object = {}) => ({
      spec: { completions: 1 },
      status: { conditions, ...status },
    });
    expect(readinessOf("Job", job([{ type: "Complete", status: "True" }])).state).toBe("ready");
    expect(
      readinessOf("Job", job([{ type: "Failed", status: "True", reason: "BackoffLimitExceeded" }])),
    ).toEqual({
      state: "failed",
      message: "failed: BackoffLimitExceeded",
    });
    expect(readinessOf("Job", job([], { succeeded: 0 })).message).toBe("0/1 completed");
  });
  test("CRD: needs Established and NamesAccepted; rejected names fail", () => {
    const crd = (conditions: object[]) => ({ status: { conditions } });
    expect(
      readinessOf("CustomResourceDefinition", crd([{ type: "NamesAccepted", status: "True" }])).message,
    ).toBe("not established");
    expect(
      readinessOf("CustomResourceDefinition", crd([{ type: "Established", status: "True" }])).message,
    ).toBe("names not yet accepted");
    const both = crd([
      { type: "Established", status: "True" },
      { type: "NamesAccepted", status: "True" },
    ]);
    expect(readinessOf("CustomResourceDefinition", both).state).toBe("ready");
    const conflict = crd([{ type: "NamesAccepted", status: "False", message: "plural in use" }]);
    expect(readinessOf("CustomResourceDefinition", conflict)).toEqual({
      state: "failed",
      message: "names not accepted: plural in use",
    });
  });
  test("kinds without rules are ready once they exist", () => {
    expect(readinessOf("ConfigMap", { metadata: {} }).state).toBe("ready");
  });
});
