import { stringify } from "yaml";
import type { VettedKubeconfig } from "../../../src/domain/kubeconfig/types.ts";

/**
 * A kubeconfig in the form users upload and meshfleet's vetting accepts: an https server,
 * `certificate-authority-data` and a bearer token, nothing else.
 */
export function kubeconfigYaml(name: string, server: string, caData: string, token: string): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name, cluster: { server, "certificate-authority-data": caData } }],
    users: [{ name: `${name}-user`, user: { token } }],
    contexts: [{ name, context: { cluster: name, user: `${name}-user` } }],
    "current-context": name,
  });
}

/** The same credentials as the vetted form the engine takes. */
export function vetted(server: string, caData: string, token: string): VettedKubeconfig {
  return { server, caData, insecureSkipTlsVerify: false, auth: { kind: "token", token } };
}
