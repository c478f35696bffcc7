import { describe, expect, test } from "vitest";
import { type PodLike, statusPatch, targetFor } from "../../support/fleet/pod-status.ts";

const pod = (
  name: string,
  extra: Partial<PodLike["metadata"]> = {},
  status?: PodLike["status"],
): PodLike => ({
  metadata: { name, namespace: "istio-system", labels: { app: "istiod" }, ...extra },
  ...(status ? { status } : {}),
});
const now = new Date("2025-01-01T00:00:00.123Z");

describe("kubelet stand-in decisions", () => {
  test("pods become Running and Ready; Job pods Succeeded", () => {
    expect(targetFor(pod("istiod-1"), [])).toEqual({ phase: "Running", ready: true });
    expect(targetFor(pod("init-1", { ownerReferences: [{ kind: "Job" }] }), [])).toEqual({
      phase: "Succeeded",
      ready: false,
    });
  });
  test("rules match by namespace, name prefix and labels; the first matching rule wins", () => {
    const rules = [
      { match: { namePrefix: "istiod-", labels: { app: "istiod" } }, action: "unready" as const },
      { match: { namespace: "istio-system" }, action: "fail" as const },
    ];
    expect(targetFor(pod("istiod-1"), rules)).toEqual({ phase: "Running", ready: false });
    expect(targetFor(pod("other"), rules)).toEqual({ phase: "Failed", ready: false });
    expect(targetFor(pod("x", { namespace: "elsewhere" }), rules)).toEqual({ phase: "Running", ready: true });
  });
  test("patches carry Ready with a second-precision transition time", () => {
    const patch = statusPatch(pod("istiod-1"), [], now) as {
      status: { phase: string; conditions: object[] };
    };
    expect(patch.status.phase).toBe("Running");
    expect(patch.status.conditions).toContainEqual({
      type: "Ready",
      status: "True",
      lastTransitionTime: "2025-01-01T00:00:00Z",
    });
  });
  test("no patch when already there, when terminated or when being deleted", () => {
    const ready = { phase: "Running", conditions: [{ type: "Ready", status: "True" }] };
    expect(statusPatch(pod("a", {}, ready), [], now)).toBeUndefined();
    expect(statusPatch(pod("a", {}, { phase: "Failed" }), [], now)).toBeUndefined();
    expect(statusPatch(pod("a", { deletionTimestamp: "2025-01-01T00:00:00Z" }), [], now)).toBeUndefined();
  });
});
