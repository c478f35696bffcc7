import { describe, expect, test } from "vitest";
import type { ValidationIssue } from "../../../src/domain/errors.ts";
import {
  expandPlaceholders,
  findPlaceholders,
  unknownPlaceholderIssues,
} from "../../../src/domain/profiles/placeholders.ts";

const cluster = {
  name: "eu-1",
  labels: { region: "eu", "topology.kubernetes.io/zone": "eu-1a", net_work: "n-1" },
};

describe("findPlaceholders", () => {
  test.each([
    ["{{cluster.name}}", [{ kind: "clusterName", text: "{{cluster.name}}" }]],
    ["{{ cluster.name }}", [{ kind: "clusterName", text: "{{ cluster.name }}" }]],
    [
      "{{cluster.labels.region}}",
      [{ kind: "clusterLabel", key: "region", text: "{{cluster.labels.region}}" }],
    ],
    [
      "{{cluster.labels.topology.kubernetes.io/zone}}",
      [
        {
          kind: "clusterLabel",
          key: "topology.kubernetes.io/zone",
          text: "{{cluster.labels.topology.kubernetes.io/zone}}",
        },
      ],
    ],
    [
      "{{cluster.labels.net_work}}",
      [{ kind: "clusterLabel", key: "net_work", text: "{{cluster.labels.net_work}}" }],
    ],
    ["{{ .Values.global.hub }}", [{ kind: "unknown", text: "{{ .Values.global.hub }}" }]],
    ["{{cluster.labels.}}", [{ kind: "unknown", text: "{{cluster.labels.}}" }]],
    ["{{cluster.labels.a b}}", [{ kind: "unknown", text: "{{cluster.labels.a b}}" }]],
    ["{{cluster.labels.-a}}", [{ kind: "unknown", text: "{{cluster.labels.-a}}" }]],
    ["{{Cluster.Name}}", [{ kind: "unknown", text: "{{Cluster.Name}}" }]],
    ["{{}}", [{ kind: "unknown", text: "{{}}" }]],
    ["no braces, { single }, {{ unclosed", []],
  ])("%j", (text, expected) => {
    expect(findPlaceholders(text)).toEqual(expected);
  });

  test("several in one string", () => {
    expect(findPlaceholders("{{cluster.name}}-{{cluster.labels.region}}").map((p) => p.kind)).toEqual([
      "clusterName",
      "clusterLabel",
    ]);
  });
});

describe("unknownPlaceholderIssues", () => {
  test("names the path of every string with an unknown placeholder; keys are not checked", () => {
    const patch = {
      metadata: { labels: { "topology.istio.io/network": "{{cluster.labels.network}}", "{{key}}": "x" } },
      spec: {
        containers: [{ env: [{ value: "{{ .Values.hub }}" }, { value: "{{cluster.nam}} and {{x}}" }] }],
      },
    };
    expect(unknownPlaceholderIssues(patch, "overlays[0].patch")).toEqual([
      {
        field: "overlays[0].patch.spec.containers[0].env[0].value",
        message:
          "unknown placeholder {{ .Values.hub }}; overlays may use {{cluster.name}} and {{cluster.labels.KEY}}",
      },
      {
        field: "overlays[0].patch.spec.containers[0].env[1].value",
        message:
          "unknown placeholder {{cluster.nam}}; overlays may use {{cluster.name}} and {{cluster.labels.KEY}}",
      },
      {
        field: "overlays[0].patch.spec.containers[0].env[1].value",
        message: "unknown placeholder {{x}}; overlays may use {{cluster.name}} and {{cluster.labels.KEY}}",
      },
    ]);
  });
});

describe("expandPlaceholders", () => {
  test("replaces in strings at any depth, keeps keys and non-strings", () => {
    const issues: ValidationIssue[] = [];
    const value = {
      "{{cluster.name}}": "{{cluster.name}}",
      list: ["zone {{ cluster.labels.topology.kubernetes.io/zone }}", 3, true, null],
      nested: { a: "{{cluster.labels.region}}-{{cluster.name}}" },
    };
    expect(expandPlaceholders(value, cluster, issues)).toEqual({
      "{{cluster.name}}": "eu-1",
      list: ["zone eu-1a", 3, true, null],
      nested: { a: "eu-eu-1" },
    });
    expect(issues).toEqual([]);
  });

  test("a missing cluster label is an issue on cluster.labels.KEY, once per key", () => {
    const issues: ValidationIssue[] = [];
    expandPlaceholders(
      ["{{cluster.labels.network}}", "{{cluster.labels.network}}", "{{cluster.labels.a.b/c}}"],
      cluster,
      issues,
    );
    expect(issues).toEqual([
      {
        field: "cluster.labels.network",
        message: "the cluster has no label network, which an overlay uses in {{cluster.labels.network}}",
      },
      {
        field: 'cluster.labels["a.b/c"]',
        message: "the cluster has no label a.b/c, which an overlay uses in {{cluster.labels.a.b/c}}",
      },
    ]);
  });

  test("empty label values expand to empty strings; inherited names are not labels", () => {
    const issues: ValidationIssue[] = [];
    expect(expandPlaceholders("x{{cluster.labels.e}}y", { name: "c", labels: { e: "" } }, issues)).toBe("xy");
    expandPlaceholders("{{cluster.labels.constructor}}", { name: "c", labels: {} }, issues);
    expect(issues.map((i) => i.field)).toEqual(["cluster.labels.constructor"]);
  });

  test("unknown placeholders are left as written", () => {
    expect(expandPlaceholders("{{ .Values.x }}", cluster, [])).toBe("{{ .Values.x }}");
  });
});
