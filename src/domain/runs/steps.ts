/** The steps of an install run, in order: what the engine runs and the run timeline records. */
export const INSTALL_STEPS = [
  "preflight",
  "namespace",
  "crds",
  "crd-wait",
  "profile",
  "workload-wait",
  "verify",
] as const;
export type InstallStep = (typeof INSTALL_STEPS)[number];

/** The steps of an uninstall run. */
export const UNINSTALL_STEPS = ["preflight", "uninstall", "verify"] as const;
