import type { App } from "../../context.ts";
import { registerRolloutActions } from "./actions.ts";
import { registerCreateRollout } from "./create.ts";
import { registerGetRollout } from "./get.ts";
import { registerListRollouts } from "./list.ts";

/** `/v1/rollouts`: fleet rollouts in waves, with their status and actions. */
export function registerRolloutRoutes(app: App) {
  registerCreateRollout(app);
  registerListRollouts(app);
  registerGetRollout(app);
  registerRolloutActions(app);
}
