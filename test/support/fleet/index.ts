/** Local test fleet: real control planes on loopback and a kubelet stand-in. */
export type { Fleet, FleetCluster } from "./fleet.ts";
export { startFleet } from "./fleet.ts";
export type { Kubelet } from "./kubelet.ts";
export { startKubelet } from "./kubelet.ts";
export type { PodMatch } from "./pod-status.ts";
export { RESTRICTED_RULES } from "./restricted.ts";
