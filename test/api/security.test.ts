import { describe, expect } from "vitest";
import { apiTest as test } from "../support/api.ts";
import { tokenKubeconfig } from "../support/fixtures/kubeconfigs.ts";
import { releaseBody } from "../support/fixtures/release-yaml.ts";

/**
 * For every resource: no key → 401, a read-only key on a write → 403, and another tenant's
 * object → 404 (never 403, so existence does not leak).
 */
describe("security per resource", () => {
  test("no key, read-only key and wrong tenant", async ({ api }) => {
    const owner = await api.key("write");
    const reader = await api.key("read", owner.tenant);
    const stranger = await api.key("admin");
    const key = owner.secret;

    const cluster = await api.call("POST", "/v1/clusters", {
      key,
      body: { name: "c1", kubeconfig: tokenKubeconfig() },
    });
    await api.call("POST", "/v1/releases", { key, body: releaseBody() });
    await api.call("POST", "/v1/profiles", { key, body: { name: "p", release: "1.26.2", profile: "demo" } });
    const id = cluster.body.id;

    const reads = [
      `/v1/clusters/${id}`,
      "/v1/releases/1.26.2",
      "/v1/profiles/p",
      "/v1/profiles/p/versions/1",
      `/v1/profiles/p/versions/1/render?cluster=${id}`,
    ];
    for (const path of reads) {
      expect((await api.call("GET", path)).status, path).toBe(401);
      expect((await api.call("GET", path, { key: reader.secret })).status, path).toBe(200);
      const other = await api.call("GET", path, { key: stranger.secret });
      expect(other.status, path).toBe(404);
    }

    const writes: [string, string, unknown][] = [
      ["POST", "/v1/clusters", { name: "c2", kubeconfig: tokenKubeconfig() }],
      ["PATCH", `/v1/clusters/${id}`, { labels: { a: "b" } }],
      ["PUT", `/v1/clusters/${id}/kubeconfig`, { kubeconfig: tokenKubeconfig() }],
      ["PUT", `/v1/clusters/${id}/mesh`, { profile: "p" }],
      ["DELETE", `/v1/clusters/${id}`, undefined],
      ["POST", "/v1/releases", releaseBody("1.26.9")],
      ["POST", "/v1/profiles", { name: "q", release: "1.26.2", profile: "demo" }],
      ["PATCH", "/v1/profiles/p", { profile: "minimal" }],
    ];
    for (const [method, path, body] of writes) {
      expect((await api.call(method, path, { body })).status, `${method} ${path}`).toBe(401);
      expect((await api.call(method, path, { key: reader.secret, body })).status, `${method} ${path}`).toBe(
        403,
      );
    }
    for (const [method, path, body] of writes.filter(([, p]) => p.includes(id) || p === "/v1/profiles/p")) {
      expect((await api.call(method, path, { key: stranger.secret, body })).status, `${method} ${path}`).toBe(
        404,
      );
    }
    const list = await api.call("GET", "/v1/clusters", { key: stranger.secret });
    expect(list.body.items).toHaveLength(0);
    const events = await api.call("GET", "/v1/events", { key: stranger.secret });
    expect(events.body.items.every((e: { clusterId: string | null }) => e.clusterId !== id)).toBe(true);
    expect((await api.call("GET", `/v1/clusters/${id}`, { key })).body.labels).toEqual({});
  });
});
