import type { App } from "../../context.ts";
import { registerCreateProfile } from "./create.ts";
import { registerGetProfile } from "./get.ts";
import { registerListProfiles } from "./list.ts";
import { registerPatchProfile } from "./patch.ts";
import { registerRenderProfile } from "./render.ts";

/** `/v1/profiles`: versioned mesh profiles and their per-cluster render. */
export function registerProfileRoutes(app: App) {
  registerCreateProfile(app);
  registerListProfiles(app);
  registerGetProfile(app);
  registerPatchProfile(app);
  registerRenderProfile(app);
}
