import { describe, expect, test } from "vitest";
import { vetKubeconfig } from "../../../src/domain/kubeconfig/vet.ts";
import { fieldsOf, issuesOf } from "../issues.ts";
import { C, kubeconfigYaml, U, withCluster, withUser } from "./helpers.ts";
import { b64, CERT_DATA, KEY_DATA } from "./pem-fixtures.ts";

describe("vetKubeconfig rejects hostile kubeconfigs, naming every offending field", () => {
  const hostile: [string, string, string[]][] = [
    ["exec plugin", withUser({ exec: { command: "sh", args: ["-c", "id"] } }), [U, `${U}.exec`]],
    [
      "auth-provider",
      withUser({ "auth-provider": { name: "gcp", config: { "cmd-path": "/bin/sh" } } }),
      [U, `${U}.auth-provider`],
    ],
    [
      "token-file",
      withUser({ "token-file": "/var/run/secrets/kubernetes.io/serviceaccount/token" }),
      [U, `${U}.token-file`],
    ],
    ["tokenFile", withUser({ tokenFile: "/etc/passwd" }), [U, `${U}.tokenFile`]],
    [
      "client certificate paths",
      withUser({ "client-certificate": "/c", "client-key": "/k" }),
      [U, `${U}.client-certificate`, `${U}.client-key`],
    ],
    ["CA path", withCluster({ "certificate-authority": "/etc/ca.pem" }), [`${C}.certificate-authority`]],
    ["proxy-url", withCluster({ "proxy-url": "http://evil:3128" }), [`${C}.proxy-url`]],
    ["basic auth", withUser({ username: "admin", password: "pw" }), [U, `${U}.password`, `${U}.username`]],
    [
      "impersonation beside a token",
      withUser({
        token: "t",
        as: "system:admin",
        "as-groups": ["system:masters"],
        "as-uid": "0",
        "as-user-extra": { a: ["b"] },
      }),
      [`${U}.as`, `${U}.as-groups`, `${U}.as-uid`, `${U}.as-user-extra`],
    ],
    ["http server", withCluster({ server: "http://10.0.0.1:8080" }), [`${C}.server`]],
    ["non-URL server", withCluster({ server: "10.0.0.1:6443" }), [`${C}.server`]],
    ["server with credentials", withCluster({ server: "https://a:b@kube.example.com" }), [`${C}.server`]],
    ["server with a query", withCluster({ server: "https://kube.example.com/?x=1" }), [`${C}.server`]],
    ["metadata IPv4", withCluster({ server: "https://169.254.169.254" }), [`${C}.server`]],
    ["metadata IPv4 in hex", withCluster({ server: "https://0xa9fea9fe" }), [`${C}.server`]],
    ["metadata IPv6", withCluster({ server: "https://[fd00:ec2::254]" }), [`${C}.server`]],
    ["IPv4-mapped metadata", withCluster({ server: "https://[::ffff:169.254.169.254]" }), [`${C}.server`]],
    ["IPv6 link-local", withCluster({ server: "https://[fe80::1]:6443" }), [`${C}.server`]],
    ["unspecified address", withCluster({ server: "https://0.0.0.0:6443" }), [`${C}.server`]],
    [
      "missing server",
      kubeconfigYaml({ cluster: { "certificate-authority-data": CERT_DATA } }),
      [`${C}.server`],
    ],
    [
      "insecure TLS without consent",
      withCluster({ "insecure-skip-tls-verify": true }),
      [`${C}.insecure-skip-tls-verify`],
    ],
    [
      "insecure TLS as a string",
      withCluster({ "insecure-skip-tls-verify": "true" }),
      [`${C}.insecure-skip-tls-verify`],
    ],
    [
      "unknown cluster field",
      withCluster({ "certificate-authority-file": "/x" }),
      [`${C}.certificate-authority-file`],
    ],
    ["unknown auth field", withUser({ token: "t", "id-token": "x" }), [`${U}.id-token`]],
    [
      "bad base64 CA",
      withCluster({ "certificate-authority-data": "not base64!" }),
      [`${C}.certificate-authority-data`],
    ],
    [
      "base64 that is not a certificate",
      withCluster({ "certificate-authority-data": b64("hello") }),
      [`${C}.certificate-authority-data`],
    ],
    [
      "bad base64 client cert",
      withUser({ "client-certificate-data": "%%%", "client-key-data": KEY_DATA }),
      [`${U}.client-certificate-data`],
    ],
    [
      "certificate given as the key",
      withUser({ "client-certificate-data": CERT_DATA, "client-key-data": CERT_DATA }),
      [`${U}.client-key-data`],
    ],
    [
      "encrypted key",
      withUser({
        "client-certificate-data": CERT_DATA,
        "client-key-data": b64(
          "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n",
        ),
      }),
      [`${U}.client-key-data`],
    ],
    ["no credentials", withUser({}), [U]],
    ["cert without key", withUser({ "client-certificate-data": CERT_DATA }), [`${U}.client-key-data`]],
    ["key without cert", withUser({ "client-key-data": KEY_DATA }), [`${U}.client-certificate-data`]],
    [
      "token and certificate",
      withUser({ token: "t", "client-certificate-data": CERT_DATA, "client-key-data": KEY_DATA }),
      [U],
    ],
    ["token with a newline", withUser({ token: "t\nX-Evil: 1" }), [`${U}.token`]],
    ["empty token", withUser({ token: "" }), [`${U}.token`]],
    [
      "hostile field on the entry, beside user",
      kubeconfigYaml({ root: { users: [{ name: "u", user: { token: "t" }, exec: {} }] } }),
      ["kubeconfig.users[0].exec"],
    ],
    [
      "hostile field nested in an unknown field",
      withUser({ token: "t", wrapper: { exec: { command: "sh" } } }),
      [`${U}.wrapper`, `${U}.wrapper.exec`],
    ],
  ];

  test.each(hostile)("%s", (_name, yaml, fields) => {
    expect(fieldsOf(() => vetKubeconfig(yaml))).toEqual([...fields].sort());
  });

  test("every hostile field is reported at once, in the cluster and the user", () => {
    const yaml = kubeconfigYaml({
      cluster: { server: "http://x", "proxy-url": "http://p", "certificate-authority": "/ca" },
      user: { exec: {}, "auth-provider": {}, "token-file": "/t" },
    });
    expect(fieldsOf(() => vetKubeconfig(yaml))).toEqual(
      [
        `${C}.certificate-authority`,
        `${C}.proxy-url`,
        `${C}.server`,
        U,
        `${U}.auth-provider`,
        `${U}.exec`,
        `${U}.token-file`,
      ].sort(),
    );
  });

  test("inherited property names are plain unknown fields", () => {
    const issues = issuesOf(() => vetKubeconfig(withUser({ token: "t", constructor: "x", toString: "y" })));
    expect(issues.map((i) => [i.field, i.message.split(";")[0]])).toEqual([
      [`${U}.constructor`, "unknown field"],
      [`${U}.toString`, "unknown field"],
    ]);
  });

  test("messages say what to do instead", () => {
    const [issue] = issuesOf(() => vetKubeconfig(withUser({ tokenFile: "/x", token: "t" })));
    expect(issue?.message).toMatch(/put the token itself in `token`/);
  });

  test("insecure TLS with a CA bundle is contradictory even when allowed", () => {
    const yaml = withCluster({ "insecure-skip-tls-verify": true, "certificate-authority-data": CERT_DATA });
    expect(fieldsOf(() => vetKubeconfig(yaml, { allowInsecureTLS: true }))).toEqual([
      `${C}.insecure-skip-tls-verify`,
    ]);
  });
});

