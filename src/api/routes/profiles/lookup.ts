import { and, eq } from "drizzle-orm";
import type { Db } from "../../../db/client.ts";
import { meshProfiles, meshProfileVersions } from "../../../db/schema/index.ts";
import { ApiError } from "../../errors.ts";

/** A profile named in the path, or 404. */
export async function profileOr404(db: Db, tenantId: string, name: string) {
  const [profile] = await db
    .select()
    .from(meshProfiles)
    .where(and(eq(meshProfiles.tenantId, tenantId), eq(meshProfiles.name, name)));
  if (!profile) throw ApiError.notFound(`mesh profile '${name}'`);
  return profile;
}

/** A version of a profile named in the path, or 404. */
export async function profileVersionOr404(db: Db, tenantId: string, name: string, version: number) {
  const profile = await profileOr404(db, tenantId, name);
  const [row] = await db
    .select()
    .from(meshProfileVersions)
    .where(and(eq(meshProfileVersions.profileId, profile.id), eq(meshProfileVersions.version, version)));
  if (!row) throw ApiError.notFound(`version ${version} of mesh profile '${name}'`);
  return { profile, version: { ...row, name } };
}

/** The API's view of a profile with its latest version. */
export function toProfileView(
  profile: typeof meshProfiles.$inferSelect,
  latest: ReturnType<typeof import("../../../services/profile-versions.ts").toProfileVersionView>,
) {
  return {
    id: profile.id,
    name: profile.name,
    latestVersion: profile.latestVersion,
    latest,
    createdAt: profile.createdAt.toISOString(),
    updatedAt: profile.updatedAt.toISOString(),
  };
}
