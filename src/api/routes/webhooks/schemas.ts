import { z } from "@hono/zod-openapi";
import { DELIVERY_STATUSES } from "../../../db/schema/webhook-deliveries.ts";
import { WEBHOOK_FORMATS } from "../../../db/schema/webhooks.ts";
import { EVENT_FILTER_PATTERN } from "../../../services/webhooks-match.ts";
import { PageQuery } from "../../schemas/common.ts";

const EventFilter = z
  .string()
  .max(100)
  .regex(EVENT_FILTER_PATTERN, "an event type such as run.failed, or a glob such as rollout.*");

const Url = z
  .string()
  .min(1)
  .max(2048)
  .openapi({
    description:
      "https only (http when the deployment sets MESHFLEET_ALLOW_INSECURE_WEBHOOKS). The host is resolved: " +
      "loopback, private, link-local and metadata addresses are refused.",
    example: "https://hooks.example.com/meshfleet",
  });

const Selector = z
  .string()
  .max(4096)
  .openapi({
    description:
      "Kubernetes label selector on the event's cluster. Events that concern no single cluster " +
      "(rollouts, webhooks) are not filtered by it.",
    example: "env=prod",
  });

export const CreateWebhookSchema = z
  .strictObject({
    url: Url,
    format: z.enum(WEBHOOK_FORMATS).default("standard"),
    events: z
      .array(EventFilter)
      .min(1)
      .max(50)
      .openapi({
        example: ["rollout.*", "run.failed"],
        description: "Event type filters; `*` is a wildcard",
      }),
    selector: Selector.optional(),
    description: z.string().max(500).optional(),
    enabled: z.boolean().default(true),
  })
  .openapi("CreateWebhook");

export const PatchWebhookSchema = z
  .strictObject({
    url: Url.optional(),
    format: z.enum(WEBHOOK_FORMATS).optional(),
    events: z.array(EventFilter).min(1).max(50).optional(),
    selector: Selector.nullable().optional(),
    description: z.string().max(500).nullable().optional(),
    enabled: z
      .boolean()
      .optional()
      .openapi({ description: "false cancels queued deliveries; true clears `disabledReason`" }),
  })
  .openapi("PatchWebhook");

export const RotateSecretSchema = z
  .strictObject({
    graceSeconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 86400)
      .optional()
      .openapi({ description: "How long the old secret keeps signing too (default 86400)" }),
  })
  .openapi("RotateWebhookSecret");

export const WebhookSchema = z
  .object({
    id: z.uuid(),
    url: z.string(),
    format: z.enum(WEBHOOK_FORMATS),
    events: z.array(z.string()),
    selector: z.string().nullable(),
    description: z.string().nullable(),
    enabled: z.boolean(),
    disabledReason: z.string().nullable(),
    failingSince: z.string().nullable().openapi({ description: "Every delivery has failed since then" }),
    previousSecretExpiresAt: z
      .string()
      .nullable()
      .openapi({ description: "Until then the rotated-out secret signs too" }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Webhook");

const Secret = z.string().openapi({
  description: "The signing secret (`whsec_…`). Shown this once; store it now.",
  example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
});

export const CreatedWebhookSchema = WebhookSchema.extend({ secret: Secret }).openapi("CreatedWebhook");

export const RotatedSecretSchema = z
  .object({ secret: Secret, previousSecretExpiresAt: z.string() })
  .openapi("RotatedWebhookSecret");

export const DeliverySchema = z
  .object({
    id: z.uuid(),
    eventId: z.uuid().openapi({ description: "Also the `webhook-id` header of machine formats" }),
    eventType: z.string(),
    status: z.enum(DELIVERY_STATUSES).openapi({
      description:
        "`absorbed`: folded into a chat summary message; `cancelled`: the subscription was disabled",
    }),
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    response: z.object({
      statusCode: z.number().int().nullable(),
      excerpt: z.string().nullable(),
      durationMs: z.number().int().nullable(),
    }),
    error: z.string().nullable(),
    createdAt: z.string(),
    deliveredAt: z.string().nullable(),
  })
  .openapi("WebhookDelivery");

export const TestSentSchema = z
  .object({ eventId: z.uuid(), deliveryId: z.uuid() })
  .openapi("WebhookTestQueued");

export const ListDeliveriesQuery = PageQuery.extend({
  status: z
    .enum(DELIVERY_STATUSES)
    .optional()
    .openapi({ param: { name: "status", in: "query" } }),
});

export const DeliveryParams = z.object({
  id: z.uuid().openapi({ param: { name: "id", in: "path" } }),
  deliveryId: z.uuid().openapi({ param: { name: "deliveryId", in: "path" } }),
});
