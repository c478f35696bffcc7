import { stringify } from "yaml";
import { CERT_DATA } from "./pem-fixtures.ts";

type Json = Record<string, unknown>;

/** A valid single-context kubeconfig whose cluster/user maps or root keys can be replaced. */
export function kubeconfigYaml(parts: { cluster?: Json; user?: Json; root?: Json } = {}): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    "current-context": "main",
    contexts: [{ name: "main", context: { cluster: "c", user: "u" } }],
    clusters: [
      {
        name: "c",
        cluster: parts.cluster ?? {
          server: "https://10.0.0.1:6443",
          "certificate-authority-data": CERT_DATA,
        },
      },
    ],
    users: [{ name: "u", user: parts.user ?? { token: "abc.def-ghi" } }],
    ...parts.root,
  });
}

export const SERVER = "https://10.0.0.1:6443";
/** Field paths of the chosen cluster and user in {@link kubeconfigYaml}'s output. */
export const C = "kubeconfig.clusters[0].cluster";
export const U = "kubeconfig.users[0].user";
/** A kubeconfig whose cluster is SERVER plus `extra`. */
export const withCluster = (extra: Json) => kubeconfigYaml({ cluster: { server: SERVER, ...extra } });
/** A kubeconfig whose user map is `user`. */
export const withUser = (user: Json) => kubeconfigYaml({ user });
