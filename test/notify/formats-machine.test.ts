import { describe, expect, it } from "vitest";
import { renderDelivery } from "../../src/notify/formats/index.ts";
import { meshEvent } from "./fixtures.ts";

const event = meshEvent({
  id: "evt_01J9",
  type: "rollout.wave.completed",
  rolloutId: "ro_01HZX",
  clusterId: "cl_9",
  clusterName: "prod-eu-009",
  data: { wave: 3, waves: 7, clusterId: "spoofed" },
});

describe("standard format", () => {
  it("renders {type, timestamp, data} with identifiers winning over same-named data keys", () => {
    const out = renderDelivery("standard", { kind: "event", event });
    expect(out.contentType).toBe("application/json");
    expect(out.urlSuffixQuery).toBeUndefined();
    const parsed = JSON.parse(out.body);
    expect(parsed).toEqual({
      type: "rollout.wave.completed",
      timestamp: "2025-03-04T05:06:07.000Z",
      data: { wave: 3, waves: 7, clusterId: "cl_9", clusterName: "prod-eu-009", rolloutId: "ro_01HZX" },
    });
    expect(out.body).toMatchSnapshot();
  });

  it("refuses an aggregated digest of several events: one delivery is one event", () => {
    const two = {
      kind: "events" as const,
      id: "m",
      events: [event, { ...event, id: "evt_2" }],
      eventIds: ["evt_01J9", "evt_2"],
    };
    expect(() => renderDelivery("standard", two)).toThrow(/exactly one event/);
  });
});

describe("cloudevents format", () => {
  it("renders a structured-mode CloudEvent 1.0", () => {
    const out = renderDelivery("cloudevents", { kind: "event", event });
    expect(out.contentType).toBe("application/cloudevents+json");
    const ce = JSON.parse(out.body);
    expect(ce).toMatchObject({
      specversion: "1.0",
      id: "evt_01J9",
      source: "/meshfleet/tenants/ten_acme",
      type: "io.meshfleet.rollout.wave.completed",
      subject: "cl_9",
      time: "2025-03-04T05:06:07.000Z",
      datacontenttype: "application/json",
    });
    expect(ce.data.rolloutId).toBe("ro_01HZX");
    expect(out.body).toMatchSnapshot();
  });

  it("takes the source from the deployment when given", () => {
    const out = renderDelivery(
      "cloudevents",
      { kind: "event", event },
      { cloudEventsSource: "https://api.meshfleet.example" },
    );
    expect(JSON.parse(out.body).source).toBe("https://api.meshfleet.example");
  });
});
