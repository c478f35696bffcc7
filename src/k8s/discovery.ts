import { setTimeout as sleep } from "node:timers/promises";
import type { K8sClient } from "./client.ts";
import { EngineError } from "./errors.ts";

/** Where a kind is served: enough to build its REST paths. */
export interface ResourceInfo {
  group: string;
  version: string;
  kind: string;
  /** Plural resource name, e.g. `deployments`. */
  resource: string;
  namespaced: boolean;
}

interface ApiResourceList {
  resources?: { name: string; kind: string; namespaced: boolean }[];
}

/** Splits `apps/v1` into group and version; the core group is "". */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf("/");
  if (slash < 0) return { group: "", version: apiVersion };
  return { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** Delays between discovery re-reads while a just-Established CRD's kind is not yet served. */
const GRACE_STEPS_MS = [0, 150, 300, 600, 1000];

/**
 * Per-cluster API discovery, read one group/version at a time (not the whole tree) and
 * cached. A miss re-reads that group/version, which is how a kind appears once its CRD is
 * Established.
 */
export class Discovery {
  readonly #client: K8sClient;
  readonly #cache = new Map<string, Map<string, ResourceInfo> | null>();
  readonly #inflight = new Map<string, Promise<Map<string, ResourceInfo> | null>>();

  constructor(client: K8sClient) {
    this.#client = client;
  }

  /** Resolves a kind, re-reading discovery briefly on a miss; KindNotFound if it never shows. */
  async resolve(apiVersion: string, kind: string): Promise<ResourceInfo> {
    const cached = this.#cache.get(apiVersion)?.get(kind);
    if (cached) return cached;
    for (const delay of GRACE_STEPS_MS) {
      if (delay > 0) await sleep(delay);
      const found = (await this.#read(apiVersion))?.get(kind);
      if (found) return found;
    }
    throw new EngineError("KindNotFound", `kind ${kind} (${apiVersion}) is not served by the cluster`);
  }

  /** Drops cached group/versions, e.g. after CRDs were deleted. */
  invalidate(apiVersion?: string): void {
    if (apiVersion === undefined) this.#cache.clear();
    else this.#cache.delete(apiVersion);
  }

  #read(apiVersion: string): Promise<Map<string, ResourceInfo> | null> {
    const pending = this.#inflight.get(apiVersion);
    if (pending) return pending;
    const promise = this.#fetch(apiVersion).finally(() => this.#inflight.delete(apiVersion));
    this.#inflight.set(apiVersion, promise);
    return promise;
  }

  async #fetch(apiVersion: string): Promise<Map<string, ResourceInfo> | null> {
    const { group, version } = splitApiVersion(apiVersion);
    const path = group === "" ? `/api/${version}` : `/apis/${group}/${version}`;
    const res = await this.#client.request<ApiResourceList>({
      method: "GET",
      path,
      allowStatus: [404],
      what: `discover ${apiVersion}`,
    });
    const kinds = res.status === 404 ? null : new Map<string, ResourceInfo>();
    for (const r of res.status === 404 ? [] : (res.body.resources ?? [])) {
      if (r.name.includes("/")) continue; // subresources such as deployments/status
      kinds?.set(r.kind, { group, version, kind: r.kind, resource: r.name, namespaced: r.namespaced });
    }
    this.#cache.set(apiVersion, kinds);
    return kinds;
  }
}
