import type { App } from "../../context.ts";
import { registerCreateKey } from "./create.ts";
import { registerListKeys } from "./list.ts";
import { registerRevokeKey } from "./revoke.ts";

/** `/v1/keys`: create, list and revoke API keys. */
export function registerKeyRoutes(app: App) {
  registerCreateKey(app);
  registerListKeys(app);
  registerRevokeKey(app);
}
