import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { meshProfiles, meshProfileVersions } from "../db/schema/index.ts";
import type { StoredOverlay } from "../db/schema/mesh-profile-versions.ts";
import { validateOverlays } from "../domain/profiles/overlays.ts";
import { newId } from "../ids.ts";
import { recordEvent } from "./events.ts";
import { loadReleaseContent } from "./profiles.ts";

/** The content of one profile version, as the API accepts it. */
export interface ProfileFields {
  release: string;
  profile: string;
  namespace: string;
  revision: string | null;
  overlays: StoredOverlay[];
  driftPolicy: "notify" | "heal" | "ignore";
  waitTimeoutSeconds: number;
}

/**
 * Writes a new immutable version of a profile (version 1 creates the profile). The release,
 * its profile and every overlay are checked first, so a bad reference is a 422 now and not a
 * surprise at install time. Returns undefined when `expectNew` and the name is taken.
 */
export async function writeProfileVersion(
  db: Db,
  input: { tenantId: string; actor: string; name: string; fields: ProfileFields; create: boolean },
) {
  const { tenantId, name, fields } = input;
  const content = await loadReleaseContent(db, tenantId, fields.release, fields.profile, {
    release: "release",
    profile: "profile",
  });
  validateOverlays(fields.overlays, [...content.crds, ...content.objects], fields.namespace);
  return db.transaction(async (tx) => {
    let profileId: string;
    let version: number;
    if (input.create) {
      profileId = newId();
      const [created] = await tx
        .insert(meshProfiles)
        .values({ id: profileId, tenantId, name, latestVersion: 1 })
        .onConflictDoNothing({ target: [meshProfiles.tenantId, meshProfiles.name] })
        .returning();
      if (!created) return undefined;
      version = 1;
    } else {
      const [bumped] = await tx
        .update(meshProfiles)
        .set({ latestVersion: sql`${meshProfiles.latestVersion} + 1`, updatedAt: new Date() })
        .where(and(eq(meshProfiles.tenantId, tenantId), eq(meshProfiles.name, name)))
        .returning();
      if (!bumped) return undefined;
      profileId = bumped.id;
      version = bumped.latestVersion;
    }
    const [row] = await tx
      .insert(meshProfileVersions)
      .values({
        profileId,
        tenantId,
        version,
        releaseVersion: fields.release,
        istioProfile: fields.profile,
        namespace: fields.namespace,
        revision: fields.revision,
        overlays: fields.overlays,
        driftPolicy: fields.driftPolicy,
        waitTimeoutSeconds: fields.waitTimeoutSeconds,
      })
      .returning();
    await recordEvent(tx, {
      tenantId,
      type: input.create ? "profile.created" : "profile.version_created",
      subjectId: profileId,
      actor: input.actor,
      data: { name, version, release: fields.release, profile: fields.profile },
    });
    const [profile] = await tx.select().from(meshProfiles).where(eq(meshProfiles.id, profileId));
    return { profile: profile!, version: { ...row!, name } };
  });
}

/** The API's view of one profile version. */
export function toProfileVersionView(row: typeof meshProfileVersions.$inferSelect & { name: string }) {
  return {
    name: row.name,
    version: row.version,
    release: row.releaseVersion,
    profile: row.istioProfile,
    namespace: row.namespace,
    revision: row.revision,
    overlays: row.overlays,
    driftPolicy: row.driftPolicy,
    waitTimeoutSeconds: row.waitTimeoutSeconds,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Current content of a version, as fields a PATCH can merge into. */
export function fieldsOf(row: typeof meshProfileVersions.$inferSelect): ProfileFields {
  return {
    release: row.releaseVersion,
    profile: row.istioProfile,
    namespace: row.namespace,
    revision: row.revision,
    overlays: row.overlays,
    driftPolicy: row.driftPolicy,
    waitTimeoutSeconds: row.waitTimeoutSeconds,
  };
}
