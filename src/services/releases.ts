import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { releaseProfiles, releases } from "../db/schema/index.ts";
import { DomainValidationError } from "../domain/errors.ts";
import { normalizeRelease } from "../domain/releases/normalize.ts";
import { defaultKubernetesRange, isValidSemver } from "../domain/releases/versions.ts";
import { newId } from "../ids.ts";
import { recordEvent } from "./events.ts";

export interface CreateReleaseInput {
  version: string;
  kubernetes?: { min: string; max: string };
  crds?: string;
  profiles: Record<string, string>;
}

/** The API's view of a release: names and digests, not the manifests. */
export interface ReleaseView {
  id: string;
  version: string;
  kubernetes: { min: string; max: string };
  crds: string[];
  profiles: { name: string; digest: string; objects: number }[];
  contentDigest: string;
  createdAt: string;
}

/**
 * Stores a release. Releases are immutable: the same content again returns the stored one
 * (`created: false`); different content under the same version is a conflict.
 */
export async function createRelease(
  db: Db,
  tenantId: string,
  actor: string,
  input: CreateReleaseInput,
): Promise<{ created: boolean; conflict: boolean; release: ReleaseView }> {
  if (!isValidSemver(input.version)) {
    throw new DomainValidationError([
      { field: "version", message: "must be a semantic version such as 1.24.2" },
    ]);
  }
  const kubernetes = input.kubernetes ?? defaultKubernetesRange(input.version);
  if (!kubernetes) {
    throw new DomainValidationError([
      {
        field: "kubernetes",
        message: `no default Kubernetes range is known for Istio ${input.version}; give one`,
      },
    ]);
  }
  const normalized = await normalizeRelease(
    input.crds === undefined ? { profiles: input.profiles } : { crds: input.crds, profiles: input.profiles },
  );
  const contentDigest = normalized.contentDigest;
  const existing = await findRelease(db, tenantId, input.version);
  if (existing)
    return { created: false, conflict: existing.contentDigest !== contentDigest, release: existing };
  const id = newId();
  const inserted = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(releases)
      .values({
        id,
        tenantId,
        version: input.version,
        kubernetesMin: kubernetes.min,
        kubernetesMax: kubernetes.max,
        crds: normalized.crds,
        contentDigest,
      })
      .onConflictDoNothing({ target: [releases.tenantId, releases.version] })
      .returning({ id: releases.id });
    if (!row) return false;
    await tx.insert(releaseProfiles).values(
      Object.entries(normalized.profiles).map(([name, p]) => ({
        releaseId: id,
        tenantId,
        name,
        objects: p.objects,
        digest: p.digest,
      })),
    );
    await recordEvent(tx, {
      tenantId,
      type: "release.created",
      subjectId: id,
      actor,
      data: { version: input.version, profiles: Object.keys(normalized.profiles), contentDigest },
    });
    return true;
  });
  const release = (await findRelease(db, tenantId, input.version))!;
  return { created: inserted, conflict: release.contentDigest !== contentDigest, release };
}

/** One release by version, or undefined. */
export async function findRelease(
  db: Db,
  tenantId: string,
  version: string,
): Promise<ReleaseView | undefined> {
  const [row] = await db
    .select()
    .from(releases)
    .where(and(eq(releases.tenantId, tenantId), eq(releases.version, version)));
  if (!row) return undefined;
  const profiles = await db
    .select()
    .from(releaseProfiles)
    .where(eq(releaseProfiles.releaseId, row.id))
    .orderBy(asc(releaseProfiles.name));
  return toReleaseView(row, profiles);
}

/** Shapes stored rows into the API view. */
export function toReleaseView(
  row: typeof releases.$inferSelect,
  profiles: (typeof releaseProfiles.$inferSelect)[],
): ReleaseView {
  return {
    id: row.id,
    version: row.version,
    kubernetes: { min: row.kubernetesMin, max: row.kubernetesMax },
    crds: row.crds.map((c) => c.metadata.name),
    profiles: profiles.map((p) => ({ name: p.name, digest: p.digest, objects: p.objects.length })),
    contentDigest: row.contentDigest,
    createdAt: row.createdAt.toISOString(),
  };
}
