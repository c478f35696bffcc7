/**
 * A strategy quantity: an absolute cluster count, or a percentage written as a string such as
 * `"25%"` or `"0.5%"` (at most two decimals, so it resolves with integer arithmetic).
 */
export type Quantity = number | `${number}%`;

/** Matches a percentage with at most two decimals; the 0–100 range is checked separately. */
export const PERCENT_PATTERN = /^(\d{1,3})(?:\.(\d{1,2}))?%$/;

/**
 * Basis points (1/100 of a percent) of a percentage string, or null when it is not one.
 * Parsing the digits instead of using parseFloat keeps `ceil(10 × 30%)` at 3, not 4.
 */
export function percentToBasisPoints(text: string): number | null {
  const match = PERCENT_PATTERN.exec(text);
  if (!match) return null;
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? "").padEnd(2, "0"));
  const basisPoints = whole * 100 + fraction;
  return basisPoints <= 10_000 ? basisPoints : null;
}

/**
 * Resolves a quantity against `of` items. Counts are taken as they are; percentages round up
 * or down as asked. Integer arithmetic only, so there is no floating-point drift.
 */
export function resolveQuantity(quantity: Quantity, of: number, rounding: "up" | "down"): number {
  if (typeof quantity === "number") return quantity;
  const basisPoints = percentToBasisPoints(quantity);
  if (basisPoints === null) throw new RangeError(`not a percentage: ${quantity}`);
  const scaled = of * basisPoints;
  return rounding === "up" ? Math.ceil(scaled / 10_000) : Math.floor(scaled / 10_000);
}
