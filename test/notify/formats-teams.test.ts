import { describe, expect, it } from "vitest";
import { renderDelivery } from "../../src/notify/formats/index.ts";
import { pingMessage, waveMessage } from "./chat-messages.ts";
import { hugeRollout, rolloutSummary } from "./fixtures.ts";

interface Card {
  type: string;
  version: string;
  body: { type: string; text?: string; facts?: { title: string; value: string }[] }[];
  actions: { type: string; url: string }[];
}

function card(body: string): Card {
  const msg = JSON.parse(body);
  expect(msg.type).toBe("message");
  expect(msg.attachments).toHaveLength(1);
  expect(msg.attachments[0].contentType).toBe("application/vnd.microsoft.card.adaptive");
  return msg.attachments[0].content as Card;
}

describe("teams format", () => {
  it("wraps an Adaptive Card 1.4 in a Workflows message (snapshot)", () => {
    const out = renderDelivery("teams", waveMessage());
    const c = card(out.body);
    expect(c).toMatchObject({ type: "AdaptiveCard", version: "1.4" });
    expect(c.body[1]?.text).toBe("wave 3/7 · 41/120 clusters ready · 1 failed");
    expect(c.actions).toEqual([
      {
        type: "Action.OpenUrl",
        title: "View rollout",
        url: "https://api.meshfleet.example/v1/rollouts/ro_01HZX",
      },
    ]);
    expect(JSON.parse(out.body)).toMatchSnapshot();
  });

  it("summarises a 500-cluster rollout with 480 failures under Teams' 28 KB", () => {
    const out = renderDelivery("teams", waveMessage(hugeRollout(480)));
    expect(new TextEncoder().encode(out.body).length).toBeLessThanOrEqual(28_000);
    const c = card(out.body);
    const failures = c.body.find((b, i) => b.type === "FactSet" && i > 2);
    expect(failures?.facts?.length).toBeGreaterThan(0);
    expect(c.body.at(-1)?.text).toMatch(/^…and \d+ more failures$/);
  });

  it("keeps markdown in user text literal", () => {
    const out = renderDelivery(
      "teams",
      waveMessage(rolloutSummary({ name: "[click](https://evil.example) **x**" })),
    );
    expect(card(out.body).body[0]?.text).toBe(
      "Rollout \\[click\\]\\(https://evil.example\\) \\*\\*x\\*\\*: wave 3/7 completed",
    );
  });

  it("renders a ping (snapshot)", () => {
    expect(JSON.parse(renderDelivery("teams", pingMessage()).body)).toMatchSnapshot();
  });
});
