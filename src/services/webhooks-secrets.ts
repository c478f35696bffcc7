/**
 * Webhook signing secrets: generated here, shown once, stored only sealed (AES-GCM bound to
 * tenant and subscription), and opened only by the worker that signs.
 */
import { type KeyRing, secretAad } from "../crypto/keyring.ts";
import { generateWebhookSecret } from "../notify/sign.ts";

/** How long a rotated-out secret keeps signing unless the caller says otherwise. */
export const DEFAULT_ROTATION_GRACE_SECONDS = 24 * 3600;

/** A fresh secret and its envelope; return `secret` to the caller once, store `sealed`. */
export async function sealNewSecret(
  keyRing: KeyRing,
  tenantId: string,
  webhookId: string,
): Promise<{ secret: string; sealed: string }> {
  const secret = generateWebhookSecret();
  const sealed = await keyRing.seal(secret, secretAad("webhook-secret", tenantId, webhookId));
  return { secret, sealed };
}

/** The sealed-secret columns of a subscription row. */
export interface SealedSecrets {
  id: string;
  tenantId: string;
  secretSealed: string;
  previousSecretSealed: string | null;
  previousSecretExpiresAt: Date | null;
}

/**
 * Every secret that signs at `nowMs`: the current one, plus the previous one during its grace
 * period, so receivers that still hold the old secret keep verifying.
 */
export async function signingSecrets(keyRing: KeyRing, row: SealedSecrets, nowMs: number): Promise<string[]> {
  const aad = secretAad("webhook-secret", row.tenantId, row.id);
  const secrets = [await keyRing.open(row.secretSealed, aad)];
  if (
    row.previousSecretSealed &&
    row.previousSecretExpiresAt &&
    row.previousSecretExpiresAt.getTime() > nowMs
  ) {
    secrets.push(await keyRing.open(row.previousSecretSealed, aad));
  }
  return secrets;
}
