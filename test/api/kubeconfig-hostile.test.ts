import { describe, expect } from "vitest";
import { apiTest as test } from "../support/api.ts";
import { FIXTURE_CA_DATA, FIXTURE_KEY_DATA, tokenKubeconfig } from "../support/fixtures/kubeconfigs.ts";

/** Each hostile kubeconfig, and a fragment of the field the 422 must name. */
const HOSTILE: [string, string, string][] = [
  [
    "exec plugin",
    tokenKubeconfig({
      extraUser: "    exec: {command: /bin/sh, apiVersion: client.authentication.k8s.io/v1}",
    }),
    "user.exec",
  ],
  [
    "auth-provider",
    tokenKubeconfig({ extraUser: "    auth-provider: {name: gcp, config: {cmd-path: /bin/sh}}" }),
    "auth-provider",
  ],
  [
    "token-file",
    tokenKubeconfig({ extraUser: "    token-file: /var/run/secrets/kubernetes.io/serviceaccount/token" }),
    "token-file",
  ],
  ["tokenFile", tokenKubeconfig({ extraUser: "    tokenFile: /etc/passwd" }), "tokenFile"],
  [
    "client-certificate path",
    tokenKubeconfig({ extraUser: "    client-certificate: /etc/ssl/c.pem" }),
    "client-certificate",
  ],
  ["client-key path", tokenKubeconfig({ extraUser: "    client-key: /etc/ssl/k.pem" }), "client-key"],
  [
    "certificate-authority path",
    tokenKubeconfig({ extraCluster: "    certificate-authority: /etc/ssl/ca.pem" }),
    "certificate-authority",
  ],
  ["proxy-url", tokenKubeconfig({ extraCluster: "    proxy-url: http://evil.example:3128" }), "proxy-url"],
  ["basic auth", tokenKubeconfig({ extraUser: "    username: admin\n    password: hunter2" }), "username"],
  ["impersonation", tokenKubeconfig({ extraUser: "    as: system:admin" }), ".as"],
  ["impersonation groups", tokenKubeconfig({ extraUser: "    as-groups: [system:masters]" }), "as-groups"],
  ["http server", tokenKubeconfig({ server: "http://127.0.0.1:6443" }), "server"],
  ["metadata address", tokenKubeconfig({ server: "https://169.254.169.254" }), "server"],
  [
    "insecure TLS without opt-in",
    tokenKubeconfig({ extraCluster: "    insecure-skip-tls-verify: true" }),
    "insecure-skip-tls-verify",
  ],
];

describe("hostile kubeconfigs", () => {
  for (const [label, kubeconfig, field] of HOSTILE) {
    test(`${label} is rejected naming ${field}, and nothing is stored`, async ({ api }) => {
      const { secret: key } = await api.key("write");
      const before = await api.count("clusters");
      const res = await api.call("POST", "/v1/clusters", { key, body: { name: "hostile", kubeconfig } });
      expect(res.status).toBe(422);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      const fields = res.body.errors.map((e: { field: string }) => e.field);
      expect(
        fields.some((f: string) => f.includes(field)),
        JSON.stringify(res.body.errors),
      ).toBe(true);
      expect(res.body.detail).toBeTruthy();
      expect(await api.count("clusters")).toBe(before);
    });
  }

  test("insecure-skip-tls-verify is accepted with allowInsecureTLS: true", async ({ api }) => {
    const { secret: key } = await api.key("write");
    const kubeconfig = tokenKubeconfig({ noCa: true, extraCluster: "    insecure-skip-tls-verify: true" });
    const res = await api.call("POST", "/v1/clusters", {
      key,
      body: { name: "insecure", kubeconfig, allowInsecureTLS: true },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.kubeconfig.allowInsecureTLS).toBe(true);
  });

  test("client certificate data is accepted", async ({ api }) => {
    const { secret: key } = await api.key("write");
    const kubeconfig = [
      "apiVersion: v1",
      "kind: Config",
      "clusters: [{name: c, cluster: {server: 'https://127.0.0.1:6443', certificate-authority-data: " +
        `${FIXTURE_CA_DATA}}}]`,
      "contexts: [{name: x, context: {cluster: c, user: u}}]",
      "current-context: x",
      `users: [{name: u, user: {client-certificate-data: ${FIXTURE_CA_DATA}, client-key-data: ${FIXTURE_KEY_DATA}}}]`,
    ].join("\n");
    const res = await api.call("POST", "/v1/clusters", { key, body: { name: "certs", kubeconfig } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.kubeconfig.authKind).toBe("clientCertificate");
  });
});
