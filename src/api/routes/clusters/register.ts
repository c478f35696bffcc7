import { createRoute } from "@hono/zod-openapi";
import { clusters } from "../../../db/schema/index.ts";
import { validateLabels } from "../../../domain/selector/labels.ts";
import { newId } from "../../../ids.ts";
import { toClusterView, vetAndSeal } from "../../../services/clusters.ts";
import { recordEvent } from "../../../services/events.ts";
import type { App } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { requireScope } from "../../middleware/auth.ts";
import { json, jsonBody, problems, security } from "../../schemas/common.ts";
import { ClusterSchema, RegisterClusterSchema } from "./schemas.ts";

const route = createRoute({
  method: "post",
  path: "/v1/clusters",
  tags: ["Clusters"],
  summary: "Register a cluster",
  description:
    "The kubeconfig is vetted (only an https server, certificate-authority-data, tls-server-name and a token or " +
    "client certificate data are accepted), then encrypted. It is never returned.",
  security,
  middleware: [requireScope("write")] as const,
  request: { body: jsonBody(RegisterClusterSchema) },
  responses: { 201: json(ClusterSchema, "The registered cluster"), ...problems(409) },
});

export function registerRegisterCluster(app: App) {
  app.openapi(route, async (c) => {
    const input = c.req.valid("json");
    const { tenantId, keyId } = c.var.caller;
    const { db, keyRing, settings } = c.var.deps;
    validateLabels(input.labels, "labels");
    const id = newId();
    const sealed = await vetAndSeal(
      keyRing,
      { tenantId, clusterId: id, ...input },
      { allowLoopback: settings.allowLoopbackClusters },
    );
    const row = await db.transaction(async (tx) => {
      const [created] = await tx
        .insert(clusters)
        .values({
          id,
          tenantId,
          name: input.name,
          labels: input.labels,
          kubeconfigSealed: sealed.sealed,
          kubeconfigContext: input.context ?? null,
          allowInsecureTls: input.allowInsecureTLS,
          server: sealed.server,
          authKind: sealed.authKind,
          fingerprint: sealed.fingerprint,
        })
        .onConflictDoNothing({ target: [clusters.tenantId, clusters.name] })
        .returning();
      if (!created) throw new ApiError("conflict", `a cluster named '${input.name}' is already registered`);
      await recordEvent(tx, {
        tenantId,
        type: "cluster.registered",
        clusterId: id,
        actor: `key:${keyId}`,
        data: { name: input.name, labels: input.labels, server: sealed.server },
      });
      return created;
    });
    c.header("etag", toClusterView(row).etag);
    c.header("location", `/v1/clusters/${row.id}`);
    return c.json(toClusterView(row), 201);
  });
}
