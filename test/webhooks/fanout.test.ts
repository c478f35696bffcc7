import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { events, webhookDeliveries } from "../../src/db/schema/index.ts";
import { recordEvent } from "../../src/services/events.ts";
import { eventTypeMatches, selectorAdmits } from "../../src/services/webhooks-match.ts";
import { type ApiHarness, apiTest as test } from "../support/api.ts";
import { tokenKubeconfig } from "../support/fixtures/kubeconfigs.ts";
import { subscribe } from "./support.ts";

describe("event filters", () => {
  it("matches globs across dots, and nothing else", () => {
    expect(eventTypeMatches(["rollout.*"], "rollout.wave.completed")).toBe(true);
    expect(eventTypeMatches(["rollout.*"], "rollout")).toBe(false);
    expect(eventTypeMatches(["rollout.*"], "rollouts.started")).toBe(false);
    expect(eventTypeMatches(["run.failed"], "run.failed")).toBe(true);
    expect(eventTypeMatches(["run.failed"], "run.failed.again")).toBe(false);
    expect(eventTypeMatches(["*.failed"], "run.failed")).toBe(true);
    expect(eventTypeMatches(["*"], "anything.at.all")).toBe(true);
    expect(eventTypeMatches(["run.?"], "run.x")).toBe(false);
    expect(eventTypeMatches([], "run.failed")).toBe(false);
  });

  it("admits by selector only events about a cluster", () => {
    expect(selectorAdmits("env=prod", { env: "prod" })).toBe(true);
    expect(selectorAdmits("env=prod", { env: "dev" })).toBe(false);
    expect(selectorAdmits("env=prod", undefined)).toBe(true);
    expect(selectorAdmits(null, { env: "dev" })).toBe(true);
    expect(selectorAdmits("!canary", {})).toBe(true);
    // A selector that no longer parses admits nothing rather than failing the event's transaction.
    expect(selectorAdmits("env in (", { env: "prod" })).toBe(false);
  });
});

async function deliveriesFor(api: ApiHarness, eventId: string) {
  const rows = await api.database.db
    .select({ webhookId: webhookDeliveries.webhookId, status: webhookDeliveries.status })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.eventId, eventId));
  return rows.map((r) => r.webhookId).sort();
}

describe("recordEvent fans out to subscriptions", () => {
  test("in the event's transaction, by type glob, selector, tenant and enabled", async ({ api }) => {
    const { secret: key, tenant } = await api.key("write");
    const { secret: otherKey } = await api.key("write");
    const url = "http://127.0.0.1:9/h";
    const runs = await subscribe(api, key, { url, events: ["run.*"] });
    const all = await subscribe(api, key, { url, events: ["*"] });
    const off = await subscribe(api, key, { url, events: ["*"], enabled: false });
    const prod = await subscribe(api, key, { url, events: ["cluster.*"], selector: "env=prod" });
    const dev = await subscribe(api, key, { url, events: ["*"], selector: "env=dev" });
    await subscribe(api, otherKey, { url, events: ["*"] });

    const cluster = await api.call("POST", "/v1/clusters", {
      key,
      body: { name: "prod-eu", labels: { env: "prod" }, kubeconfig: tokenKubeconfig() },
    });
    expect(cluster.status).toBe(201);
    const [registered] = await api.database.db
      .select({ id: events.id })
      .from(events)
      .where(and(eq(events.tenantId, tenant), eq(events.type, "cluster.registered")));
    expect(await deliveriesFor(api, registered!.id)).toEqual([all.id, prod.id].sort());

    const rollout = await api.database.db.transaction((tx) =>
      recordEvent(tx, { tenantId: tenant, type: "rollout.started", subjectId: "r1" }),
    );
    // No cluster: the selectors do not filter it.
    expect(await deliveriesFor(api, rollout)).toEqual([all.id, dev.id].sort());

    const run = await api.database.db.transaction((tx) =>
      recordEvent(tx, { tenantId: tenant, type: "run.failed", clusterId: cluster.body.id }),
    );
    expect(await deliveriesFor(api, run)).toEqual([runs.id, all.id].sort());
    expect((await deliveriesFor(api, run)).includes(off.id)).toBe(false);

    let rolledBack = "";
    await expect(
      api.database.db.transaction(async (tx) => {
        rolledBack = await recordEvent(tx, {
          tenantId: tenant,
          type: "run.failed",
          clusterId: cluster.body.id,
        });
        expect(
          await deliveriesFor({ ...api, database: { ...api.database, db: tx } }, rolledBack),
        ).toHaveLength(2);
        throw new Error("the change fails");
      }),
    ).rejects.toThrow("the change fails");
    expect(await deliveriesFor(api, rolledBack)).toEqual([]);
    expect(await api.database.db.select().from(events).where(eq(events.id, rolledBack))).toEqual([]);
  });

  test("a tenant without subscriptions gets its event and no delivery", async ({ api }) => {
    const { tenant } = await api.key("write");
    const id = await api.database.db.transaction((tx) =>
      recordEvent(tx, { tenantId: tenant, type: "cluster.drifted", data: { items: [] } }),
    );
    expect(await deliveriesFor(api, id)).toEqual([]);
    expect(
      await api.database.db.select({ id: events.id }).from(events).where(eq(events.id, id)),
    ).toHaveLength(1);
  });
});
