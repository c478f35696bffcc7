import { assertWebhookUrl } from "../../../services/webhooks-url.ts";
import type { ApiDeps } from "../../context.ts";

/**
 * 422 naming `url` unless the deployment allows the URL: the host's resolved addresses where
 * the host injected a resolver-backed validator (Node), literal checks otherwise (Workers).
 */
export function checkWebhookUrl(deps: ApiDeps, url: string): Promise<void> {
  const policy = {
    allowInsecure: deps.settings.allowInsecureWebhooks,
    allowLoopback: deps.settings.allowLoopbackWebhooks,
  };
  return assertWebhookUrl(url, policy, deps.validateWebhookUrl);
}
