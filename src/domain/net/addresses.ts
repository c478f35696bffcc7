/** Address classification shared by cluster registration and the engine's connect checks. */

/** True for `localhost` names and IPv4/IPv6 loopback literals. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (h === "::1" || h === "0:0:0:0:0:0:0:1") return true;
  const v4 = h.startsWith("::ffff:") ? h.slice(7) : h;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** True for link-local and cloud-metadata addresses, which are never cluster endpoints. */
export function isMetadataOrLinkLocal(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  const v4 = h.startsWith("::ffff:") ? h.slice(7) : h;
  if (/^169\.254\.\d{1,3}\.\d{1,3}$/.test(v4)) return true;
  if (h === "fd00:ec2::254") return true;
  return /^fe[89ab][0-9a-f]:/.test(h);
}
