import type { App } from "../../context.ts";
import { registerCreateWebhook } from "./create.ts";
import { registerDeleteWebhook } from "./delete.ts";
import { registerListDeliveries } from "./deliveries.ts";
import { registerGetWebhook } from "./get.ts";
import { registerListWebhooks } from "./list.ts";
import { registerPatchWebhook } from "./patch.ts";
import { registerRedeliver } from "./redeliver.ts";
import { registerRotateWebhookSecret } from "./rotate-secret.ts";
import { registerTestWebhook } from "./test.ts";

/** `/v1/webhooks`: status subscriptions, their signing secrets and their deliveries. */
export function registerWebhookRoutes(app: App) {
  registerCreateWebhook(app);
  registerListWebhooks(app);
  registerGetWebhook(app);
  registerPatchWebhook(app);
  registerDeleteWebhook(app);
  registerRotateWebhookSecret(app);
  registerTestWebhook(app);
  registerListDeliveries(app);
  registerRedeliver(app);
}
