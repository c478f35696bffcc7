import { describe, expect, test } from "vitest";
import { parseIndexedDocuments, parseManifestDocuments } from "../../../src/domain/releases/documents.ts";
import { issuesOf } from "../issues.ts";
import { DEMO_PROFILE, INJECTOR_TEMPLATE } from "../manifests.ts";

const F = "profiles.demo";

describe("parseManifestDocuments", () => {
  test("parses every non-empty document in order", () => {
    const objects = parseManifestDocuments(DEMO_PROFILE, F);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      "ServiceAccount/istiod",
      "ConfigMap/istio-sidecar-injector",
      "Deployment/istiod",
      "Service/istiod",
      "ClusterRole/istiod-clusterrole-istio-system",
      "MutatingWebhookConfiguration/istio-sidecar-injector",
      "Gateway/ingress",
      "MeshConfig/global",
    ]);
  });

  test("Istio's {{ .Values }} template text is kept verbatim as data", () => {
    const configMap = parseManifestDocuments(DEMO_PROFILE, F)[1];
    expect(configMap?.data).toEqual({ config: INJECTOR_TEMPLATE });
  });

  test("indexes count every document of the stream, empty ones included", () => {
    expect(parseIndexedDocuments(DEMO_PROFILE, F).objects.map((o) => o.index)).toEqual([
      0, 2, 3, 4, 5, 6, 7, 8,
    ]);
  });

  test("empty streams, comment-only and null documents yield nothing", () => {
    expect(parseManifestDocuments("", F)).toEqual([]);
    expect(parseManifestDocuments("# nothing\n---\n---\n~\n", F)).toEqual([]);
  });

  test("explicit nulls in metadata are dropped; merge keys resolve", () => {
    const [o] = parseManifestDocuments(
      "base: &b { replicas: 2 }\napiVersion: v1\nkind: X\nmetadata: { name: a, namespace: null, labels: null }\nspec: { <<: *b }\n",
      F,
    );
    expect(o?.metadata).toEqual({ name: "a" });
    expect(o?.spec).toEqual({ replicas: 2 });
  });
});

describe("parseManifestDocuments rejects bad documents, naming each", () => {
  test.each([
    ["missing apiVersion", "kind: A\nmetadata: { name: a }", [`${F}[0].apiVersion`]],
    ["numeric apiVersion", "apiVersion: 1\nkind: A\nmetadata: { name: a }", [`${F}[0].apiVersion`]],
    ["bad kind", "apiVersion: v1\nkind: my-kind\nmetadata: { name: a }", [`${F}[0].kind`]],
    ["missing metadata", "apiVersion: v1\nkind: A", [`${F}[0].metadata`]],
    ["missing name", "apiVersion: v1\nkind: A\nmetadata: { namespace: x }", [`${F}[0].metadata.name`]],
    ["name with a slash", "apiVersion: v1\nkind: A\nmetadata: { name: a/b }", [`${F}[0].metadata.name`]],
    ["name ..", "apiVersion: v1\nkind: A\nmetadata: { name: '..' }", [`${F}[0].metadata.name`]],
    [
      "bad namespace",
      "apiVersion: v1\nkind: A\nmetadata: { name: a, namespace: Bad_NS }",
      [`${F}[0].metadata.namespace`],
    ],
    [
      "bad label",
      "apiVersion: v1\nkind: A\nmetadata: { name: a, labels: { ok: '-x' } }",
      [`${F}[0].metadata.labels.ok`],
    ],
    [
      "numeric annotation",
      "apiVersion: v1\nkind: A\nmetadata: { name: a, annotations: { n: 1 } }",
      [`${F}[0].metadata.annotations`],
    ],
    ["a list document", "apiVersion: v1\nkind: List\nitems: []\nmetadata: { name: l }", [`${F}[0].kind`]],
    ["a scalar document", "hello", [`${F}[0]`]],
    ["a sequence document", "- a", [`${F}[0]`]],
    [
      "invalid YAML in the second document",
      "apiVersion: v1\nkind: A\nmetadata: { name: a }\n---\nkey: [",
      [`${F}[1]`],
    ],
    ["duplicate keys", "apiVersion: v1\napiVersion: v1\nkind: A\nmetadata: { name: a }", [`${F}[0]`]],
    [
      "unquoted template at the start of a value",
      "apiVersion: v1\nkind: A\nmetadata: { name: {{ .Values.name }} }",
      [`${F}[0].metadata.name`],
    ],
    [
      "several bad documents at once",
      "kind: A\nmetadata: { name: a }\n---\napiVersion: v1\nkind: B\nmetadata: {}\n",
      [`${F}[0].apiVersion`, `${F}[1].metadata.name`],
    ],
  ])("%s", (_name, text, fields) => {
    expect(issuesOf(() => parseManifestDocuments(text, F)).map((i) => i.field)).toEqual(fields);
  });

  test("YAML errors say where", () => {
    const [issue] = issuesOf(() =>
      parseManifestDocuments("apiVersion: v1\nkind: A\nmetadata: { name: a }\n---\nkey: [", F),
    );
    expect(issue?.message).toMatch(/^document at line 4 is not valid YAML: .*line 5/s);
  });

  test("alias bombs are refused", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (const [i, n] of [..."bcdefgh"].entries())
      bomb.push(`${n}: &${n} [${Array(10).fill(`*${"abcdefgh"[i]}`).join(", ")}]`);
    expect(issuesOf(() => parseManifestDocuments(bomb.join("\n"), F)).map((i) => i.field)).toEqual([
      `${F}[0]`,
    ]);
  });

  test("issues are capped so a huge bad upload yields a readable answer", () => {
    const text = Array(80).fill("kind: A\nmetadata: { name: a }").join("\n---\n");
    const issues = issuesOf(() => parseManifestDocuments(text, F));
    expect(issues).toHaveLength(51);
    expect(issues[50]).toEqual({ field: F, message: "and 30 more problems" });
  });
});
