/** The pure rollout core: strategy contract, planner and state machine. No I/O. */
export { countClusters, type RolloutCounts } from "./counts.ts";
export { etaSeconds } from "./eta.ts";
export { ROLLOUT_EVENTS, type RolloutEventName } from "./events.ts";
export { decide } from "./machine.ts";
export * from "./machine-types.ts";
export { type PlanRolloutInput, planRollout } from "./plan.ts";
export { initialProgress } from "./progress.ts";
export { type Quantity, resolveQuantity } from "./quantity.ts";
export { rollbackDestination } from "./rollback.ts";
export { type RolloutStrategy, type RolloutStrategyInput, rolloutStrategySchema } from "./strategy.ts";
export * from "./types.ts";