describe("malformed documents", () => {
  test.each([
    ["invalid YAML", "clusters: [unclosed"],
    ["a scalar", "just text"],
    ["a list", "- a\n- b"],
    ["duplicate keys", "kind: Config\nkind: Config\n"],
    ["several documents", "kind: Config\n---\nkind: Config\n"],
  ])("%s is rejected on the kubeconfig field", (_name, text) => {
    expect(fieldsOf(() => vetKubeconfig(text))).toContain("kubeconfig");
  });

  test("wrong kind, non-list clusters and a custom field base", () => {
    expect(fieldsOf(() => vetKubeconfig(kubeconfigYaml({ root: { kind: "Pod" } })))).toEqual([
      "kubeconfig.kind",
    ]);
    expect(fieldsOf(() => vetKubeconfig(kubeconfigYaml({ root: { clusters: { c: 1 } } })))).toEqual([
      "kubeconfig.clusters",
    ]);
    expect(fieldsOf(() => vetKubeconfig(withUser({}), { field: "body.kubeconfig" }))).toEqual([
      "body.kubeconfig.users[0].user",
    ]);
  });

  test("alias bombs stop at the alias limit", () => {
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 0; i < 8; i++)
      lines.push(
        `${"bcdefghij"[i]}: &${"bcdefghij"[i]} [${Array(10).fill(`*${"abcdefghij"[i]}`).join(", ")}]`,
      );
    expect(fieldsOf(() => vetKubeconfig(lines.join("\n")))).toEqual(["kubeconfig"]);
  });
});
