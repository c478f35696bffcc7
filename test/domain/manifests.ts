/**
 * Istio-shaped manifests for domain tests: what `helm template` / `istioctl manifest generate`
 * print, trimmed. The injector ConfigMap carries Istio's own Go template text as data.
 */

export const GATEWAY_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gateways.networking.istio.io
spec:
  group: networking.istio.io
  names: { kind: Gateway, plural: gateways }
  scope: Namespaced
  versions: [{ name: v1, served: true, storage: true }]
`;

export const WASM_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: meshconfigs.example.io
spec:
  group: example.io
  names: { kind: MeshConfig, plural: meshconfigs }
  scope: Cluster
  versions: [{ name: v1, served: true, storage: true }]
`;

export const INJECTOR_TEMPLATE =
  '{{- if .Values.global.hub }}\nimage: "{{ .Values.global.hub }}/proxyv2"\n{{- end }}\n';

export const DEMO_PROFILE = `---
# Source: istiod/templates/serviceaccount.yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: istiod
  namespace: istio-system
---
# Source: istiod/templates/empty.yaml
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: istio-sidecar-injector
  namespace: istio-system
  labels:
    app: sidecar-injector
data:
  config: |
${INJECTOR_TEMPLATE.replace(/^/gm, "    ").trimEnd()}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: istiod
  namespace: istio-system
  labels: { app: istiod }
spec:
  replicas: 1
  template:
    metadata: { labels: { app: istiod } }
    spec:
      containers:
        - name: discovery
          image: docker.io/istio/pilot:1.24.2
          env:
            - { name: CLUSTER_ID, value: Kubernetes }
---
apiVersion: v1
kind: Service
metadata:
  name: istiod
spec:
  ports: [{ port: 15012, name: grpc-xds }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: istiod-clusterrole-istio-system
rules: []
---
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: istio-sidecar-injector
webhooks: []
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: ingress
  namespace: istio-system
spec:
  selector: { istio: ingressgateway }
---
apiVersion: example.io/v1
kind: MeshConfig
metadata:
  name: global
spec: {}
`;

export const MINIMAL_PROFILE = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: istiod
  namespace: istio-system
`;
