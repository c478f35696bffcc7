import { describe, expect, test } from "vitest";
import { vetKubeconfig } from "../../../src/domain/kubeconfig/vet.ts";
import { fieldsOf, issuesOf } from "../issues.ts";
import { C, kubeconfigYaml, SERVER, withCluster } from "./helpers.ts";
import { CERT_DATA, KEY_DATA } from "./pem-fixtures.ts";

describe("vetKubeconfig accepts the safe subset", () => {
  test("token with a CA bundle", () => {
    expect(vetKubeconfig(kubeconfigYaml())).toEqual({
      server: SERVER,
      caData: CERT_DATA,
      insecureSkipTlsVerify: false,
      auth: { kind: "token", token: "abc.def-ghi" },
    });
  });

  test("client certificate with tls-server-name, wrapped base64 and a trailing slash", () => {
    const wrapped = CERT_DATA.replace(/(.{64})/g, "$1\n");
    const yaml = kubeconfigYaml({
      cluster: {
        server: `${SERVER}/`,
        "certificate-authority-data": wrapped,
        "tls-server-name": "kube.internal",
      },
      user: { "client-certificate-data": CERT_DATA, "client-key-data": KEY_DATA },
    });
    expect(vetKubeconfig(yaml)).toEqual({
      server: SERVER,
      caData: CERT_DATA,
      tlsServerName: "kube.internal",
      insecureSkipTlsVerify: false,
      auth: { kind: "clientCertificate", certData: CERT_DATA, keyData: KEY_DATA },
    });
  });

  test("hostnames, paths (proxied API servers), IPv6 and private addresses", () => {
    for (const server of [
      "https://kube.example.com",
      "https://rancher.example.com/k8s/clusters/c-1",
      "https://[2001:db8::1]:6443",
      "https://192.168.1.10",
    ]) {
      expect(vetKubeconfig(withCluster({ server })).server).toBe(server);
    }
  });

  test("loopback only when the caller's configuration allows it", () => {
    const servers = [
      "https://127.0.0.1:6443",
      "https://[::1]",
      "https://[::ffff:127.0.0.1]",
      "https://localhost:6443",
      "https://api.localhost.",
    ];
    for (const server of servers) {
      expect(vetKubeconfig(withCluster({ server }), { allowLoopback: true }).server).toBe(server);
      expect(fieldsOf(() => vetKubeconfig(withCluster({ server })))).toEqual([`${C}.server`]);
    }
  });

  test("insecure-skip-tls-verify only with allowInsecureTLS, and false is always fine", () => {
    const yaml = withCluster({ "insecure-skip-tls-verify": true });
    expect(vetKubeconfig(yaml, { allowInsecureTLS: true }).insecureSkipTlsVerify).toBe(true);
    expect(vetKubeconfig(withCluster({ "insecure-skip-tls-verify": false })).insecureSkipTlsVerify).toBe(
      false,
    );
  });

  test("extensions and disable-compression are ignored, other entries are not vetted", () => {
    const yaml = kubeconfigYaml({
      cluster: {
        server: SERVER,
        "disable-compression": true,
        extensions: [{ name: "x", extension: { exec: "ignored" } }],
      },
      user: { token: "t", extensions: [{ name: "y", extension: { as: "admin" } }] },
      root: {
        users: [
          { name: "u", user: { token: "t" } },
          { name: "other", user: { exec: { command: "aws" } } },
        ],
      },
    });
    expect(vetKubeconfig(yaml).auth).toEqual({ kind: "token", token: "t" });
  });

  test("JSON kubeconfigs parse too", () => {
    const json = JSON.stringify({
      contexts: [{ name: "a", context: { cluster: "c", user: "u" } }],
      clusters: [{ name: "c", cluster: { server: SERVER } }],
      users: [{ name: "u", user: { token: "t" } }],
    });
    expect(vetKubeconfig(json).server).toBe(SERVER);
  });
});

describe("context selection", () => {
  const multi = (current?: string) =>
    kubeconfigYaml({
      root: {
        "current-context": current,
        contexts: [
          { name: "prod", context: { cluster: "p", user: "pu" } },
          { name: "dev", context: { cluster: "d", user: "du" } },
        ],
        clusters: [
          { name: "p", cluster: { server: "https://prod.example.com" } },
          { name: "d", cluster: { server: "https://dev.example.com" } },
        ],
        users: [
          { name: "pu", user: { token: "prod-token" } },
          { name: "du", user: { exec: { command: "sh" } } },
        ],
      },
    });

  test("the requested context wins over current-context", () => {
    expect(vetKubeconfig(multi("dev"), { context: "prod" }).server).toBe("https://prod.example.com");
  });

  test("current-context is used when none is requested, and its user is vetted", () => {
    expect(vetKubeconfig(multi("prod")).server).toBe("https://prod.example.com");
    expect(fieldsOf(() => vetKubeconfig(multi("dev")))).toEqual([
      "kubeconfig.users[1].user",
      "kubeconfig.users[1].user.exec",
    ]);
  });

  test("an unknown requested context names the request's context field and lists the choices", () => {
    const [issue] = issuesOf(() => vetKubeconfig(multi("prod"), { context: "staging" }));
    expect(issue).toEqual({ field: "context", message: 'no context named "staging" (available: prod, dev)' });
  });

  test("several contexts and no current-context asks for one", () => {
    expect(fieldsOf(() => vetKubeconfig(multi()))).toEqual(["context"]);
  });

  test("a dangling current-context, missing cluster or user, duplicate names", () => {
    expect(fieldsOf(() => vetKubeconfig(multi("gone")))).toEqual(["kubeconfig.current-context"]);
    const noCluster = kubeconfigYaml({ root: { clusters: [] } });
    expect(fieldsOf(() => vetKubeconfig(noCluster))).toEqual(["kubeconfig.clusters"]);
    const dupUser = kubeconfigYaml({
      root: {
        users: [
          { name: "u", user: { token: "a" } },
          { name: "u", user: { token: "b" } },
        ],
      },
    });
    expect(fieldsOf(() => vetKubeconfig(dupUser))).toEqual(["kubeconfig.users[1].name"]);
    const noContexts = kubeconfigYaml({ root: { contexts: [], "current-context": "" } });
    expect(fieldsOf(() => vetKubeconfig(noContexts))).toEqual(["kubeconfig.contexts"]);
    const halfContext = kubeconfigYaml({ root: { contexts: [{ name: "main", context: { cluster: "c" } }] } });
    expect(fieldsOf(() => vetKubeconfig(halfContext))).toEqual(["kubeconfig.contexts[0].context.user"]);
  });
});
