import type { App } from "../../context.ts";
import { registerDeleteCluster } from "./delete.ts";
import { registerGetCluster } from "./get.ts";
import { registerListClusters } from "./list.ts";
import { registerPatchCluster } from "./patch.ts";
import { registerRegisterCluster } from "./register.ts";
import { registerRotateKubeconfig } from "./rotate-kubeconfig.ts";
import { registerSetDesired } from "./set-desired.ts";

/** `/v1/clusters`: registration, labels, credentials and desired mesh state. */
export function registerClusterRoutes(app: App) {
  registerRegisterCluster(app);
  registerListClusters(app);
  registerGetCluster(app);
  registerPatchCluster(app);
  registerDeleteCluster(app);
  registerRotateKubeconfig(app);
  registerSetDesired(app);
}
