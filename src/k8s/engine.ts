import type { K8sObject } from "../domain/manifests/types.ts";
import { type ApplyOptions, type ApplyResult, applyObjects } from "./apply.ts";
import type { ClientOptions, ClusterTarget, K8sClient } from "./client.ts";
import { ClientCache } from "./client-cache.ts";
import { type DeleteOptions, type DeleteReport, executeDeletion } from "./delete.ts";
import type { InventoryEntry } from "./inventory.ts";
import { type DriftReport, type ObserveInput, observe } from "./observe.ts";
import { crdWaitTargets, workloadWaitTargets } from "./plan.ts";
import { type PreflightInput, type PreflightReport, preflight } from "./preflight.ts";
import { type DeletionPolicy, planPrune, planUninstall } from "./prune-plan.ts";
import { RequestStats } from "./request-stats.ts";
import { type WaitOptions, type WaitReport, type WaitTarget, waitForReady } from "./wait.ts";

export interface EngineOptions extends ClientOptions {
  /** Share a client cache between engines (or inject one in tests); default: a new one. */
  clients?: ClientCache;
}

export interface PruneInput extends DeletionPolicy, DeleteOptions {
  /** The inventory stored by the previous successful install. */
  previous: readonly InventoryEntry[];
  /** The inventory just applied (all phases merged). */
  current: readonly InventoryEntry[];
}

export interface UninstallInput extends DeletionPolicy, DeleteOptions {
  inventory: readonly InventoryEntry[];
}

/** Everything the workers call; each method is one idempotent step against one cluster. */
export interface Engine {
  /** Requests made by every client of this engine. */
  readonly stats: RequestStats;
  readonly clients: ClientCache;
  client(target: ClusterTarget): Promise<K8sClient>;
  preflight(target: ClusterTarget, input: PreflightInput): Promise<PreflightReport>;
  /** Server-side applies one phase's objects (see planPhases) and returns their inventory. */
  applyPhase(
    target: ClusterTarget,
    objects: readonly K8sObject[],
    options?: ApplyOptions,
  ): Promise<ApplyResult>;
  /** Waits for the CRD phase: CRDs Established + NamesAccepted, Jobs in that phase Complete. */
  waitForCrds(
    target: ClusterTarget,
    crdPhase: readonly K8sObject[],
    options: WaitOptions,
  ): Promise<WaitReport>;
  /** Waits for Deployments, StatefulSets, DaemonSets and Jobs of the resources phase. */
  waitForWorkloads(
    target: ClusterTarget,
    resources: readonly K8sObject[],
    options: WaitOptions,
  ): Promise<WaitReport>;
  /** Deletes what `previous` holds and `current` does not (CRDs only with includeCrds). */
  prune(target: ClusterTarget, input: PruneInput): Promise<DeleteReport>;
  /** Deletes a whole inventory in reverse phase order and waits until it is gone. */
  uninstall(target: ClusterTarget, input: UninstallInput): Promise<DeleteReport>;
  /** Reads back an inventory and reports drift. */
  observe(target: ClusterTarget, input: ObserveInput): Promise<DriftReport>;
  /** Closes every connection pool. */
  close(): Promise<void>;
}

async function waitTargets(client: K8sClient, objects: readonly K8sObject[]): Promise<WaitTarget[]> {
  return Promise.all(
    objects.map(async (o) => {
      const info = await client.discovery.resolve(o.apiVersion, o.kind);
      const namespace = info.namespaced ? o.metadata.namespace : undefined;
      return { kind: o.kind, name: o.metadata.name, location: { ...info, namespace } };
    }),
  );
}

/**
 * Builds the engine. Clients are cached per cluster and credentials version; pass `clients`
 * to share them, and `stats` to count requests (a fresh counter otherwise).
 */
export function createEngine(options: EngineOptions = {}): Engine {
  const stats = options.stats ?? new RequestStats();
  const clients = options.clients ?? new ClientCache({ ...options, stats });
  const client = (target: ClusterTarget) => clients.get(target);
  return {
    stats,
    clients,
    client,
    preflight: async (target, input) => preflight(await client(target), input),
    applyPhase: async (target, objects, applyOptions) =>
      applyObjects(await client(target), objects, applyOptions),
    waitForCrds: async (target, crdPhase, waitOptions) => {
      const c = await client(target);
      return waitForReady(c, await waitTargets(c, crdWaitTargets(crdPhase)), waitOptions);
    },
    waitForWorkloads: async (target, resources, waitOptions) => {
      const c = await client(target);
      return waitForReady(c, await waitTargets(c, workloadWaitTargets(resources)), waitOptions);
    },
    prune: async (target, input) =>
      executeDeletion(await client(target), planPrune(input.previous, input.current, input), input),
    uninstall: async (target, input) =>
      executeDeletion(await client(target), planUninstall(input.inventory, input), input),
    observe: async (target, input) => observe(await client(target), input),
    close: () => clients.close(),
  };
}
