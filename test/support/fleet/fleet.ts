import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import type { VettedKubeconfig } from "../../../src/domain/kubeconfig/types.ts";
import { kubeBinDir } from "./binaries.ts";
import {
  type ApiserverSpec,
  caDataOf,
  serverUrl,
  startApiserver,
  startControllerManager,
  startEtcd,
  writeTokenFile,
} from "./control-plane.ts";
import { kubeconfigYaml, vetted } from "./kubeconfig.ts";
import { freePort } from "./ports.ts";
import { type Managed, ProcessGroup } from "./processes.ts";
import { grantRestrictedAccess } from "./restricted.ts";

/** One local cluster: a real kube-apiserver 1.20 and kube-controller-manager over the shared etcd. */
export interface FleetCluster {
  name: string;
  server: string;
  /** Admin kubeconfig text (certificate-authority-data + token), as a user would upload it. */
  kubeconfig: string;
  vetted: VettedKubeconfig;
  /** A token that may only get/list namespaces and configmaps. */
  restrictedKubeconfig: string;
  restrictedVetted: VettedKubeconfig;
  /** Stops this cluster's API server (the controller manager keeps retrying). */
  stopApiserver(): Promise<void>;
  /** Starts it again on the same port with the same certificate and tokens. */
  startApiserver(): Promise<void>;
}

export interface Fleet {
  clusters: FleetCluster[];
  /** Wall time from call to every cluster ready, in milliseconds. */
  startupMs: number;
  /** Kills every process the fleet started, by pid, and removes its temp directory. */
  stop(): Promise<void>;
}

const token = () => randomBytes(16).toString("hex");

/**
 * Starts one etcd and `clusters` (default 3) control planes on free loopback ports, each with
 * its own etcd prefix, serving certificate and tokens. Call from `beforeAll` with a generous
 * hook timeout and `stop()` in `afterAll`; an exit hook and a watchdog also kill the processes
 * if the test process dies first.
 */
export async function startFleet(options: { clusters?: number } = {}): Promise<Fleet> {
  const started = performance.now();
  const bin = kubeBinDir();
  const dir = mkdtempSync(`${tmpdir()}/meshfleet-fleet-`);
  const group = new ProcessGroup(dir);
  try {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    writeFileSync(`${dir}/sa.key`, privateKey.export({ type: "pkcs1", format: "pem" }));
    writeFileSync(`${dir}/sa.pub`, publicKey.export({ type: "spki", format: "pem" }));
    const etcd = await startEtcd(group, bin, dir);
    const count = options.clusters ?? 3;
    const clusters = await Promise.all(
      Array.from({ length: count }, (_, index) => startCluster(group, bin, dir, etcd.url, index)),
    );
    return {
      clusters,
      startupMs: Math.round(performance.now() - started),
      stop: async () => {
        await group.stopAll();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await group.stopAll();
    throw error;
  }
}

async function startCluster(
  group: ProcessGroup,
  bin: string,
  root: string,
  etcdUrl: string,
  index: number,
): Promise<FleetCluster> {
  const name = `cluster-${index}`;
  const dir = `${root}/${name}`;
  mkdirSync(dir, { recursive: true });
  const spec: ApiserverSpec = { name, index, port: await freePort(), dir, etcdUrl, adminToken: token() };
  const restrictedToken = token();
  const kcmToken = token();
  writeTokenFile(spec, kcmToken, restrictedToken);
  let apiserver: Managed | undefined = await startApiserver(group, bin, spec, root);
  startControllerManager(group, bin, spec, kcmToken);
  const server = serverUrl(spec);
  const ca = caDataOf(spec);
  const admin = vetted(server, ca, spec.adminToken);
  await grantRestrictedAccess(admin);
  return {
    name,
    server,
    kubeconfig: kubeconfigYaml(name, server, ca, spec.adminToken),
    vetted: admin,
    restrictedKubeconfig: kubeconfigYaml(name, server, ca, restrictedToken),
    restrictedVetted: vetted(server, ca, restrictedToken),
    stopApiserver: async () => {
      if (apiserver) await group.stop(apiserver);
      apiserver = undefined;
    },
    startApiserver: async () => {
      apiserver ??= await startApiserver(group, bin, spec, root);
    },
  };
}
