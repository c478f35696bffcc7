/** The error the SSRF guard raises (Node-only folder, but plain JS). */
import type { BlockedCategory } from "./blocked-address.ts";

/** Code carried by `BlockedAddressError`, recognisable after undici wraps the error. */
export const BLOCKED_ADDRESS_CODE = "ERR_WEBHOOK_BLOCKED_ADDRESS";

/** A webhook target resolved to, or connected to, an address the policy forbids. */
export class BlockedAddressError extends Error {
  readonly code = BLOCKED_ADDRESS_CODE;
  readonly address: string;
  readonly category: BlockedCategory;

  constructor(host: string, address: string, category: BlockedCategory) {
    super(
      host === address
        ? `address ${address} is ${category} and may not receive webhooks`
        : `${host} resolves to ${address}, which is ${category} and may not receive webhooks`,
    );
    this.name = "BlockedAddressError";
    this.address = address;
    this.category = category;
  }
}
