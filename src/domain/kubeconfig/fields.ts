import { joinField, type ValidationIssue } from "../errors.ts";
import { classifyAddress } from "./address.ts";
import { pemDataProblem } from "./pem.ts";
import type { VettedKubeconfig } from "./types.ts";

/**
 * Fields that make a kubeconfig loader run commands, read local files, call other hosts or
 * act as someone else (DOMAIN.md). Rejected wherever they appear in the chosen cluster or user.
 */
const HOSTILE = new Map<string, string>([
  ["exec", "exec credential plugins run commands on meshfleet's workers; use a token or client certificate"],
  ["auth-provider", "auth providers run commands or call other hosts; use a token or client certificate"],
  ["token-file", "file paths are read on meshfleet's workers; put the token itself in `token`"],
  ["tokenFile", "file paths are read on meshfleet's workers; put the token itself in `token`"],
  ["client-certificate", "file paths are not accepted; use `client-certificate-data`"],
  ["client-key", "file paths are not accepted; use `client-key-data`"],
  ["certificate-authority", "file paths are not accepted; use `certificate-authority-data`"],
  ["proxy-url", "proxies are not supported; the server must be reachable directly"],
  ["username", "basic auth is not accepted; use a token or client certificate"],
  ["password", "basic auth is not accepted; use a token or client certificate"],
  ["as", "impersonation is not accepted"],
  ["as-groups", "impersonation is not accepted"],
  ["as-uid", "impersonation is not accepted"],
  ["as-user-extra", "impersonation is not accepted"],
]);

/** Ignored and never passed on, so neither vetted nor reported. */
const IGNORED = new Set(["extensions"]);
const CLUSTER_FIELDS = new Set([
  "server",
  "certificate-authority-data",
  "tls-server-name",
  "insecure-skip-tls-verify",
]);
const CLUSTER_HARMLESS = new Set(["disable-compression"]);
const USER_FIELDS = new Set(["token", "client-certificate-data", "client-key-data"]);

type Json = Record<string, unknown>;
const isMap = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);

/** Every hostile key at any depth of `value`, skipping ignored subtrees. */
export function hostileFields(value: unknown, field: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const walk = (v: unknown, path: string): void => {
    if (Array.isArray(v)) {
      for (const [i, item] of v.entries()) walk(item, joinField(path, i));
    }
    if (!isMap(v)) return;
    for (const [key, child] of Object.entries(v)) {
      if (IGNORED.has(key)) continue;
      const message = HOSTILE.get(key);
      if (message) issues.push({ field: joinField(path, key), message });
      else walk(child, joinField(path, key));
    }
  };
  walk(value, field);
  return issues;
}

/** Fields that are neither accepted, hostile nor ignored: rejected so nothing is silently dropped. */
function unknownFields(value: Json, field: string, accepted: Set<string>): ValidationIssue[] {
  return Object.keys(value)
    .filter((k) => !accepted.has(k) && !IGNORED.has(k) && !HOSTILE.has(k))
    .map((k) => ({
      field: joinField(field, k),
      message: `unknown field; accepted: ${[...accepted].join(", ")}`,
    }));
}

