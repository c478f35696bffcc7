/**
 * The event model notifications are built from. The API side produces these from the `events`
 * table; nothing here knows about the database.
 */

/** One fleet event. `id` is stable and doubles as the `webhook-id`, so receivers can de-duplicate. */
export interface MeshEvent {
  id: string;
  /** Dotted type such as `rollout.wave.completed`, `run.failed`, `cluster.drifted`, `webhook.ping`. */
  type: string;
  tenantId: string;
  /** ISO 8601 timestamp. */
  occurredAt: string;
  clusterId?: string;
  clusterName?: string;
  rolloutId?: string;
  data: Record<string, unknown>;
}

/** One failing cluster inside a rollout summary. */
export interface RolloutFailure {
  cluster: string;
  reason: string;
  message?: string;
}

/** The state of a rollout at the moment a chat message is rendered; chat formats show this. */
export interface RolloutSummary {
  id: string;
  name: string;
  profile: string;
  version: number;
  state: string;
  wave: number;
  waves: number;
  clustersTotal: number;
  clustersReady: number;
  clustersFailed: number;
  failures: RolloutFailure[];
  links: { rollout: string };
}
