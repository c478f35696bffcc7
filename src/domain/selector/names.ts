/** Kubernetes name and label syntax (apimachinery's validation rules), as pure predicates. */

const DNS1123_LABEL = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** A DNS-1123 label: lowercase alphanumerics and `-`, at most 63 characters (cluster, profile names). */
export function isDns1123Label(name: string): boolean {
  return name.length <= 63 && DNS1123_LABEL.test(name);
}

/** A DNS-1123 subdomain: dot-separated labels, at most 253 characters (label key prefixes). */
export function isDns1123Subdomain(name: string): boolean {
  return name.length <= 253 && DNS1123_SUBDOMAIN.test(name);
}

/** Why `key` is not a valid label key (`[prefix/]name`), or undefined when it is. */
export function labelKeyProblem(key: string): string | undefined {
  const parts = key.split("/");
  if (parts.length > 2) return "a label key has at most one '/'";
  const name = parts.length === 2 ? (parts[1] ?? "") : key;
  if (parts.length === 2 && !isDns1123Subdomain(parts[0] ?? "")) {
    return "the prefix before '/' must be a DNS subdomain (lowercase, e.g. example.com), at most 253 characters";
  }
  if (name === "") return "the name part must not be empty";
  if (name.length > 63) return "the name part must be at most 63 characters";
  if (!QUALIFIED_NAME.test(name)) {
    return "the name part must be alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric";
  }
  return undefined;
}

/** Why `value` is not a valid label value (empty is valid), or undefined when it is. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63) return "a label value must be at most 63 characters";
  if (value !== "" && !QUALIFIED_NAME.test(value)) {
    return "a label value must be empty or alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric";
  }
  return undefined;
}
