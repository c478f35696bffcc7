import { describe, expect, it } from "vitest";
import { renderDelivery } from "../../src/notify/formats/index.ts";
import { pingMessage, waveMessage } from "./chat-messages.ts";
import { hugeRollout, rolloutSummary } from "./fixtures.ts";

describe("googlechat format", () => {
  it("sends cardsV2 threaded by rollout id and asks the sender for the reply option (snapshot)", () => {
    const out = renderDelivery("googlechat", waveMessage());
    expect(out.urlSuffixQuery).toEqual({ messageReplyOption: "REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD" });
    const p = JSON.parse(out.body);
    expect(p.thread).toEqual({ threadKey: "ro_01HZX" });
    expect(p.cardsV2[0].card.header).toEqual({
      title: "Rollout istio-1-24-prod: wave 3/7 completed",
      subtitle: "wave 3/7 · 41/120 clusters ready · 1 failed",
    });
    expect(p).toMatchSnapshot();
  });

  it("summarises a 500-cluster rollout with 480 failures under 32,000 bytes", () => {
    const out = renderDelivery("googlechat", waveMessage(hugeRollout(480)));
    expect(new TextEncoder().encode(out.body).length).toBeLessThanOrEqual(32_000);
    expect(out.body).toMatch(/…and \d+ more failures/);
  });

  it("escapes the HTML subset card text understands", () => {
    const out = renderDelivery(
      "googlechat",
      waveMessage(
        rolloutSummary({ failures: [{ cluster: '<a href="https://evil.example">x</a>', reason: "a & b" }] }),
      ),
    );
    expect(out.body).not.toContain("<a href");
    expect(out.body).toContain('<b>&lt;a href=\\"https://evil.example\\"&gt;x&lt;/a&gt;</b> — a &amp; b');
  });

  it("does not thread or add the reply option for a message outside any rollout (snapshot)", () => {
    const out = renderDelivery("googlechat", pingMessage());
    expect(out.urlSuffixQuery).toBeUndefined();
    expect(JSON.parse(out.body).thread).toBeUndefined();
    expect(JSON.parse(out.body)).toMatchSnapshot();
  });
});
