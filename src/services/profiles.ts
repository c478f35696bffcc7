import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { meshProfiles, meshProfileVersions, releaseProfiles, releases } from "../db/schema/index.ts";
import { DomainValidationError } from "../domain/errors.ts";
import type { K8sObject } from "../domain/manifests/types.ts";
import { renderProfile } from "../domain/profiles/render.ts";

export type ProfileVersionRow = typeof meshProfileVersions.$inferSelect & { name: string };

/**
 * Loads one version of a named profile (the latest when `version` is undefined). A missing
 * profile or version is a 422 naming `field` — these are references inside a request body.
 */
export async function loadProfileVersion(
  db: Db,
  tenantId: string,
  name: string,
  version: number | undefined,
  field: string,
): Promise<ProfileVersionRow> {
  const [profile] = await db
    .select()
    .from(meshProfiles)
    .where(and(eq(meshProfiles.tenantId, tenantId), eq(meshProfiles.name, name)));
  if (!profile) throw new DomainValidationError([{ field, message: `no mesh profile named '${name}'` }]);
  const wanted = version ?? profile.latestVersion;
  const [row] = await db
    .select()
    .from(meshProfileVersions)
    .where(and(eq(meshProfileVersions.profileId, profile.id), eq(meshProfileVersions.version, wanted)));
  if (!row) {
    throw new DomainValidationError([
      {
        field: field === "profile" ? "version" : `${field}.version`,
        message: `profile '${name}' has no version ${wanted}`,
      },
    ]);
  }
  return { ...row, name };
}

/** The release content a profile version renders from. */
export interface ReleaseContent {
  releaseId: string;
  version: string;
  kubernetes: { min: string; max: string };
  crds: K8sObject[];
  objects: K8sObject[];
  digest: string;
}

/** Loads a release's CRDs and one of its profiles; 422 naming `field` when either is missing. */
export async function loadReleaseContent(
  db: Db,
  tenantId: string,
  releaseVersion: string,
  istioProfile: string,
  fields: { release: string; profile: string },
): Promise<ReleaseContent> {
  const [release] = await db
    .select()
    .from(releases)
    .where(and(eq(releases.tenantId, tenantId), eq(releases.version, releaseVersion)));
  if (!release)
    throw new DomainValidationError([{ field: fields.release, message: `no release ${releaseVersion}` }]);
  const [profile] = await db
    .select()
    .from(releaseProfiles)
    .where(and(eq(releaseProfiles.releaseId, release.id), eq(releaseProfiles.name, istioProfile)));
  if (!profile) {
    const names = await db
      .select({ name: releaseProfiles.name })
      .from(releaseProfiles)
      .where(eq(releaseProfiles.releaseId, release.id));
    throw new DomainValidationError([
      {
        field: fields.profile,
        message: `release ${releaseVersion} has no profile '${istioProfile}' (it has: ${names.map((n) => n.name).join(", ")})`,
      },
    ]);
  }
  return {
    releaseId: release.id,
    version: release.version,
    kubernetes: { min: release.kubernetesMin, max: release.kubernetesMax },
    crds: release.crds,
    objects: profile.objects,
    digest: profile.digest,
  };
}

/** Renders a profile version for one cluster: the exact ordered set the engine applies. */
export async function renderForCluster(
  db: Db,
  tenantId: string,
  version: ProfileVersionRow,
  cluster: { name: string; labels: Record<string, string> },
) {
  const content = await loadReleaseContent(db, tenantId, version.releaseVersion, version.istioProfile, {
    release: "release",
    profile: "profile",
  });
  const rendered = renderProfile({
    crds: content.crds,
    objects: content.objects,
    namespace: version.namespace,
    revision: version.revision ?? undefined,
    overlays: version.overlays,
    cluster,
  });
  return { release: content, ...rendered };
}

/** Every version of a profile, newest first. */
export async function listProfileVersions(db: Db, tenantId: string, profileId: string) {
  return db
    .select()
    .from(meshProfileVersions)
    .where(and(eq(meshProfileVersions.tenantId, tenantId), eq(meshProfileVersions.profileId, profileId)))
    .orderBy(desc(meshProfileVersions.version));
}
