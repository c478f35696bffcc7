import { z } from "@hono/zod-openapi";
import { CLUSTER_PHASES } from "../../../db/schema/clusters.ts";
import { DNS1123_LABEL, PageQuery } from "../../schemas/common.ts";

export const LabelsSchema = z
  .record(z.string(), z.string())
  .openapi({ example: { env: "prod", region: "eu" }, description: "Kubernetes-style labels" });

export const RegisterClusterSchema = z
  .strictObject({
    name: z.string().regex(DNS1123_LABEL, "must be a DNS-1123 label (lowercase letters, digits, '-'; ≤63)"),
    labels: LabelsSchema.default({}),
    kubeconfig: z
      .string()
      .min(1)
      .max(256 * 1024)
      .openapi({ description: "kubeconfig YAML text; vetted, then encrypted" }),
    context: z.string().min(1).max(253).optional(),
    allowInsecureTLS: z.boolean().default(false),
  })
  .openapi("RegisterCluster");

export const RotateKubeconfigSchema = z
  .strictObject({
    kubeconfig: z
      .string()
      .min(1)
      .max(256 * 1024),
    context: z.string().min(1).max(253).optional(),
    allowInsecureTLS: z.boolean().default(false),
  })
  .openapi("RotateKubeconfig");

export const PatchClusterSchema = z
  .strictObject({
    labels: z
      .record(z.string(), z.string().nullable())
      .openapi({ description: "Merge: a null value removes that label" }),
  })
  .openapi("PatchCluster");

export const SetDesiredSchema = z
  .strictObject({
    profile: z.string().regex(DNS1123_LABEL, "must be a DNS-1123 label"),
    version: z
      .number()
      .int()
      .positive()
      .optional()
      .openapi({ description: "Defaults to the profile's latest" }),
  })
  .openapi("SetDesiredMesh");

export const ClusterSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    labels: LabelsSchema,
    kubeconfig: z.object({
      server: z.string(),
      authKind: z.enum(["token", "clientCertificate"]),
      fingerprint: z.string(),
      context: z.string().nullable(),
      allowInsecureTLS: z.boolean(),
      credentialsVersion: z.number().int(),
    }),
    desired: z
      .object({
        profile: z.string(),
        version: z.number().int(),
        generation: z.number().int(),
        uninstall: z.boolean(),
      })
      .nullable(),
    observed: z.object({
      phase: z.enum(CLUSTER_PHASES),
      release: z.string().nullable(),
      profile: z.string().nullable(),
      version: z.number().int().nullable(),
      generation: z.number().int().nullable(),
      lastRunId: z.string().nullable(),
    }),
    etag: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Cluster");

export const ListClustersQuery = PageQuery.extend({
  selector: z
    .string()
    .max(4096)
    .optional()
    .openapi({
      param: { name: "selector", in: "query" },
      description: "Kubernetes label selector, e.g. `env=prod,region in (eu,us),!canary`",
    }),
});
