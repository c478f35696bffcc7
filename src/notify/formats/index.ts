/** One entry point over all delivery formats. */
import type { DeliveryInput, WebhookFormat } from "../message.ts";
import { renderCloudEvents } from "./cloudevents.ts";
import { renderDiscord } from "./discord.ts";
import { renderGoogleChat } from "./googlechat.ts";
import { renderSlack } from "./slack.ts";
import { renderStandard } from "./standard.ts";
import { renderTeams } from "./teams.ts";
import type { RenderedDelivery, RenderOptions } from "./types.ts";

export type { RenderedDelivery, RenderOptions } from "./types.ts";

/**
 * Renders the request body for one delivery. Machine formats (`standard`, `cloudevents`) take
 * exactly one event; chat formats take an aggregated `ChatMessage` or a lone event (a ping).
 * Pure: the same input always gives the same bytes, which keeps signatures reproducible.
 */
export function renderDelivery(
  format: WebhookFormat,
  input: DeliveryInput,
  options: RenderOptions = {},
): RenderedDelivery {
  switch (format) {
    case "standard":
      return renderStandard(input);
    case "cloudevents":
      return renderCloudEvents(input, options);
    case "slack":
      return renderSlack(input);
    case "teams":
      return renderTeams(input);
    case "discord":
      return renderDiscord(input);
    case "googlechat":
      return renderGoogleChat(input);
  }
}
