import { describe, expect } from "vitest";
import { apiTest as test } from "../support/api.ts";
import { tokenKubeconfig } from "../support/fixtures/kubeconfigs.ts";
import { CRDS_YAML, DEMO_YAML, releaseBody } from "../support/fixtures/release-yaml.ts";

describe("releases, profiles, render and desired state", () => {
  test("the README flow: release → profile → render → desired state → outbox", async ({ api }) => {
    const { secret: key } = await api.key("write");
    const cluster = await api.call("POST", "/v1/clusters", {
      key,
      body: { name: "edge-1", labels: { region: "eu" }, kubeconfig: tokenKubeconfig() },
    });
    const release = await api.call("POST", "/v1/releases", { key, body: releaseBody() });
    expect(release.status, JSON.stringify(release.body)).toBe(201);
    expect(release.body.kubernetes).toEqual({ min: "1.29", max: "1.33" });
    expect(release.body.crds).toHaveLength(2);
    expect(release.body.profiles.map((p: { name: string }) => p.name)).toEqual(["demo", "minimal"]);

    const profile = await api.call("POST", "/v1/profiles", {
      key,
      body: {
        name: "prod-mesh",
        release: "1.26.2",
        profile: "demo",
        overlays: [
          {
            target: { kind: "Deployment", name: "istiod" },
            patch: { spec: { replicas: 2 }, metadata: { labels: { region: "{{cluster.labels.region}}" } } },
          },
        ],
      },
    });
    expect(profile.status, JSON.stringify(profile.body)).toBe(201);
    expect(profile.body.latestVersion).toBe(1);

    const render = await api.call(
      "GET",
      `/v1/profiles/prod-mesh/versions/1/render?cluster=${cluster.body.id}`,
      { key },
    );
    expect(render.status, JSON.stringify(render.body)).toBe(200);
    expect(render.body.phases.map((p: { phase: string }) => p.phase)).toEqual([
      "namespaces",
      "crds",
      "resources",
    ]);
    const resources = render.body.phases[2].objects;
    expect(resources.map((o: { kind: string }) => o.kind)).toEqual([
      "ServiceAccount",
      "ConfigMap",
      "Service",
      "Deployment",
    ]);
    const deploy = resources.find((o: { kind: string }) => o.kind === "Deployment");
    expect(deploy.spec.replicas).toBe(2);
    expect(deploy.metadata.labels.region).toBe("eu");
    const cm = resources.find((o: { kind: string }) => o.kind === "ConfigMap");
    expect(cm.data.mesh).toContain("{{ .Values.global.hub }}");

    const outboxBefore = await api.count("outbox");
    const desired = await api.call("PUT", `/v1/clusters/${cluster.body.id}/mesh`, {
      key,
      body: { profile: "prod-mesh", version: 1 },
    });
    expect(desired.status).toBe(202);
    expect(desired.body.desired).toEqual({
      profile: "prod-mesh",
      version: 1,
      generation: 1,
      uninstall: false,
    });
    expect(await api.count("outbox")).toBe(outboxBefore + 1);

    const events = await api.call("GET", `/v1/events?cluster=${cluster.body.id}`, { key });
    expect(events.body.items.map((e: { type: string }) => e.type)).toEqual([
      "cluster.registered",
      "cluster.desired_changed",
    ]);
  });

  test("releases are immutable: same content is idempotent, different content is 409", async ({ api }) => {
    const { secret: key } = await api.key("write");
    expect((await api.call("POST", "/v1/releases", { key, body: releaseBody("1.25.0") })).status).toBe(201);
    const again = await api.call("POST", "/v1/releases", { key, body: releaseBody("1.25.0") });
    expect(again.status).toBe(200);
    const changed = releaseBody("1.25.0");
    changed.profiles.demo = DEMO_YAML.replace("replicas: 1", "replicas: 3");
    const conflict = await api.call("POST", "/v1/releases", { key, body: changed });
    expect(conflict.status).toBe(409);
    expect(conflict.body.detail).toContain("immutable");
  });

  test("CRDs are split out of single multi-document profiles", async ({ api }) => {
    const { secret: key } = await api.key("write");
    const res = await api.call("POST", "/v1/releases", {
      key,
      body: { version: "1.26.1", profiles: { demo: `${CRDS_YAML}\n---\n${DEMO_YAML}` } },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.crds).toHaveLength(2);
    expect(res.body.profiles[0].objects).toBe(4);
  });

  test("bad releases are 422 naming the document and field; nothing is stored", async ({ api }) => {
    const { secret: key } = await api.key("write");
    const before = await api.count("releases");
    const noName = await api.call("POST", "/v1/releases", {
      key,
      body: { version: "1.26.3", profiles: { demo: "apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n" } },
    });
    expect(noName.status).toBe(422);
    expect(noName.body.errors[0].field).toContain("metadata.name");
    const dupe = await api.call("POST", "/v1/releases", {
      key,
      body: { version: "1.26.4", profiles: { demo: `${DEMO_YAML}\n---\n${DEMO_YAML}` } },
    });
    expect(dupe.status).toBe(422);
    const badVersion = await api.call("POST", "/v1/releases", {
      key,
      body: { ...releaseBody(), version: "one" },
    });
    expect(badVersion.status).toBe(422);
    expect(badVersion.body.errors[0].field).toBe("version");
    expect(await api.count("releases")).toBe(before);
  });

  test("profiles: bad references and overlays are 422 at write time; PATCH makes immutable versions", async ({
    api,
  }) => {
    const { secret: key } = await api.key("write");
    await api.call("POST", "/v1/releases", { key, body: releaseBody("1.27.0") });
    const base = { name: "p1", release: "1.27.0", profile: "demo" };
    const cases: [object, string][] = [
      [{ ...base, release: "9.9.9" }, "release"],
      [{ ...base, profile: "ambient" }, "profile"],
      [
        { ...base, overlays: [{ target: { kind: "Deployment", name: "nope" }, patch: {} }] },
        "overlays[0].target",
      ],
      [
        {
          ...base,
          overlays: [{ target: { kind: "Deployment", name: "istiod" }, patch: { a: "{{cluster.region}}" } }],
        },
        "overlays[0].patch",
      ],
    ];
    for (const [body, field] of cases) {
      const res = await api.call("POST", "/v1/profiles", { key, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.errors[0].field).toContain(field);
    }
    expect((await api.call("GET", "/v1/profiles", { key })).body.items).toHaveLength(0);

    expect((await api.call("POST", "/v1/profiles", { key, body: base })).status).toBe(201);
    const v2 = await api.call("PATCH", "/v1/profiles/p1", { key, body: { profile: "minimal" } });
    expect(v2.status).toBe(200);
    expect(v2.body.latestVersion).toBe(2);
    expect(v2.body.latest.profile).toBe("minimal");
    const v1 = await api.call("GET", "/v1/profiles/p1/versions/1", { key });
    expect(v1.body.profile).toBe("demo");
    const missingLabel = await api.call("PATCH", "/v1/profiles/p1", {
      key,
      body: {
        overlays: [
          {
            target: { kind: "ServiceAccount", name: "istiod" },
            patch: { metadata: { labels: { z: "{{cluster.labels.zone}}" } } },
          },
        ],
      },
    });
    expect(missingLabel.status).toBe(200);
    const c = await api.call("POST", "/v1/clusters", {
      key,
      body: { name: "nolabels", kubeconfig: tokenKubeconfig() },
    });
    const put = await api.call("PUT", `/v1/clusters/${c.body.id}/mesh`, { key, body: { profile: "p1" } });
    expect(put.status).toBe(422);
    expect(put.body.errors[0].field).toContain("zone");
    expect((await api.call("GET", `/v1/clusters/${c.body.id}`, { key })).body.desired).toBeNull();
  });
});