function stringField(value: Json, key: string, field: string, issues: ValidationIssue[]): string | undefined {
  const v = value[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string" && v !== "") return v;
  issues.push({ field: joinField(field, key), message: "must be a non-empty string" });
  return undefined;
}

export type VettedCluster = Pick<
  VettedKubeconfig,
  "server" | "caData" | "tlsServerName" | "insecureSkipTlsVerify"
>;

/** Checks a `clusters[i].cluster` map; `field` is its path. Returns undefined when issues were added. */
export function vetCluster(
  cluster: Json,
  field: string,
  opts: { allowInsecureTLS: boolean; allowLoopback: boolean },
  issues: ValidationIssue[],
): VettedCluster | undefined {
  const before = issues.length;
  issues.push(...unknownFields(cluster, field, new Set([...CLUSTER_FIELDS, ...CLUSTER_HARMLESS])));
  const server = stringField(cluster, "server", field, issues);
  if (cluster.server === undefined || cluster.server === null) {
    issues.push({ field: joinField(field, "server"), message: "is required" });
  } else if (server !== undefined) {
    const problem = serverProblem(server, opts.allowLoopback);
    if (problem) issues.push({ field: joinField(field, "server"), message: problem });
  }
  const caData = stringField(cluster, "certificate-authority-data", field, issues);
  const caProblem = caData === undefined ? undefined : pemDataProblem(caData, "certificate");
  if (caProblem) issues.push({ field: joinField(field, "certificate-authority-data"), message: caProblem });
  const tlsServerName = stringField(cluster, "tls-server-name", field, issues);
  const insecure = cluster["insecure-skip-tls-verify"] ?? false;
  const insecureField = joinField(field, "insecure-skip-tls-verify");
  if (typeof insecure !== "boolean") {
    issues.push({ field: insecureField, message: "must be a boolean" });
  } else if (insecure && !opts.allowInsecureTLS) {
    issues.push({
      field: insecureField,
      message: "disables server authentication; set allowInsecureTLS: true to accept",
    });
  } else if (insecure && caData !== undefined) {
    issues.push({ field: insecureField, message: "cannot be combined with certificate-authority-data" });
  }
  if (issues.length > before || server === undefined) return undefined;
  return {
    server: server.replace(/\/+$/, ""),
    ...(caData === undefined ? {} : { caData: caData.replace(/\s+/g, "") }),
    ...(tlsServerName === undefined ? {} : { tlsServerName }),
    insecureSkipTlsVerify: insecure === true,
  };
}

/** Why a `server` value is refused, or undefined. */
function serverProblem(server: string, allowLoopback: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return "must be an https URL";
  }
  if (url.protocol !== "https:") return "must use https";
  if (url.username !== "" || url.password !== "") return "must not carry credentials";
  if (url.search !== "" || url.hash !== "") return "must not have a query or fragment";
  const kind = classifyAddress(url.hostname);
  if (kind === "linkLocal") return "points at a link-local or cloud metadata address";
  if (kind === "unspecified") return "points at an unspecified address (0.0.0.0 or ::)";
  // `localhost` names always resolve to loopback (RFC 6761), so they count as literals.
  const localhost = /^localhost$|\.localhost$/i.test(url.hostname.replace(/\.$/, ""));
  if ((kind === "loopback" || localhost) && !allowLoopback) {
    return "points at a loopback address, which is meshfleet's own host";
  }
  return undefined;
}

/** Checks a `users[i].user` map; `field` is its path. Returns undefined when issues were added. */
export function vetUser(
  user: Json,
  field: string,
  issues: ValidationIssue[],
): VettedKubeconfig["auth"] | undefined {
  const before = issues.length;
  issues.push(...unknownFields(user, field, USER_FIELDS));
  const token = stringField(user, "token", field, issues);
  if (token !== undefined && !/^[\x21-\x7e]+$/.test(token)) {
    issues.push({ field: joinField(field, "token"), message: "must be printable ASCII without spaces" });
  }
  const certData = stringField(user, "client-certificate-data", field, issues);
  const keyData = stringField(user, "client-key-data", field, issues);
  const certProblem = certData === undefined ? undefined : pemDataProblem(certData, "certificate");
  if (certProblem) issues.push({ field: joinField(field, "client-certificate-data"), message: certProblem });
  const keyProblem = keyData === undefined ? undefined : pemDataProblem(keyData, "privateKey");
  if (keyProblem) issues.push({ field: joinField(field, "client-key-data"), message: keyProblem });

  const hasCert = certData !== undefined || keyData !== undefined;
  if (token !== undefined && hasCert) {
    issues.push({ field, message: "give exactly one of token or client-certificate-data + client-key-data" });
  } else if (hasCert && certData === undefined) {
    issues.push({
      field: joinField(field, "client-certificate-data"),
      message: "is required with client-key-data",
    });
  } else if (hasCert && keyData === undefined) {
    issues.push({
      field: joinField(field, "client-key-data"),
      message: "is required with client-certificate-data",
    });
  } else if (!hasCert && token === undefined && issues.length === before) {
    issues.push({
      field,
      message: "has no credentials: give a token or client-certificate-data + client-key-data",
    });
  }
  if (issues.length > before) return undefined;
  if (token !== undefined) return { kind: "token", token };
  return {
    kind: "clientCertificate",
    certData: (certData ?? "").replace(/\s+/g, ""),
    keyData: (keyData ?? "").replace(/\s+/g, ""),
  };
}
