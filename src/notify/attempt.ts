/**
 * One delivery attempt end to end: render, sign, send, classify. The HTTP sender is passed in
 * (the Node one lives in `send/`), so this file runs anywhere and the worker stays thin.
 */
import { renderDelivery } from "./formats/index.ts";
import type { RenderOptions } from "./formats/types.ts";
import type { DeliveryInput, WebhookFormat } from "./message.ts";
import { type AttemptResult, classifyResponse, type DeliveryOutcome } from "./retry.ts";
import { signedHeaders } from "./sign.ts";

/** The HTTP request an attempt makes. */
export interface OutgoingWebhook {
  url: string;
  headers: Record<string, string>;
  body: string;
  query?: Record<string, string>;
  timeoutMs?: number;
}

/** Anything that can send one request: `WebhookSender.send` in Node. */
export type SendFn = (
  req: OutgoingWebhook,
) => Promise<AttemptResult & { durationMs: number; bodyExcerpt: string }>;

/** Everything one attempt needs; the secrets are decrypted by the caller and never logged. */
export interface AttemptInput {
  subscription: { url: string; format: WebhookFormat; secrets: readonly string[] };
  input: DeliveryInput;
  /** 1 for the first attempt. */
  attempt: number;
  nowMs: number;
  random?: () => number;
  renderOptions?: RenderOptions;
  userAgent?: string;
  timeoutMs?: number;
}

/** The attempt's record: what was sent (id, timestamp), what came back, and what to do next. */
export interface AttemptRecord {
  webhookId: string;
  timestamp: number;
  result: AttemptResult & { durationMs: number; bodyExcerpt: string };
  outcome: DeliveryOutcome;
}

/** The `webhook-id` of a delivery: the event id, or the chat message id. Stable across retries. */
export function webhookIdOf(input: DeliveryInput): string {
  return input.kind === "event" ? input.event.id : input.id;
}

/**
 * Renders, signs (machine formats only: chat services do not verify signatures), sends and
 * classifies one attempt. The timestamp is the attempt's, so a retry carries a fresh signature.
 */
export async function attemptDelivery(send: SendFn, a: AttemptInput): Promise<AttemptRecord> {
  const { format, url, secrets } = a.subscription;
  const rendered = renderDelivery(format, a.input, a.renderOptions);
  const webhookId = webhookIdOf(a.input);
  const timestamp = Math.floor(a.nowMs / 1000);
  const headers: Record<string, string> = {
    "content-type": rendered.contentType,
    "user-agent": a.userAgent ?? "meshfleet-webhooks/1",
  };
  if (format === "standard" || format === "cloudevents") {
    Object.assign(headers, await signedHeaders({ id: webhookId, timestamp, body: rendered.body, secrets }));
  }
  const result = await send({
    url,
    headers,
    body: rendered.body,
    ...(rendered.urlSuffixQuery ? { query: rendered.urlSuffixQuery } : {}),
    ...(a.timeoutMs !== undefined ? { timeoutMs: a.timeoutMs } : {}),
  });
  const outcome = classifyResponse({
    ...result,
    nowMs: a.nowMs,
    attempt: a.attempt,
    ...(a.random ? { random: a.random } : {}),
  });
  return { webhookId, timestamp, result, outcome };
}
