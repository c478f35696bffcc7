/** Shared shapes of the format renderers. */

/** A rendered request body, ready to sign and send. */
export interface RenderedDelivery {
  contentType: string;
  body: string;
  /** Query parameters the sender must add to the subscription URL (Google Chat threading). */
  urlSuffixQuery?: Record<string, string>;
}

/** Knobs that depend on the deployment rather than on the event. */
export interface RenderOptions {
  /** CloudEvents `source`; defaults to `/meshfleet/tenants/<tenantId>`. */
  cloudEventsSource?: string;
}
