import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { K8sClient } from "../../../src/k8s/client.ts";
import { kubeconfigYaml, vetted } from "./kubeconfig.ts";
import { freePort } from "./ports.ts";
import { logTail, type Managed, type ProcessGroup } from "./processes.ts";

/** Starts etcd 3.4 on two free loopback ports with a fresh data directory. */
export async function startEtcd(group: ProcessGroup, bin: string, dir: string): Promise<{ url: string }> {
  const [client, peer] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${client}`;
  const proc = group.spawn("etcd", `${bin}/etcd`, [
    `--data-dir=${dir}/etcd-data`,
    `--listen-client-urls=${url}`,
    `--advertise-client-urls=${url}`,
    `--listen-peer-urls=http://127.0.0.1:${peer}`,
    `--initial-advertise-peer-urls=http://127.0.0.1:${peer}`,
    `--initial-cluster=default=http://127.0.0.1:${peer}`,
    "--log-level=warn",
  ]);
  await waitUntil(proc, 20_000, async () => {
    const res = await fetch(`${url}/health`).catch(() => undefined);
    return res?.ok === true;
  });
  return { url };
}

/** Fixed per-cluster settings, so an API server can be stopped and started again identically. */
export interface ApiserverSpec {
  name: string;
  index: number;
  port: number;
  dir: string;
  etcdUrl: string;
  adminToken: string;
}

/** Token file: admin and controller-manager in system:masters, plus the restricted user. */
export function writeTokenFile(spec: ApiserverSpec, kcmToken: string, restrictedToken: string): void {
  writeFileSync(
    `${spec.dir}/tokens.csv`,
    [
      `${spec.adminToken},admin,admin,"system:masters"`,
      `${kcmToken},kube-controller-manager,kcm,"system:masters"`,
      `${restrictedToken},restricted,restricted`,
      "",
    ].join("\n"),
  );
}

/** Starts one kube-apiserver 1.20 (RBAC, token auth, own self-signed serving cert) and waits for /readyz. */
export async function startApiserver(group: ProcessGroup, bin: string, spec: ApiserverSpec, saDir: string) {
  mkdirSync(`${spec.dir}/certs`, { recursive: true });
  const proc = group.spawn(`${spec.name}-apiserver`, `${bin}/kube-apiserver`, [
    `--etcd-servers=${spec.etcdUrl}`,
    `--etcd-prefix=/cluster-${spec.index}`,
    "--insecure-port=0",
    `--secure-port=${spec.port}`,
    "--bind-address=127.0.0.1",
    "--advertise-address=127.0.0.1",
    // 127.0.0.1 is not a valid endpoint for the `kubernetes` Service; nothing here needs it.
    "--endpoint-reconciler-type=none",
    `--cert-dir=${spec.dir}/certs`,
    `--token-auth-file=${spec.dir}/tokens.csv`,
    "--authorization-mode=RBAC",
    `--service-account-key-file=${saDir}/sa.pub`,
    `--service-account-signing-key-file=${saDir}/sa.key`,
    "--service-account-issuer=https://kubernetes.default.svc",
    // Without a token controller the ServiceAccount admission plugin rejects pods for a while.
    "--disable-admission-plugins=ServiceAccount",
    "--profiling=false",
    "--enable-priority-and-fairness=false",
  ]);
  const certFile = `${spec.dir}/certs/apiserver.crt`;
  let client: K8sClient | undefined;
  try {
    await waitUntil(proc, 60_000, async () => {
      if (!existsSync(certFile)) return false;
      client ??= await K8sClient.create(
        {
          id: spec.name,
          credentialsVersion: 0,
          kubeconfig: vetted(serverUrl(spec), caDataOf(spec), spec.adminToken),
        },
        { allowLoopback: true, requestTimeoutMs: 2000 },
      );
      const res = await client
        .request<string>({ method: "GET", path: "/readyz", allowStatus: [500] })
        .catch(() => undefined);
      return res?.status === 200;
    });
  } finally {
    await client?.close();
  }
  return proc;
}

export function serverUrl(spec: ApiserverSpec): string {
  return `https://127.0.0.1:${spec.port}`;
}

/** The self-signed serving certificate (with its CA), as `certificate-authority-data`. */
export function caDataOf(spec: ApiserverSpec): string {
  return readFileSync(`${spec.dir}/certs/apiserver.crt`).toString("base64");
}

/** Starts kube-controller-manager with only the controllers the tests rely on (no node or cloud ones). */
export function startControllerManager(
  group: ProcessGroup,
  bin: string,
  spec: ApiserverSpec,
  kcmToken: string,
) {
  const kubeconfig = `${spec.dir}/kcm.kubeconfig`;
  writeFileSync(kubeconfig, kubeconfigYaml(spec.name, serverUrl(spec), caDataOf(spec), kcmToken));
  return group.spawn(`${spec.name}-controller-manager`, `${bin}/kube-controller-manager`, [
    `--kubeconfig=${kubeconfig}`,
    "--leader-elect=false",
    "--port=0",
    "--secure-port=0",
    "--controllers=deployment,replicaset,statefulset,daemonset,job,garbagecollector,namespace,serviceaccount,clusterrole-aggregation",
    "--concurrent-deployment-syncs=10",
    "--concurrent-replicaset-syncs=10",
  ]);
}

/** Polls `ready` until true; fails early with the log tail if the process exits. */
async function waitUntil(proc: Managed, timeoutMs: number, ready: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void proc.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${proc.name} exited during start-up:\n${logTail(proc.logFile)}`);
    if (await ready()) return;
    await sleep(100);
  }
  throw new Error(`${proc.name} not ready after ${timeoutMs} ms:\n${logTail(proc.logFile)}`);
}
