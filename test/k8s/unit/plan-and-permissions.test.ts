import { describe, expect, test } from "vitest";
import { describePermission, requiredPermissions } from "../../../src/k8s/permissions.ts";
import { planPhases, workloadWaitTargets } from "../../../src/k8s/plan.ts";
import { outsideRange, serverMinor } from "../../../src/k8s/version-range.ts";
import { fixtureRelease } from "../../support/fixtures/index.ts";

describe("phase plan", () => {
  test("namespaces, then CRDs with the istio-init Job, then the rest in Helm order", () => {
    const plan = planPhases(fixtureRelease(1));
    expect(plan.namespaces.map((o) => o.kind)).toEqual(["Namespace"]);
    expect(plan.crds.map((o) => o.kind)).toEqual([
      "ServiceAccount",
      "CustomResourceDefinition",
      "CustomResourceDefinition",
      "CustomResourceDefinition",
      "Job",
    ]);
    expect(plan.resources.map((o) => o.kind)).toEqual([
      "ServiceAccount",
      "ConfigMap",
      "ConfigMap",
      "ClusterRole",
      "ClusterRoleBinding",
      "Service",
      "Deployment",
      "PeerAuthentication",
    ]);
    expect(workloadWaitTargets(plan.resources).map((o) => o.metadata.name)).toEqual(["istiod"]);
  });
});

describe("required permissions", () => {
  test("five verbs per touched resource, no CRD delete, plus the cluster-wide reads of Istio detection", () => {
    const perms = requiredPermissions([
      {
        kind: "CustomResourceDefinition",
        group: "apiextensions.k8s.io",
        resource: "customresourcedefinitions",
      },
      { kind: "Deployment", group: "apps", resource: "deployments", namespace: "istio-system" },
    ]);
    expect(perms.map(describePermission)).toEqual([
      "get customresourcedefinitions.apiextensions.k8s.io (cluster-wide)",
      "list customresourcedefinitions.apiextensions.k8s.io (cluster-wide)",
      "create customresourcedefinitions.apiextensions.k8s.io (cluster-wide)",
      "patch customresourcedefinitions.apiextensions.k8s.io (cluster-wide)",
      "get deployments.apps in istio-system",
      "list deployments.apps in istio-system",
      "create deployments.apps in istio-system",
      "patch deployments.apps in istio-system",
      "delete deployments.apps in istio-system",
      "list deployments.apps (cluster-wide)",
    ]);
  });
  test("core resources print without a group", () => {
    expect(describePermission({ verb: "get", group: "", resource: "configmaps", namespace: "a" })).toBe(
      "get configmaps in a",
    );
  });
});

describe("Kubernetes version range", () => {
  test("reads the minor from /version, tolerating managed-offering suffixes", () => {
    expect(serverMinor({ major: "1", minor: "20" })).toBe(20);
    expect(serverMinor({ major: "1", minor: "27+", gitVersion: "v1.27.3-eks-1" })).toBe(27);
    expect(serverMinor({ gitVersion: "v1.30.1" })).toBe(30);
    expect(serverMinor({})).toBeUndefined();
  });
  test("inclusive bounds; a malformed range is reported", () => {
    const range = { min: "1.29", max: "1.33" };
    expect(outsideRange(29, range)).toBeUndefined();
    expect(outsideRange(33, range)).toBeUndefined();
    expect(outsideRange(34, range)).toBe("Kubernetes 1.34 is outside the supported range 1.29–1.33");
    expect(outsideRange(28, range)).toBeDefined();
    expect(outsideRange(30, { min: "x", max: "1.33" })).toMatch(/malformed/);
  });
});
