import { z } from "@hono/zod-openapi";
import { DRIFT_POLICIES } from "../../../db/schema/mesh-profile-versions.ts";
import { DNS1123_LABEL } from "../../schemas/common.ts";

export const OverlaySchema = z
  .strictObject({
    target: z.strictObject({
      kind: z.string().min(1),
      name: z.string().min(1),
      namespace: z.string().min(1).optional(),
    }),
    patch: z.record(z.string(), z.unknown()).openapi({
      description:
        "JSON merge patch (RFC 7386). String values may use {{cluster.name}} and {{cluster.labels.KEY}}.",
      example: { spec: { replicas: 2 }, metadata: { labels: { region: "{{cluster.labels.region}}" } } },
    }),
  })
  .openapi("Overlay");

const fields = {
  release: z.string().max(64).openapi({ description: "Release version", example: "1.24.2" }),
  profile: z
    .string()
    .regex(DNS1123_LABEL)
    .openapi({ description: "One of the release's profiles", example: "demo" }),
  namespace: z.string().regex(DNS1123_LABEL, "must be a DNS-1123 label"),
  revision: z.string().regex(DNS1123_LABEL, "must be a DNS-1123 label such as 1-24-2"),
  overlays: z.array(OverlaySchema).max(200),
  driftPolicy: z.enum(DRIFT_POLICIES),
  waitTimeoutSeconds: z
    .number()
    .int()
    .min(10)
    .max(24 * 3600),
};

export const CreateProfileSchema = z
  .strictObject({
    name: z.string().regex(DNS1123_LABEL, "must be a DNS-1123 label"),
    release: fields.release,
    profile: fields.profile,
    namespace: fields.namespace.default("istio-system"),
    revision: fields.revision.optional(),
    overlays: fields.overlays.default([]),
    driftPolicy: fields.driftPolicy.default("notify"),
    waitTimeoutSeconds: fields.waitTimeoutSeconds.default(600),
  })
  .openapi("CreateProfile");

export const PatchProfileSchema = z
  .strictObject({
    release: fields.release.optional(),
    profile: fields.profile.optional(),
    namespace: fields.namespace.optional(),
    revision: fields.revision.nullable().optional(),
    overlays: fields.overlays.optional(),
    driftPolicy: fields.driftPolicy.optional(),
    waitTimeoutSeconds: fields.waitTimeoutSeconds.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: "change at least one field" })
  .openapi("PatchProfile");

export const ProfileVersionSchema = z
  .object({
    name: z.string(),
    version: z.number().int(),
    release: z.string(),
    profile: z.string(),
    namespace: z.string(),
    revision: z.string().nullable(),
    overlays: z.array(OverlaySchema),
    driftPolicy: z.enum(DRIFT_POLICIES),
    waitTimeoutSeconds: z.number().int(),
    createdAt: z.string(),
  })
  .openapi("ProfileVersion");

export const ProfileSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    latestVersion: z.number().int(),
    latest: ProfileVersionSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Profile");

export const NameParam = z.object({
  name: z
    .string()
    .regex(DNS1123_LABEL)
    .openapi({ param: { name: "name", in: "path" }, example: "prod-mesh" }),
});

export const NameVersionParam = NameParam.extend({
  n: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: "n", in: "path" }, example: 1 }),
});
