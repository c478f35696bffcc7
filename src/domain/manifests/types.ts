/** A Kubernetes object as rendered into a release: plain JSON, never a client-library class. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** Identity of an object inside one apply set: (group, kind, namespace, name). */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** The three apply phases: namespaces first, then CRDs (followed by a wait), then the rest. */
export type ApplyPhaseName = "namespaces" | "crds" | "resources";

export interface ApplyPhase {
  phase: ApplyPhaseName;
  objects: K8sObject[];
}
