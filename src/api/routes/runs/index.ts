import type { App } from "../../context.ts";
import { registerRunActions } from "./actions.ts";
import { registerGetRun } from "./get.ts";
import { registerListRuns } from "./list.ts";
import { registerUninstallMesh } from "./uninstall.ts";

/** Runs: the step timelines of installs and uninstalls, with retry and cancel. */
export function registerRunRoutes(app: App) {
  registerListRuns(app);
  registerGetRun(app);
  registerRunActions(app);
  registerUninstallMesh(app);
}
