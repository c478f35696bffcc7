import { expect, test } from "vitest";
import type { K8sObject } from "../../../src/domain/manifests/types.ts";
import { describeObject, objectKey } from "../../../src/domain/releases/identity.ts";
import { scopeResolver } from "../../../src/domain/releases/scope.ts";

const obj = (apiVersion: string, kind: string, name: string, namespace?: string): K8sObject => ({
  apiVersion,
  kind,
  metadata: namespace === undefined ? { name } : { name, namespace },
});
const scopeOf = scopeResolver([]);

test("objectKey: group, kind, namespace, name; versions of one group are one object", () => {
  expect(objectKey(obj("apps/v1", "Deployment", "istiod", "x"), scopeOf)).toBe("apps/Deployment/x/istiod");
  expect(objectKey(obj("policy/v1beta1", "PodDisruptionBudget", "p"), scopeOf)).toBe(
    objectKey(obj("policy/v1", "PodDisruptionBudget", "p", "istio-system"), scopeOf),
  );
  expect(objectKey(obj("v1", "ConfigMap", "c"), scopeOf, "mesh")).toBe("/ConfigMap/mesh/c");
  expect(objectKey(obj("rbac.authorization.k8s.io/v1", "ClusterRole", "r", "stray"), scopeOf)).toBe(
    "rbac.authorization.k8s.io/ClusterRole//r",
  );
  expect(objectKey(obj("networking.istio.io/v1", "Gateway", "g"), scopeOf)).not.toBe(
    objectKey(obj("gateway.networking.k8s.io/v1", "Gateway", "g"), scopeOf),
  );
});

test("describeObject", () => {
  expect(describeObject(obj("v1", "Service", "istiod", "istio-system"))).toBe("Service istio-system/istiod");
  expect(describeObject(obj("v1", "Namespace", "mesh"))).toBe("Namespace mesh");
});
