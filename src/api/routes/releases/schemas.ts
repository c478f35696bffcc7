import { z } from "@hono/zod-openapi";
import { DNS1123_LABEL } from "../../schemas/common.ts";

const KubeMinor = z.string().regex(/^1\.\d{1,3}$/, "a Kubernetes minor such as 1.29");

export const CreateReleaseSchema = z
  .strictObject({
    version: z.string().max(64).openapi({ example: "1.24.2", description: "Istio version (semver)" }),
    kubernetes: z
      .strictObject({ min: KubeMinor, max: KubeMinor })
      .optional()
      .openapi({ description: "Supported Kubernetes minors; defaults from Istio's support table" }),
    crds: z
      .string()
      .optional()
      .openapi({ description: "Multi-document YAML of CustomResourceDefinitions (first form)" }),
    profiles: z
      .record(z.string().regex(DNS1123_LABEL, "profile names are DNS-1123 labels"), z.string())
      .openapi({
        description:
          "Rendered manifests per Istio profile (multi-document YAML). Without `crds`, CRDs are split out of these.",
      }),
  })
  .openapi("CreateRelease");

export const ReleaseSchema = z
  .object({
    id: z.uuid(),
    version: z.string(),
    kubernetes: z.object({ min: z.string(), max: z.string() }),
    crds: z.array(z.string()).openapi({ description: "Names of the release's CRDs" }),
    profiles: z.array(z.object({ name: z.string(), digest: z.string(), objects: z.number().int() })),
    contentDigest: z.string(),
    createdAt: z.string(),
  })
  .openapi("Release");

export const VersionParam = z.object({
  version: z
    .string()
    .max(64)
    .openapi({ param: { name: "version", in: "path" }, example: "1.24.2" }),
});
