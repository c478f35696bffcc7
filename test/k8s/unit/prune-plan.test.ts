import { describe, expect, test } from "vitest";
import type { InventoryEntry } from "../../../src/k8s/inventory.ts";
import { mergeInventories } from "../../../src/k8s/inventory.ts";
import { planPrune, planUninstall } from "../../../src/k8s/prune-plan.ts";

const entry = (kind: string, name: string, extra: Partial<InventoryEntry> = {}): InventoryEntry => ({
  group: kind === "Deployment" ? "apps" : kind === "CustomResourceDefinition" ? "apiextensions.k8s.io" : "",
  version: "v1",
  kind,
  resource: `${kind.toLowerCase()}s`,
  ...(kind === "Namespace" || kind === "CustomResourceDefinition" ? {} : { namespace: "istio-system" }),
  name,
  uid: `uid-${name}`,
  resourceVersion: "1",
  contentHash: "h",
  ...extra,
});

const ns = entry("Namespace", "istio-system", { createdNamespace: true });
const crd = entry("CustomResourceDefinition", "gateways.networking.istio.io");
const cm = entry("ConfigMap", "istio");
const injector = entry("ConfigMap", "istio-sidecar-injector");
const deploy = entry("Deployment", "istiod");
const sa = entry("ServiceAccount", "istiod");

describe("prune plan", () => {
  test("removes only what left the release, in reverse kind order", () => {
    const plan = planPrune([ns, cm, injector, sa, deploy], [ns, cm]);
    expect(plan.phases).toEqual([[deploy, injector, sa]]);
    expect(plan.kept).toEqual([]);
  });
  test("matches by group/kind/namespace/name, so an apiVersion change is not a removal", () => {
    const moved = { ...deploy, version: "v2" };
    expect(planPrune([deploy], [moved]).phases).toEqual([]);
  });
  test("keeps CRDs unless asked, and keeps namespaces meshfleet did not create", () => {
    const foreign = entry("Namespace", "shared");
    const plan = planPrune([crd, foreign], []);
    expect(plan.phases).toEqual([]);
    expect(plan.kept.map((k) => k.object)).toEqual([
      "customresourcedefinition gateways.networking.istio.io",
      "namespace shared",
    ]);
    expect(planPrune([crd], [], { includeCrds: true }).phases).toEqual([[crd]]);
  });
});

describe("uninstall plan", () => {
  test("resources first, then CRDs, then created namespaces", () => {
    const plan = planUninstall([ns, crd, cm, deploy], { includeCrds: true });
    expect(plan.phases).toEqual([[deploy, cm], [crd], [ns]]);
  });
  test("without includeCrds the CRD stays and is reported", () => {
    const plan = planUninstall([ns, crd, cm]);
    expect(plan.phases).toEqual([[cm], [ns]]);
    expect(plan.kept).toHaveLength(1);
  });
});

describe("inventory merge", () => {
  test("per-step inventories merge by identity, later entries winning", () => {
    const newer = { ...cm, resourceVersion: "9" };
    expect(mergeInventories([ns, cm], [newer, deploy])).toEqual([ns, newer, deploy]);
  });
});
