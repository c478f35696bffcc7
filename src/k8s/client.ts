import type https from "node:https";
import { KubeConfig } from "@kubernetes/client-node";
import { Agent } from "undici";
import type { VettedKubeconfig } from "../domain/kubeconfig/types.ts";
import { type AddressPolicy, assertServerAllowed, guardedLookup } from "./address-policy.ts";
import { classifyNetworkError, classifyResponse } from "./classify.ts";
import { Discovery } from "./discovery.ts";
import { EngineError } from "./errors.ts";
import type { RequestStats } from "./request-stats.ts";

/** How the engine addresses one registered cluster; credentialsVersion bumps on each new kubeconfig. */
export interface ClusterTarget {
  id: string;
  credentialsVersion: string | number;
  kubeconfig: VettedKubeconfig;
}

/** Knobs shared by every client of one engine. */
export interface ClientOptions extends Partial<AddressPolicy> {
  /** Deadline for one request, headers and body included. Default 30 s. */
  requestTimeoutMs?: number;
  /** Deadline for the TCP + TLS handshake. Default 10 s. */
  connectTimeoutMs?: number;
  /** Connections kept per cluster. Default 4. */
  connections?: number;
  stats?: RequestStats;
}

/** One API request; `what` names it in error messages. */
export interface ApiRequest {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  contentType?: string;
  timeoutMs?: number;
  /** Statuses returned to the caller instead of thrown (e.g. 404 for existence checks). */
  allowStatus?: number[];
  /** Extra headers, e.g. an Accept asking for PartialObjectMetadataList. */
  headers?: Record<string, string>;
  what?: string;
}

export interface ApiResponse<T> {
  status: number;
  body: T;
}

/**
 * TLS and credentials come from the client library's KubeConfig, built from validated
 * fields only (never kubeconfig text), so exec/auth-provider/file paths cannot be reached.
 */
async function tlsOptionsFrom(kubeconfig: VettedKubeconfig, server: string) {
  const kc = new KubeConfig();
  const user =
    kubeconfig.auth.kind === "token"
      ? { name: "meshfleet", token: kubeconfig.auth.token }
      : { name: "meshfleet", certData: kubeconfig.auth.certData, keyData: kubeconfig.auth.keyData };
  const cluster = {
    name: "cluster",
    server,
    skipTLSVerify: kubeconfig.insecureSkipTlsVerify,
    ...(kubeconfig.caData ? { caData: kubeconfig.caData } : {}),
    ...(kubeconfig.tlsServerName ? { tlsServerName: kubeconfig.tlsServerName } : {}),
  };
  kc.loadFromOptions({
    clusters: [cluster],
    users: [user],
    contexts: [{ name: "meshfleet", cluster: "cluster", user: "meshfleet" }],
    currentContext: "meshfleet",
  });
  const opts: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(opts);
  const dispatcher = kc.createDispatcherOptions(kc.getCurrentCluster(), {
    ca: opts.ca,
    cert: opts.cert,
    key: opts.key,
    ...(opts.rejectUnauthorized === undefined ? {} : { rejectUnauthorized: opts.rejectUnauthorized }),
    ...(opts.servername === undefined ? {} : { servername: opts.servername }),
  });
  if (dispatcher.type !== "agent" && dispatcher.type !== "none") {
    throw new EngineError("AddressRefused", "proxies are not supported for cluster connections");
  }
  const headers = (opts.headers ?? {}) as Record<string, string>;
  return {
    connect: dispatcher.type === "agent" ? dispatcher.connect : {},
    authorization: headers.Authorization,
  };
}

/**
 * A connection pool and credentials for one cluster at one credentials version. Requests are
 * raw JSON over undici so timeouts, content types and request counting stay exact.
 */
export class K8sClient {
  readonly clusterId: string;
  readonly server: URL;
  readonly discovery: Discovery;
  readonly #agent: Agent;
  readonly #authorization: string | undefined;
  readonly #timeoutMs: number;
  readonly #stats: RequestStats | undefined;

  private constructor(
    target: ClusterTarget,
    server: URL,
    agent: Agent,
    auth: string | undefined,
    o: ClientOptions,
  ) {
    this.clusterId = target.id;
    this.server = server;
    this.#agent = agent;
    this.#authorization = auth;
    this.#timeoutMs = o.requestTimeoutMs ?? 30_000;
    this.#stats = o.stats;
    this.discovery = new Discovery(this);
  }

  /** Builds a client; refuses link-local/metadata servers always and loopback unless allowed. */
  static async create(target: ClusterTarget, options: ClientOptions = {}): Promise<K8sClient> {
    const policy = { allowLoopback: options.allowLoopback ?? false };
    const server = assertServerAllowed(target.kubeconfig.server, policy);
    const { connect, authorization } = await tlsOptionsFrom(target.kubeconfig, server.origin);
    const agent = new Agent({
      connections: options.connections ?? 4,
      connect: { ...connect, lookup: guardedLookup(policy), timeout: options.connectTimeoutMs ?? 10_000 },
    });
    return new K8sClient(target, server, agent, authorization, options);
  }

  /** Sends one request; non-2xx answers outside `allowStatus` become EngineErrors. */
  async request<T = unknown>(req: ApiRequest): Promise<ApiResponse<T>> {
    const what = req.what ?? `${req.method} ${req.path}`;
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(req.query ?? {}))
      if (value !== undefined) query.set(key, value);
    const search = query.size > 0 ? `?${query}` : "";
    const headers: Record<string, string> = { accept: "application/json", ...req.headers };
    if (this.#authorization) headers.authorization = this.#authorization;
    let body: string | undefined;
    if (req.body !== undefined) {
      body = typeof req.body === "string" ? req.body : JSON.stringify(req.body);
      headers["content-type"] = req.contentType ?? "application/json";
    }
    const timeoutMs = req.timeoutMs ?? this.#timeoutMs;
    this.#stats?.record(req.method);
    let status: number;
    let text: string;
    let retryAfter: string | undefined;
    try {
      const res = await this.#agent.request({
        origin: this.server.origin,
        path: `${this.server.pathname.replace(/\/$/, "")}${req.path}${search}`,
        method: req.method,
        headers,
        body,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = res.statusCode;
      const header = res.headers["retry-after"];
      retryAfter = Array.isArray(header) ? header[0] : header;
      text = await res.body.text();
    } catch (error) {
      this.#stats?.recordFailure();
      throw classifyNetworkError(error, what);
    }
    const parsed = parseBody(text);
    if ((status < 200 || status > 299) && !req.allowStatus?.includes(status)) {
      this.#stats?.recordFailure();
      throw classifyResponse({ status, body: parsed, retryAfter }, what);
    }
    return { status, body: parsed as T };
  }

  /** Closes the pool; in-flight requests fail. */
  async close(): Promise<void> {
    await this.#agent.close();
  }
}

function parseBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
