/**
 * A kubeconfig reduced to the fields meshfleet accepts (DOMAIN.md: the safe subset).
 * The engine builds its clients from this, never from the user's raw text.
 */
export interface VettedKubeconfig {
  /** https URL of the API server. */
  server: string;
  /** Base64 PEM bundle from `certificate-authority-data`, if given. */
  caData?: string;
  tlsServerName?: string;
  /** Only true when the request said `allowInsecureTLS: true`. */
  insecureSkipTlsVerify: boolean;
  auth: { kind: "token"; token: string } | { kind: "clientCertificate"; certData: string; keyData: string };
}
