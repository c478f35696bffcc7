import { parseDocument } from "yaml";
import { DomainValidationError, joinField } from "../errors.ts";
import { hostileFields, vetCluster, vetUser } from "./fields.ts";
import type { VettedKubeconfig } from "./types.ts";

/** Options of {@link vetKubeconfig}, mirroring the cluster registration body. */
export interface VetKubeconfigOptions {
  /** Context to use; defaults to `current-context`, then to the only context. */
  context?: string;
  /** Accept `insecure-skip-tls-verify: true`. */
  allowInsecureTLS?: boolean;
  /**
   * Accept loopback servers (127.0.0.0/8, ::1, IPv4-mapped forms, `localhost`): only for
   * MESHFLEET_ALLOW_LOOPBACK_CLUSTERS, i.e. tests against local control planes.
   */
  allowLoopback?: boolean;
  /** Path of the kubeconfig text in the request body, for issue fields. Default `kubeconfig`. */
  field?: string;
}

type Json = Record<string, unknown>;
const isMap = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Reduces a user's kubeconfig to the safe subset (DOMAIN.md) for one context, or throws a
 * DomainValidationError naming every offending field. Only the chosen context's cluster and
 * user are vetted: other entries are never used, since clients are built from the result.
 */
export function vetKubeconfig(yamlText: string, opts: VetKubeconfigOptions = {}): VettedKubeconfig {
  const base = opts.field ?? "kubeconfig";
  const root = parseYaml(yamlText, base);
  if (root.kind !== undefined && root.kind !== "Config") fail(joinField(base, "kind"), "must be Config");

  const context = resolveContext(root, base, opts.context);
  const clusterEntry = findNamed(root, "clusters", "cluster", context.cluster, base);
  const userEntry = findNamed(root, "users", "user", context.user, base);

  // From here on, collect every problem rather than stopping at the first.
  const issues = [...hostileFields(clusterEntry.value, clusterEntry.field)];
  issues.push(...hostileFields(userEntry.value, userEntry.field));
  const cluster = vetCluster(
    clusterEntry.body,
    joinField(clusterEntry.field, "cluster"),
    { allowInsecureTLS: !!opts.allowInsecureTLS, allowLoopback: !!opts.allowLoopback },
    issues,
  );
  const auth = vetUser(userEntry.body, joinField(userEntry.field, "user"), issues);
  if (issues.length > 0 || !cluster || !auth) throw new DomainValidationError(issues);
  return { ...cluster, auth };
}

function parseYaml(text: string, field: string): Json {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new DomainValidationError(
      doc.errors.slice(0, 5).map((e) => ({ field, message: `is not valid YAML: ${e.message}` })),
    );
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new DomainValidationError([{ field, message: `is not valid YAML: ${(e as Error).message}` }]);
  }
  if (!isMap(value))
    throw new DomainValidationError([{ field, message: "must be a YAML mapping (a kubeconfig)" }]);
  return value;
}

type Fail = (field: string, message: string) => never;

/** Structural problems stop vetting at once: nothing further can be located without them. */
const fail: Fail = (field, message) => {
  throw new DomainValidationError([{ field, message }]);
};

/** The chosen context's cluster and user names. */
function resolveContext(root: Json, base: string, wanted: string | undefined) {
  const contextsField = joinField(base, "contexts");
  const contexts = listOf(root, "contexts", base);
  const names = contexts.map((c) => (isMap(c) && typeof c.name === "string" ? c.name : undefined));
  const index = chooseContext(names, root["current-context"], base, wanted);
  const duplicate = names.indexOf(names[index], index + 1);
  if (duplicate > 0) fail(joinField(joinField(contextsField, duplicate), "name"), "is duplicated");
  const field = joinField(joinField(contextsField, index), "context");
  const context = (contexts[index] as Json).context;
  if (!isMap(context)) return fail(field, "must be a mapping with cluster and user");
  for (const key of ["cluster", "user"] as const) {
    if (typeof context[key] !== "string" || context[key] === "")
      fail(joinField(field, key), `must name a ${key}`);
  }
  return { cluster: context.cluster as string, user: context.user as string };
}

/** Index of the context to use: the requested one, else current-context, else the only one. */
function chooseContext(
  names: (string | undefined)[],
  current: unknown,
  base: string,
  wanted: string | undefined,
): number {
  const available = `available: ${names.filter((n) => n !== undefined).join(", ") || "none"}`;
  if (wanted !== undefined) {
    const index = names.indexOf(wanted);
    return index >= 0 ? index : fail("context", `no context named ${JSON.stringify(wanted)} (${available})`);
  }
  if (typeof current === "string" && current !== "") {
    const index = names.indexOf(current);
    return index >= 0
      ? index
      : fail(joinField(base, "current-context"), `names a missing context ${JSON.stringify(current)}`);
  }
  if (names.length === 1) return 0;
  if (names.length === 0) return fail(joinField(base, "contexts"), "has no contexts");
  return fail(
    "context",
    `the kubeconfig has ${names.length} contexts and no current-context; name one (${available})`,
  );
}

function listOf(root: Json, key: string, base: string): unknown[] {
  const list = root[key] ?? [];
  if (!Array.isArray(list)) fail(joinField(base, key), "must be a list");
  return list as unknown[];
}

/** The single entry of `clusters`/`users` with this name, with its field path and body map. */
function findNamed(root: Json, key: string, bodyKey: string, name: string, base: string) {
  const list = listOf(root, key, base);
  const matches = list.flatMap((entry, i) => (isMap(entry) && entry.name === name ? [i] : []));
  const listField = joinField(base, key);
  if (matches.length === 0) fail(listField, `has no ${bodyKey} named ${JSON.stringify(name)}`);
  if (matches.length > 1) fail(joinField(joinField(listField, matches[1] ?? 0), "name"), "is duplicated");
  const index = matches[0] ?? 0;
  const value = list[index] as Json;
  const field = joinField(listField, index);
  const body = value[bodyKey];
  if (!isMap(body)) fail(joinField(field, bodyKey), "must be a mapping");
  return { value, body: body as Json, field };
}

export { describeKubeconfig, type KubeconfigDescription } from "./describe.ts";
