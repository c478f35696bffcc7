import { describe, expect, it } from "vitest";
import { renderDelivery } from "../../src/notify/formats/index.ts";
import { pingMessage, waveMessage } from "./chat-messages.ts";
import { hugeRollout, rolloutSummary } from "./fixtures.ts";

interface Embed {
  title: string;
  description: string;
  fields: { name: string; value: string }[];
  footer: { text: string };
}
interface Payload {
  content: string;
  embeds: Embed[];
  allowed_mentions: { parse: string[] };
}

function totalEmbedChars(p: Payload): number {
  return p.embeds.reduce(
    (n, e) =>
      n +
      e.title.length +
      e.description.length +
      e.footer.text.length +
      e.fields.reduce((m, f) => m + f.name.length + f.value.length, 0),
    0,
  );
}

describe("discord format", () => {
  it("sends one embed with allowed_mentions emptied (snapshot)", () => {
    const p = JSON.parse(renderDelivery("discord", waveMessage()).body) as Payload;
    expect(p.allowed_mentions).toEqual({ parse: [] });
    expect(p.embeds[0]?.description).toContain("wave 3/7 · 41/120 clusters ready · 1 failed");
    expect(p.embeds[0]?.fields[0]?.name).toBe("prod-eu-001");
    expect(p).toMatchSnapshot();
  });

  it("summarises a 500-cluster rollout with 480 failures within Discord's limits", () => {
    const p = JSON.parse(renderDelivery("discord", waveMessage(hugeRollout(480))).body) as Payload;
    expect(p.content.length).toBeLessThanOrEqual(2000);
    expect(p.embeds.length).toBeLessThanOrEqual(10);
    expect(totalEmbedChars(p)).toBeLessThanOrEqual(6000);
    const embed = p.embeds[0]!;
    expect(embed.title.length).toBeLessThanOrEqual(256);
    expect(embed.fields.length).toBeLessThanOrEqual(25);
    for (const f of embed.fields) {
      expect(f.name.length).toBeLessThanOrEqual(256);
      expect(f.value.length).toBeLessThanOrEqual(1024);
    }
    const shown = embed.fields.length - 1;
    expect(embed.fields.at(-1)?.value).toBe(`…and ${480 - shown} more failures`);
  });

  it("neutralises mentions and markdown in user text", () => {
    const rollout = rolloutSummary({
      name: "@everyone deploy",
      failures: [{ cluster: "<@123456>", reason: "@here **now**" }],
    });
    const p = JSON.parse(renderDelivery("discord", waveMessage(rollout)).body) as Payload;
    const text = [
      p.content,
      p.embeds[0]!.title,
      ...p.embeds[0]!.fields.flatMap((f) => [f.name, f.value]),
    ].join("\n");
    expect(text).not.toMatch(/@everyone|@here|<@123456>/);
    expect(text).toContain("@\u200beveryone");
    expect(p.embeds[0]!.fields[0]).toEqual({
      name: "<@\u200b123456\\>",
      value: "@\u200bhere \\*\\*now\\*\\*",
    });
  });

  it("renders a ping (snapshot)", () => {
    expect(JSON.parse(renderDelivery("discord", pingMessage()).body)).toMatchSnapshot();
  });
});
