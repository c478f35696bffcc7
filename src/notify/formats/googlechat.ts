/**
 * The `googlechat` format: a `cardsV2` message threaded by rollout. Threading only works when
 * the sender adds `messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD` to the URL, which is
 * why this renderer returns `urlSuffixQuery`.
 */
import type { DeliveryInput } from "../message.ts";
import { fitItems, moreLine, truncate, utf8Bytes } from "./text.ts";
import type { RenderedDelivery } from "./types.ts";
import { type ChatView, chatView } from "./view.ts";

/** Google Chat rejects messages above 32,000 bytes. */
export const GOOGLECHAT_LIMITS = { bytes: 32_000 } as const;

/** Query parameter that makes `thread.threadKey` reply into an existing thread. */
export const GOOGLECHAT_THREAD_QUERY = {
  messageReplyOption: "REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD",
} as const;

const PREFERRED_ITEMS = 20;
const MAX_HEADER = 200;

/** Card text widgets accept a small HTML subset; escaping keeps user text literal. */
export function escapeGoogleChat(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function message(view: ChatView, cardId: string, maxItems: number): string {
  const sections: Record<string, unknown>[] = [];
  if (view.facts.length > 0) {
    sections.push({
      widgets: view.facts.map((f) => ({
        decoratedText: { topLabel: escapeGoogleChat(f.label), text: escapeGoogleChat(f.value) },
      })),
    });
  }
  if (view.items.length > 0) {
    const shown = view.items.slice(0, maxItems);
    const lines = shown.map((i) => `<b>${escapeGoogleChat(i.title)}</b> — ${escapeGoogleChat(i.text)}`);
    const hidden = view.items.length - shown.length;
    if (hidden > 0) lines.push(`<i>${moreLine(hidden, view.itemsNoun)}</i>`);
    sections.push({
      header: escapeGoogleChat(view.itemsHeading),
      widgets: [{ textParagraph: { text: lines.join("<br>") } }],
    });
  }
  if (view.links.length > 0) {
    sections.push({
      widgets: [
        {
          buttonList: {
            buttons: view.links.map((l) => ({ text: l.label, onClick: { openLink: { url: l.url } } })),
          },
        },
      ],
    });
  }
  return JSON.stringify({
    cardsV2: [
      {
        cardId,
        card: {
          header: { title: truncate(view.title, MAX_HEADER), subtitle: truncate(view.summary, MAX_HEADER) },
          sections,
        },
      },
    ],
    ...(view.threadKey ? { thread: { threadKey: view.threadKey } } : {}),
  });
}

/** Renders a chat message as a Google Chat `cardsV2` payload within the 32,000-byte limit. */
export function renderGoogleChat(input: DeliveryInput): RenderedDelivery {
  const view = chatView(input);
  const cardId = `meshfleet-${input.kind === "event" ? input.event.id : input.id}`;
  const body = fitItems(
    PREFERRED_ITEMS,
    (n) => message(view, cardId, n),
    (b) => utf8Bytes(b) <= GOOGLECHAT_LIMITS.bytes,
  );
  return {
    contentType: "application/json; charset=UTF-8",
    body,
    ...(view.threadKey ? { urlSuffixQuery: { ...GOOGLECHAT_THREAD_QUERY } } : {}),
  };
}
