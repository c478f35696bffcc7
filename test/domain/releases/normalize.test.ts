import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { canonicalJson } from "../../../src/domain/releases/digest.ts";
import { normalizeRelease } from "../../../src/domain/releases/normalize.ts";
import { asyncIssuesOf } from "../issues.ts";
import { DEMO_PROFILE, GATEWAY_CRD, MINIMAL_PROFILE, WASM_CRD } from "../manifests.ts";

const sha = (text: string) => createHash("sha256").update(text).digest("hex");
const mixed = (crds: string, profile: string) => `${crds}---\n${profile}`;

describe("normalizeRelease", () => {
  test("separate CRDs: profiles keep their objects, CRDs are sorted by name", async () => {
    const release = await normalizeRelease({
      crds: `${WASM_CRD}---\n${GATEWAY_CRD}`,
      profiles: { demo: DEMO_PROFILE, minimal: MINIMAL_PROFILE },
    });
    expect(release.crds.map((c) => c.metadata.name)).toEqual([
      "gateways.networking.istio.io",
      "meshconfigs.example.io",
    ]);
    expect(release.profiles.demo?.objects).toHaveLength(8);
    expect(release.profiles.minimal?.objects.map((o) => o.kind)).toEqual(["ServiceAccount"]);
  });

  test("profile digests are sha256 of the canonical JSON of {crds, objects}", async () => {
    const release = await normalizeRelease({ crds: GATEWAY_CRD, profiles: { minimal: MINIMAL_PROFILE } });
    const minimal = release.profiles.minimal!;
    expect(minimal.digest).toBe(sha(canonicalJson({ crds: release.crds, objects: minimal.objects })));
    expect(release.contentDigest).toBe(
      sha(canonicalJson({ crds: release.crds, profiles: { minimal: minimal.objects } })),
    );
  });

  test("mixed form splits CRDs out and de-duplicates identical copies; both forms digest equally", async () => {
    const separate = await normalizeRelease({
      crds: `${GATEWAY_CRD}---\n${WASM_CRD}`,
      profiles: { demo: DEMO_PROFILE, minimal: MINIMAL_PROFILE },
    });
    const combined = await normalizeRelease({
      profiles: {
        minimal: mixed(WASM_CRD, MINIMAL_PROFILE),
        demo: mixed(`${GATEWAY_CRD}---\n${WASM_CRD}`, DEMO_PROFILE),
      },
    });
    expect(combined).toEqual(separate);
  });

  test("content changes change the digests; reordering profile keys does not", async () => {
    const a = await normalizeRelease({ profiles: { demo: DEMO_PROFILE, minimal: MINIMAL_PROFILE } });
    const b = await normalizeRelease({ profiles: { minimal: MINIMAL_PROFILE, demo: DEMO_PROFILE } });
    const c = await normalizeRelease({
      profiles: { demo: DEMO_PROFILE, minimal: MINIMAL_PROFILE.replace("istiod", "istiod2") },
    });
    expect(b.contentDigest).toBe(a.contentDigest);
    expect(c.contentDigest).not.toBe(a.contentDigest);
    expect(c.profiles.demo?.digest).toBe(a.profiles.demo?.digest);
    expect(c.profiles.minimal?.digest).not.toBe(a.profiles.minimal?.digest);
  });

  test("a profile may be empty (Istio's `empty` profile)", async () => {
    const release = await normalizeRelease({ crds: GATEWAY_CRD, profiles: { empty: "" } });
    expect(release.profiles.empty?.objects).toEqual([]);
  });

  test("the same name in different groups is not a duplicate", async () => {
    const gateways = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: g }
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: g }
`;
    await expect(normalizeRelease({ profiles: { demo: gateways } })).resolves.toBeDefined();
  });
});

describe("normalizeRelease rejects", () => {
  const fields = async (input: Parameters<typeof normalizeRelease>[0], base?: string) =>
    (await asyncIssuesOf(normalizeRelease(input, base))).map((i) => i.field);

  test("no profiles, and profile names that are not DNS-1123 labels", async () => {
    expect(await fields({ profiles: {} })).toEqual(["profiles"]);
    expect(await fields({ profiles: { Demo: MINIMAL_PROFILE, "a.b": MINIMAL_PROFILE } })).toEqual([
      "profiles.Demo",
      'profiles["a.b"]',
    ]);
  });

  test("non-CRDs in crds, with the field under a base", async () => {
    expect(
      await fields({ crds: `${GATEWAY_CRD}---\n${MINIMAL_PROFILE}`, profiles: { demo: "" } }, "manifests"),
    ).toEqual(["manifests.crds[1].kind"]);
  });

  test("conflicting CRDs with one name, wherever they are", async () => {
    const changed = GATEWAY_CRD.replace("scope: Namespaced", "scope: Cluster");
    const issues = await asyncIssuesOf(
      normalizeRelease({
        crds: GATEWAY_CRD,
        profiles: { demo: mixed(changed, MINIMAL_PROFILE), minimal: MINIMAL_PROFILE },
      }),
    );
    expect(issues).toEqual([
      {
        field: "profiles.demo[0]",
        message:
          "conflicts with CustomResourceDefinition gateways.networking.istio.io at crds[0]; copies of a CRD must be identical",
      },
    ]);
  });

  test("CRDs without group, kind or a valid scope", async () => {
    const broken =
      "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: { name: x }\nspec: { scope: Global }\n";
    expect(await fields({ profiles: { demo: broken } })).toEqual([
      "profiles.demo[0].spec.group",
      "profiles.demo[0].spec.names.kind",
      "profiles.demo[0].spec.scope",
    ]);
  });

  test("duplicates within a profile, treating a missing namespace as istio-system", async () => {
    const dup = `${MINIMAL_PROFILE}---\napiVersion: v1\nkind: ServiceAccount\nmetadata: { name: istiod }\n`;
    const issues = await asyncIssuesOf(normalizeRelease({ profiles: { demo: dup, other: MINIMAL_PROFILE } }));
    expect(issues).toEqual([
      { field: "profiles.demo[1]", message: "duplicates ServiceAccount istiod at profiles.demo[0]" },
    ]);
  });

  test("cluster-scoped duplicates ignore a stray namespace; other namespaces are distinct", async () => {
    const roles = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: r }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: r, namespace: other }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: s, namespace: kube-system }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: s }
`;
    expect(await fields({ profiles: { demo: roles } })).toEqual(["profiles.demo[1]"]);
  });

  test("cluster-scoped custom kinds follow their CRD", async () => {
    const configs = `${WASM_CRD}---
apiVersion: example.io/v1
kind: MeshConfig
metadata: { name: m, namespace: a }
---
apiVersion: example.io/v1
kind: MeshConfig
metadata: { name: m, namespace: b }
`;
    expect(await fields({ profiles: { demo: configs } })).toEqual(["profiles.demo[2]"]);
  });

  test("document problems in several profiles are reported together", async () => {
    expect(await fields({ crds: "kind: X", profiles: { a: "apiVersion: v1", b: "- 1" } })).toEqual([
      "crds[0].apiVersion",
      "crds[0].metadata",
      "profiles.a[0].kind",
      "profiles.a[0].metadata",
      "profiles.b[0]",
    ]);
  });
});
