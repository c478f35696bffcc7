/**
 * The `slack` format: an incoming-webhook message with Block Kit blocks and a plain `text`
 * fallback (used for notifications and by clients that cannot render blocks).
 */
import type { DeliveryInput } from "../message.ts";
import { fitItems, moreLine, truncate } from "./text.ts";
import type { RenderedDelivery } from "./types.ts";
import { type ChatView, chatView, type Tone } from "./view.ts";

/** Slack's documented limits for incoming webhooks. */
export const SLACK_LIMITS = { blocks: 50, sectionText: 3000, headerText: 150, contextElements: 10 } as const;

const PREFERRED_ITEMS = 20;
const TEXT_FALLBACK_MAX = 3000;
const TONE_EMOJI: Record<Tone, string> = {
  good: ":white_check_mark:",
  info: ":information_source:",
  warning: ":warning:",
  danger: ":rotating_light:",
};

type Block = Record<string, unknown>;

/** Slack mrkdwn treats only `&`, `<` and `>` as control characters; escaping them also stops `<!channel>`. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function mrkdwn(text: string): Block {
  return { type: "mrkdwn", text: truncate(text, SLACK_LIMITS.sectionText) };
}

/** Packs list lines into as few sections as possible, each under the section text limit. */
function listSections(lines: string[]): Block[] {
  const sections: Block[] = [];
  let current = "";
  for (const line of lines) {
    const candidate = current === "" ? line : `${current}\n${line}`;
    if (candidate.length > SLACK_LIMITS.sectionText && current !== "") {
      sections.push({ type: "section", text: mrkdwn(current) });
      current = line;
    } else {
      current = candidate;
    }
  }
  if (current !== "") sections.push({ type: "section", text: mrkdwn(current) });
  return sections;
}

function blocksFor(view: ChatView, maxItems: number): Block[] {
  const blocks: Block[] = [
    {
      type: "header",
      text: {
        type: "plain_text",
        text: truncate(`${TONE_EMOJI[view.tone]} ${view.title}`, SLACK_LIMITS.headerText),
        emoji: true,
      },
    },
  ];
  const facts = view.facts.map((f) => `${escapeSlack(f.label)}: *${escapeSlack(f.value)}*`).join(" · ");
  blocks.push({
    type: "section",
    text: mrkdwn(`*${escapeSlack(view.summary)}*${facts ? `\n${facts}` : ""}`),
  });
  if (view.items.length > 0) {
    const shown = view.items.slice(0, maxItems);
    const lines = shown.map((i) => `• *${escapeSlack(i.title)}* — ${escapeSlack(i.text)}`);
    blocks.push({ type: "section", text: mrkdwn(`*${escapeSlack(view.itemsHeading)}*`) });
    blocks.push(...listSections(lines));
    const hidden = view.items.length - shown.length;
    if (hidden > 0) blocks.push({ type: "context", elements: [mrkdwn(moreLine(hidden, view.itemsNoun))] });
  }
  if (view.links.length > 0) {
    const links = view.links
      .slice(0, SLACK_LIMITS.contextElements)
      .map((l) => mrkdwn(`<${escapeSlack(l.url)}|${escapeSlack(l.label)}>`));
    blocks.push({ type: "context", elements: links });
  }
  return blocks;
}

/** Renders a chat message as a Slack Block Kit payload that stays within Slack's limits. */
export function renderSlack(input: DeliveryInput): RenderedDelivery {
  const view = chatView(input);
  const blocks = fitItems(
    PREFERRED_ITEMS,
    (n) => blocksFor(view, n),
    (b) => b.length <= SLACK_LIMITS.blocks,
  );
  const payload = { text: truncate(escapeSlack(view.fallback), TEXT_FALLBACK_MAX), blocks };
  return { contentType: "application/json", body: JSON.stringify(payload) };
}
