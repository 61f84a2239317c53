/**
 * Money inside the Adobe Commerce sandbox: integer minor units (öre, cents), converted to JSON floats only when a
 * record is rendered, the way Magento's REST output shows its DECIMAL(20,4) columns (`29.99`, `165`, `-5`).
 * Rates follow Magento's `base_to_order_rate`: order amount = base amount × rate.
 */

/** A float from JSON (29.99) → minor units (2999), rounded half away from zero like PHP's round(). */
export function toMinor(value: number): number {
  const scaled = value * 100;
  const rounded = Math.round(Math.abs(scaled) + 1e-9) * Math.sign(scaled);
  return rounded === 0 ? 0 : rounded;
}

/** Minor units → the float Magento renders (2999 → 29.99). */
export function fromMinor(minor: number): number {
  const value = minor / 100;
  return value === 0 ? 0 : value;
}

/** `round(amount × numerator / denominator)` in minor units, half away from zero (PHP round()). */
export function roundRatio(minor: number, numerator: number, denominator: number): number {
  const exact = (minor * numerator) / denominator;
  const rounded = Math.sign(exact) * Math.round(Math.abs(exact) + 1e-9);
  return rounded === 0 ? 0 : rounded;
}

/** Tax of a net amount at `percent` (25 → 25 %), rounded per row as Magento's default "Row Total" algorithm does. */
export function taxOf(netMinor: number, percent: number): number {
  return roundRatio(netMinor, percent * 10_000, 1_000_000);
}

/** Converts a base-currency amount to the order currency with `base_to_order_rate`. */
export function toOrderCurrency(baseMinor: number, rate: number): number {
  return roundRatio(baseMinor, Math.round(rate * 1_000_000), 1_000_000);
}
