import { getTableColumns } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { rollouts } from "../db/schema/index.ts";
import {
  initialProgress,
  type ProfileVersion,
  planRollout,
  type RolloutPlan,
  type RolloutStrategy,
} from "../domain/rollouts/index.ts";
import { newId } from "../ids.ts";
import { recordEvent } from "./events.ts";
import { enqueueOutbox } from "./outbox.ts";
import { loadProfileVersion, type ProfileVersionRow } from "./profiles.ts";
import type { RolloutRow } from "./rollouts.ts";
import { claimClusters, findHolders, type Holder, releaseClusters } from "./rollouts-membership.ts";
import {
  type ClusterSelection,
  type SelectedCluster,
  selectClusters,
  toPlanInput,
} from "./rollouts-select.ts";

/** A rollout request as the API accepted it, strategy parsed. */
export interface RolloutRequest {
  tenantId: string;
  name?: string | undefined;
  profile: string;
  version?: number | undefined;
  selection: ClusterSelection;
  strategy: RolloutStrategy;
  /** Canary seed; defaults to the rollout id. A dry run returns its seed so it can be replayed. */
  seed?: string | undefined;
}

/** A computed plan, not stored yet. */
export interface PlannedRollout {
  id: string;
  seed: string;
  name: string;
  target: ProfileVersion;
  version: ProfileVersionRow;
  selected: SelectedCluster[];
  plan: RolloutPlan;
}

/**
 * Resolves the profile version, selects the clusters and plans the waves. Reads only, so a
 * dry run and a real creation compute the same plan from the same seed.
 */
export async function planRolloutRequest(db: Db, request: RolloutRequest): Promise<PlannedRollout> {
  const version = await loadProfileVersion(db, request.tenantId, request.profile, request.version, "profile");
  const selected = await selectClusters(db, request.tenantId, request.selection);
  const id = newId();
  const seed = request.seed ?? id;
  const target = { profile: request.profile, version: String(version.version) };
  const plan = planRollout({ clusters: selected.map(toPlanInput), target, strategy: request.strategy, seed });
  const name = request.name ?? `${request.profile}-v${version.version}`;
  return { id, seed, name, target, version, selected, plan };
}

const {
  plan: _plan,
  progress: _progress,
  commands: _commands,
  ...STORED_COLUMNS
} = getTableColumns(rollouts);

/** The stored rollout, or the active rollouts holding some of its clusters (a 409). */
export type StoreResult =
  | { row: RolloutRow; conflicts?: undefined }
  | { row?: undefined; conflicts: Holder[] };

/**
 * Stores a planned rollout with its memberships, records `rollout.planned` and queues its
 * first tick, in the caller's transaction. Clusters held by another active rollout make it a
 * conflict unless `supersede`, which takes them out of their old rollouts first.
 */
export async function storeRollout(
  tx: Db,
  request: RolloutRequest,
  planned: PlannedRollout,
  options: { supersede: boolean; actor: string },
): Promise<StoreResult> {
  const { tenantId } = request;
  const progress = initialProgress(planned.plan);
  const values = {
    id: planned.id,
    tenantId,
    name: planned.name,
    profile: planned.target.profile,
    profileVersion: planned.version.version,
    selector: request.selection.selector ?? null,
    clusterNames: request.selection.clusters ?? null,
    strategy: { ...request.strategy, seed: planned.seed } as unknown as Record<string, unknown>,
    plan: planned.plan as unknown as Record<string, unknown>,
    progress: progress as unknown as Record<string, unknown>,
    state: "Planned" as const,
    commands: [],
  };
  // The plan and progress documents are not read back: the caller has them already.
  const [stored] = await tx.insert(rollouts).values(values).returning(STORED_COLUMNS);
  const row: RolloutRow = { ...stored!, plan: values.plan, progress: values.progress, commands: [] };
  const claim = { rolloutId: planned.id, tenantId, plan: planned.plan };
  let taken = await claimClusters(tx, claim);
  if (taken.length > 0) {
    const holders = await findHolders(tx, tenantId, taken);
    if (!options.supersede) return { conflicts: holders.length > 0 ? holders : unknownHolders(taken) };
    await releaseClusters(tx, holders, planned.id);
    taken = await claimClusters(tx, { ...claim, only: new Set(taken) });
    if (taken.length > 0) return { conflicts: await findHolders(tx, tenantId, taken) };
  }
  await recordEvent(tx, {
    tenantId,
    type: "rollout.planned",
    subjectId: planned.id,
    actor: options.actor,
    data: {
      rolloutId: planned.id,
      name: planned.name,
      profile: planned.target.profile,
      version: planned.version.version,
      waves: planned.plan.waves.length,
      clusters: planned.plan.totals.clusters,
      alreadyAtTarget: planned.plan.totals.alreadyAtTarget,
    },
  });
  await enqueueOutbox(tx, { tenantId, job: "rollout-tick", payload: { rolloutId: planned.id } });
  return { row };
}

/** Holders that vanished between the insert and the lookup still conflicted: name the clusters. */
function unknownHolders(clusterIds: string[]): Holder[] {
  return clusterIds.map((clusterId) => ({
    clusterId,
    clusterName: clusterId,
    rolloutId: "",
    rolloutName: "",
  }));
}
