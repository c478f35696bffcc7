/**
 * The `teams` format: a Microsoft Teams Workflows webhook message carrying an Adaptive Card 1.4
 * (Office 365 connectors are retired).
 */
import type { DeliveryInput } from "../message.ts";
import { fitItems, moreLine, utf8Bytes } from "./text.ts";
import type { RenderedDelivery } from "./types.ts";
import { type ChatView, chatView, type Tone } from "./view.ts";

/** Teams rejects messages above about 28 KB. */
export const TEAMS_LIMITS = { bytes: 28_000 } as const;

const PREFERRED_ITEMS = 20;
const TONE_COLOR: Record<Tone, string> = {
  good: "Good",
  info: "Default",
  warning: "Warning",
  danger: "Attention",
};

/** Adaptive Card text is a markdown subset; backslash-escaping keeps user text literal. */
export function escapeTeams(text: string): string {
  return text.replace(/[\\*_[\]()~`#>-]/g, (c) => `\\${c}`);
}

function card(view: ChatView, maxItems: number): Record<string, unknown> {
  const body: Record<string, unknown>[] = [
    {
      type: "TextBlock",
      text: escapeTeams(view.title),
      weight: "Bolder",
      size: "Medium",
      wrap: true,
      color: TONE_COLOR[view.tone],
    },
    { type: "TextBlock", text: escapeTeams(view.summary), wrap: true, spacing: "Small" },
  ];
  if (view.facts.length > 0) {
    body.push({
      type: "FactSet",
      facts: view.facts.map((f) => ({ title: escapeTeams(f.label), value: escapeTeams(f.value) })),
    });
  }
  if (view.items.length > 0) {
    const shown = view.items.slice(0, maxItems);
    body.push({ type: "TextBlock", text: escapeTeams(view.itemsHeading), weight: "Bolder", wrap: true });
    body.push({
      type: "FactSet",
      facts: shown.map((i) => ({ title: escapeTeams(i.title), value: escapeTeams(i.text) })),
    });
    const hidden = view.items.length - shown.length;
    if (hidden > 0)
      body.push({ type: "TextBlock", text: moreLine(hidden, view.itemsNoun), isSubtle: true, wrap: true });
  }
  return {
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    type: "AdaptiveCard",
    version: "1.4",
    body,
    actions: view.links.map((l) => ({ type: "Action.OpenUrl", title: l.label, url: l.url })),
    msteams: { width: "Full" },
  };
}

function message(view: ChatView, maxItems: number): string {
  return JSON.stringify({
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: card(view, maxItems),
      },
    ],
  });
}

/** Renders a chat message as a Teams Workflows payload within Teams' size limit. */
export function renderTeams(input: DeliveryInput): RenderedDelivery {
  const view = chatView(input);
  const body = fitItems(
    PREFERRED_ITEMS,
    (n) => message(view, n),
    (b) => utf8Bytes(b) <= TEAMS_LIMITS.bytes,
  );
  return { contentType: "application/json", body };
}
