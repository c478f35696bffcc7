import { describe, expect, it } from "vitest";
import { renderDelivery } from "../../src/notify/formats/index.ts";
import type { ChatMessage } from "../../src/notify/message.ts";
import { pingMessage, waveMessage } from "./chat-messages.ts";
import { hugeRollout, rolloutSummary } from "./fixtures.ts";

type Block = {
  type: string;
  text?: { type: string; text: string };
  elements?: { type: string; text: string }[];
};

function render(message: ChatMessage) {
  const out = renderDelivery("slack", message);
  return { out, payload: JSON.parse(out.body) as { text: string; blocks: Block[] } };
}

describe("slack format", () => {
  it("shows rollout, profile, version, wave progress, failures and links (snapshot)", () => {
    const { out, payload } = render(waveMessage());
    expect(out.contentType).toBe("application/json");
    expect(payload.text).toContain("wave 3/7 · 41/120 clusters ready · 1 failed");
    const all = payload.blocks
      .map((b) => b.text?.text ?? b.elements?.map((e) => e.text).join(" "))
      .join("\n");
    expect(all).toContain("istio-1-24-prod");
    expect(all).toContain("Profile: *default*");
    expect(all).toContain("Version: *3*");
    expect(all).toContain("prod-eu-001");
    expect(all).toContain("ReadinessDeadlineExceeded");
    expect(all).toContain("<https://api.meshfleet.example/v1/rollouts/ro_01HZX|View rollout>");
    expect(payload).toMatchSnapshot();
  });

  it("summarises a 500-cluster rollout with 480 failures within Slack's limits", () => {
    const { payload } = render(waveMessage(hugeRollout(480)));
    expect(payload.blocks.length).toBeLessThanOrEqual(50);
    for (const b of payload.blocks) {
      if (b.type === "header") expect(b.text!.text.length).toBeLessThanOrEqual(150);
      if (b.type === "section") expect(b.text!.text.length).toBeLessThanOrEqual(3000);
      for (const e of b.elements ?? []) expect(e.text.length).toBeLessThanOrEqual(3000);
    }
    const context = payload.blocks.flatMap((b) => b.elements ?? []).map((e) => e.text);
    expect(context).toContain("…and 460 more failures");
    expect(payload.text.length).toBeLessThanOrEqual(3000);
    expect(payload.text).toContain("wave 9/12 · 0/500 clusters ready · 480 failed");
  });

  it("escapes &, < and > in every mrkdwn text so nobody can inject <!channel> or links", () => {
    const rollout = rolloutSummary({
      name: "<!channel> & <https://evil.example|click>",
      failures: [{ cluster: "a<b>", reason: "x & y", message: "<@U123>" }],
    });
    const { payload } = render(waveMessage(rollout));
    const mrkdwn = [
      payload.text,
      ...payload.blocks
        .flatMap((b) => [b.text, ...(b.elements ?? [])])
        .flatMap((t) => (t && "type" in t && t.type === "mrkdwn" ? [t.text] : [])),
    ].join("\n");
    expect(mrkdwn).not.toMatch(/<!channel>|<https:\/\/evil|<@U123>|a<b>/);
    expect(mrkdwn).toContain("&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;");
    expect(mrkdwn).toContain("*a&lt;b&gt;* — x &amp; y: &lt;@U123&gt;");
    // The header is plain_text, which Slack never parses for mentions or links.
    expect(payload.blocks[0]).toMatchObject({ type: "header", text: { type: "plain_text" } });
  });

  it("renders a lone ping as an event card (snapshot)", () => {
    expect(render(pingMessage()).payload).toMatchSnapshot();
  });
});
