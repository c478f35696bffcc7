import type { App } from "../../context.ts";
import { registerCreateRelease } from "./create.ts";
import { registerGetRelease } from "./get.ts";
import { registerListReleases } from "./list.ts";

/** `/v1/releases`: upload and read immutable Istio releases. */
export function registerReleaseRoutes(app: App) {
  registerCreateRelease(app);
  registerListReleases(app);
  registerGetRelease(app);
}
