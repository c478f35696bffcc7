/**
 * The webhook HTTP sender (Node-only): undici with keep-alive pools per origin, no redirect
 * following, a hard timeout, and the SSRF guard on every connection.
 */
import { isIP } from "node:net";
import { Agent, request } from "undici";
import type { SendErrorCode } from "../retry.ts";
import { blockedReason } from "./blocked-address.ts";
import { guardedConnector } from "./guard.ts";
import { type Resolver, systemResolver } from "./resolver.ts";
import { describeSendError } from "./send-errors.ts";
import { urlHost } from "./validate-url.ts";

/** The excerpt of a response body kept for the deliveries list. */
export const BODY_EXCERPT_BYTES = 1024;
/** Reading this much of a response keeps the connection reusable; beyond it we hang up. */
const DRAIN_LIMIT_BYTES = 64 * 1024;
const DEFAULT_TIMEOUT_MS = 15_000;

/** One HTTP attempt. */
export interface SendRequest {
  url: string;
  method?: "POST";
  headers: Record<string, string>;
  body: string;
  /** Extra query parameters (a renderer's `urlSuffixQuery`). */
  query?: Record<string, string>;
  timeoutMs?: number;
}

/** What happened, for the retry decision and the deliveries list. */
export interface SendResult {
  status?: number;
  headers: Record<string, string>;
  /** At most 1 KiB of the response body. */
  bodyExcerpt: string;
  durationMs: number;
  error?: { code: SendErrorCode; message: string };
}

/** Policy of one sender; production leaves both flags off. */
export interface SenderOptions {
  allowLoopback?: boolean;
  allowInsecure?: boolean;
  resolve?: Resolver;
  /** Sockets per origin; bounded so one slow receiver cannot take every file descriptor. */
  connectionsPerOrigin?: number;
}

/** A sender with its own connection pools. Close it on shutdown. */
export interface WebhookSender {
  send(req: SendRequest): Promise<SendResult>;
  close(): Promise<void>;
}

function normaliseHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw))
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  return out;
}

async function readExcerpt(body: AsyncIterable<Uint8Array>): Promise<string> {
  const kept = new Uint8Array(BODY_EXCERPT_BYTES);
  let size = 0;
  let total = 0;
  for await (const chunk of body) {
    if (size < BODY_EXCERPT_BYTES) {
      const part = chunk.subarray(0, BODY_EXCERPT_BYTES - size);
      kept.set(part, size);
      size += part.length;
    }
    total += chunk.length;
    if (total > DRAIN_LIMIT_BYTES) break;
  }
  return new TextDecoder().decode(kept.subarray(0, size));
}

/** Refusals decided from the URL alone, before any socket exists. */
function preflight(
  url: URL,
  opts: Required<Pick<SenderOptions, "allowLoopback" | "allowInsecure">>,
): string | null {
  if (url.protocol !== "https:" && !(url.protocol === "http:" && opts.allowInsecure))
    return `${url.protocol} is not allowed`;
  const host = urlHost(url);
  if (isIP(host) === 0) return null;
  const category = blockedReason(host, opts);
  return category === null ? null : `address ${host} is ${category} and may not receive webhooks`;
}

/** Creates a sender with keep-alive connection pools per origin. */
export function createWebhookSender(options: SenderOptions = {}): WebhookSender {
  const policy = {
    allowLoopback: options.allowLoopback ?? false,
    allowInsecure: options.allowInsecure ?? false,
  };
  const agent = new Agent({
    connect: guardedConnector({
      allowLoopback: policy.allowLoopback,
      resolve: options.resolve ?? systemResolver,
      connectTimeoutMs: 10_000,
    }),
    connections: options.connectionsPerOrigin ?? 64,
    // Pipelining would let one slow response hold up the next delivery on the same socket.
    pipelining: 1,
  });

  async function send(req: SendRequest): Promise<SendResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      return {
        headers: {},
        bodyExcerpt: "",
        durationMs: 0,
        error: { code: "other", message: "invalid URL" },
      };
    }
    for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v);
    const refused = preflight(url, policy);
    if (refused !== null)
      return {
        headers: {},
        bodyExcerpt: "",
        durationMs: elapsed(),
        error: { code: "blocked", message: refused },
      };
    const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    try {
      const res = await request(url, {
        dispatcher: agent,
        method: req.method ?? "POST",
        headers: req.headers,
        body: req.body,
        signal: AbortSignal.timeout(timeoutMs),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const bodyExcerpt = await readExcerpt(res.body);
      return {
        status: res.statusCode,
        headers: normaliseHeaders(res.headers),
        bodyExcerpt,
        durationMs: elapsed(),
      };
    } catch (error) {
      return { headers: {}, bodyExcerpt: "", durationMs: elapsed(), error: describeSendError(error) };
    }
  }

  return { send, close: () => agent.close() };
}

const defaultSenders = new Map<string, WebhookSender>();

/**
 * Sends one webhook through a shared sender per policy (pools are reused across calls).
 * Long-running processes that want explicit lifecycle use `createWebhookSender`.
 */
export function sendWebhook(
  req: SendRequest & { allowLoopback?: boolean; allowInsecure?: boolean },
): Promise<SendResult> {
  const key = `${req.allowLoopback === true}:${req.allowInsecure === true}`;
  let sender = defaultSenders.get(key);
  if (sender === undefined) {
    sender = createWebhookSender({
      allowLoopback: req.allowLoopback === true,
      allowInsecure: req.allowInsecure === true,
    });
    defaultSenders.set(key, sender);
  }
  return sender.send(req);
}

/** Closes the shared senders of `sendWebhook` (on SIGTERM, or at the end of a test file). */
export async function closeSharedSenders(): Promise<void> {
  const all = [...defaultSenders.values()];
  defaultSenders.clear();
  await Promise.all(all.map((s) => s.close()));
}
