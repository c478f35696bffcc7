/** Rollout events, in the order a rollout can meet them. They feed the webhooks. */
export const ROLLOUT_EVENTS = [
  "rollout.planned",
  "rollout.started",
  "rollout.wave.started",
  "rollout.wave.completed",
  "rollout.waiting_approval",
  "rollout.paused",
  "rollout.halted",
  "rollout.rolled_back",
  "rollout.completed",
  "rollout.aborted",
] as const;

/** One of ROLLOUT_EVENTS. `rollout.planned` is emitted by whoever stores the plan, not by decide. */
export type RolloutEventName = (typeof ROLLOUT_EVENTS)[number];
