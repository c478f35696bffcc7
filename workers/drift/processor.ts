import type { Job } from "bullmq";
import { and, eq, sql } from "drizzle-orm";
import { sha256Hex } from "../../src/crypto/encoding.ts";
import type { KeyRing } from "../../src/crypto/keyring.ts";
import type { Db } from "../../src/db/client.ts";
import { clusters } from "../../src/db/schema/index.ts";
import type { Engine } from "../../src/k8s/index.ts";
import type { Logger } from "../../src/logger.ts";
import { recordEvent } from "../../src/services/events.ts";
import { enqueueOutbox } from "../../src/services/outbox.ts";
import { loadProfileVersion, renderForCluster } from "../../src/services/profiles.ts";
import { JOBS } from "../catalog.ts";
import { clusterTarget } from "../install/context.ts";

/**
 * Compares one installed cluster with what meshfleet applied. A new drift is recorded once
 * (`cluster.drifted`, fingerprinted by what changed) and handled by the profile's policy:
 * `notify` records it, `heal` queues a normal install run, `ignore` does nothing.
 */
export async function processDriftCheck(
  deps: { db: Db; keyRing: KeyRing; engine: Engine; logger: Logger },
  job: Job,
): Promise<string> {
  const { clusterId } = JOBS["drift-check"].payload.parse(job.data);
  const [cluster] = await deps.db.select().from(clusters).where(eq(clusters.id, clusterId));
  if (!cluster?.inventory || !cluster.observedProfile || !cluster.observedVersion) return "not installed";
  if (cluster.desiredGeneration !== cluster.observedGeneration) return "an install is pending";
  if (cluster.leaseOwner && cluster.leaseUntil && cluster.leaseUntil > new Date())
    return "an install is running";

  const version = await loadProfileVersion(
    deps.db,
    cluster.tenantId,
    cluster.observedProfile,
    cluster.observedVersion,
    "profile",
  );
  const rendered = await renderForCluster(deps.db, cluster.tenantId, version, cluster);
  const report = await deps.engine.observe(await clusterTarget(deps.keyRing, cluster), {
    objects: rendered.phases.flatMap((p) => p.objects),
    inventory: cluster.inventory,
  });
  const unchanged = and(
    eq(clusters.id, clusterId),
    eq(clusters.desiredGeneration, cluster.desiredGeneration),
  );

  if (!report.drifted) {
    await deps.db.transaction(async (tx) => {
      const [resolved] = await tx
        .update(clusters)
        .set({
          driftCheckedAt: new Date(),
          driftFingerprint: null,
          ...(cluster.phase === "Drifted" ? { phase: "Ready" } : {}),
        })
        .where(unchanged)
        .returning();
      if (resolved && cluster.phase === "Drifted") {
        await recordEvent(tx, { tenantId: cluster.tenantId, type: "cluster.drift_resolved", clusterId });
      }
    });
    return "clean";
  }

  const fingerprint = await sha256Hex(JSON.stringify(report.items));
  if (fingerprint === cluster.driftFingerprint || version.driftPolicy === "ignore") {
    await deps.db
      .update(clusters)
      .set({ driftCheckedAt: new Date(), driftFingerprint: fingerprint })
      .where(unchanged);
    return "drift already reported or ignored";
  }
  await deps.db.transaction(async (tx) => {
    const heal = version.driftPolicy === "heal";
    const [updated] = await tx
      .update(clusters)
      .set({
        phase: "Drifted",
        driftCheckedAt: new Date(),
        driftFingerprint: fingerprint,
        ...(heal
          ? {
              desiredGeneration: sql`${clusters.desiredGeneration} + 1`,
              revision: sql`${clusters.revision} + 1`,
            }
          : {}),
      })
      .where(unchanged)
      .returning();
    if (!updated) return;
    await recordEvent(tx, {
      tenantId: cluster.tenantId,
      type: "cluster.drifted",
      clusterId,
      data: { policy: version.driftPolicy, items: report.items, checked: report.checked },
    });
    if (heal) {
      await enqueueOutbox(tx, {
        tenantId: cluster.tenantId,
        job: "install",
        payload: { clusterId, generation: updated.desiredGeneration },
      });
    }
  });
  deps.logger.info({ clusterId, items: report.items.length, policy: version.driftPolicy }, "drift detected");
  return "drifted";
}
