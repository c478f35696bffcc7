import { type ClientOptions, type ClusterTarget, K8sClient } from "./client.ts";

/**
 * One client (connection pool + discovery cache) per cluster and credentials version. A new
 * credentials version replaces and closes the old client, so rotated tokens never linger.
 */
export class ClientCache {
  readonly #options: ClientOptions;
  readonly #clients = new Map<string, { version: string; client: Promise<K8sClient> }>();

  constructor(options: ClientOptions = {}) {
    this.#options = options;
  }

  /** The client for a target, created on first use. */
  get(target: ClusterTarget): Promise<K8sClient> {
    const version = String(target.credentialsVersion);
    const cached = this.#clients.get(target.id);
    if (cached?.version === version) return cached.client;
    if (cached) void cached.client.then((c) => c.close()).catch(() => undefined);
    const client = K8sClient.create(target, this.#options);
    this.#clients.set(target.id, { version, client });
    // A failed creation (refused address) must not be cached: the next call re-validates.
    client.catch(() => {
      if (this.#clients.get(target.id)?.client === client) this.#clients.delete(target.id);
    });
    return client;
  }

  /** Drops and closes a cluster's client, e.g. when the cluster is deregistered. */
  async forget(clusterId: string): Promise<void> {
    const cached = this.#clients.get(clusterId);
    this.#clients.delete(clusterId);
    if (cached) await (await cached.client.catch(() => undefined))?.close();
  }

  get size(): number {
    return this.#clients.size;
  }

  /** Closes every pool; for shutdown. */
  async close(): Promise<void> {
    const all = [...this.#clients.keys()];
    await Promise.all(all.map((id) => this.forget(id)));
  }
}
