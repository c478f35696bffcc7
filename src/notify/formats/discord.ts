/**
 * The `discord` format: a webhook message with one embed and `allowed_mentions` emptied, so no
 * text we relay can ping anyone.
 */
import type { DeliveryInput } from "../message.ts";
import { fitItems, moreLine, truncate } from "./text.ts";
import type { RenderedDelivery } from "./types.ts";
import { type ChatView, chatView, type Tone } from "./view.ts";

/** Discord's documented webhook limits. */
export const DISCORD_LIMITS = {
  content: 2000,
  embeds: 10,
  embedTotal: 6000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
} as const;

const PREFERRED_ITEMS = 15;
const TONE_COLOR: Record<Tone, number> = {
  good: 0x2eb67d,
  info: 0x5865f2,
  warning: 0xecb22e,
  danger: 0xe01e5a,
};

interface Embed {
  title: string;
  description: string;
  color: number;
  url?: string;
  fields: { name: string; value: string; inline?: boolean }[];
  footer: { text: string };
  timestamp: string;
}

/**
 * Escapes Discord markdown and breaks `@everyone`, `@here` and `<@id>` with a zero-width space:
 * `allowed_mentions` already stops the ping, this also stops the highlighted look.
 */
export function escapeDiscord(text: string): string {
  return text.replace(/[\\*_~`|>[\]()#]/g, (c) => `\\${c}`).replace(/@/g, "@\u200b");
}

/** Characters Discord counts against the 6,000 per message. */
export function embedChars(e: Embed): number {
  return (
    e.title.length +
    e.description.length +
    e.footer.text.length +
    e.fields.reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

function embed(view: ChatView, maxItems: number): Embed {
  const facts = view.facts.map((f) => `${escapeDiscord(f.label)}: **${escapeDiscord(f.value)}**`).join(" · ");
  const shown = view.items.slice(0, Math.min(maxItems, DISCORD_LIMITS.fields - 1));
  const fields = shown.map((i) => ({
    name: truncate(escapeDiscord(i.title), DISCORD_LIMITS.fieldName),
    value: truncate(escapeDiscord(i.text), DISCORD_LIMITS.fieldValue),
  }));
  const hidden = view.items.length - shown.length;
  if (hidden > 0) fields.push({ name: "\u200b", value: moreLine(hidden, view.itemsNoun) });
  return {
    title: truncate(escapeDiscord(view.title), DISCORD_LIMITS.title),
    description: truncate(
      `**${escapeDiscord(view.summary)}**${facts ? `\n${facts}` : ""}`,
      DISCORD_LIMITS.description,
    ),
    color: TONE_COLOR[view.tone],
    ...(view.links[0] ? { url: view.links[0].url } : {}),
    fields,
    footer: { text: "meshfleet" },
    timestamp: view.occurredAt,
  };
}

/** Renders a chat message as a Discord webhook payload within Discord's limits. */
export function renderDiscord(input: DeliveryInput): RenderedDelivery {
  const view = chatView(input);
  const one = fitItems(
    PREFERRED_ITEMS,
    (n) => embed(view, n),
    (e) => embedChars(e) <= DISCORD_LIMITS.embedTotal,
  );
  const payload = {
    content: truncate(escapeDiscord(view.fallback), DISCORD_LIMITS.content),
    embeds: [one],
    allowed_mentions: { parse: [] },
  };
  return { contentType: "application/json", body: JSON.stringify(payload) };
}
