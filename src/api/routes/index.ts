import type { App } from "../context.ts";
import { registerClusterRoutes } from "./clusters/index.ts";
import { registerListEvents } from "./events/list.ts";
import { registerHealthRoutes } from "./health.ts";
import { registerKeyRoutes } from "./keys/index.ts";
import { registerProfileRoutes } from "./profiles/index.ts";
import { registerReleaseRoutes } from "./releases/index.ts";
import { registerRolloutRoutes } from "./rollouts/index.ts";
import { registerRunRoutes } from "./runs/index.ts";
import { registerWebhookRoutes } from "./webhooks/index.ts";

/** Every route of the API, in the order the OpenAPI document lists them. */
export function registerRoutes(app: App) {
  registerHealthRoutes(app);
  registerKeyRoutes(app);
  registerClusterRoutes(app);
  registerReleaseRoutes(app);
  registerProfileRoutes(app);
  registerRunRoutes(app);
  registerRolloutRoutes(app);
  registerListEvents(app);
  registerWebhookRoutes(app);
}
