/**
 * Exact decimal arithmetic for the sandbox. Amounts live as integer minor units (øre/öre); request DTO
 * decimals (`DtoValueOfDecimal`, a JSON number) are converted through their decimal text, never by
 * float multiplication. All currencies the sandbox seeds (NOK, SEK, EUR, USD, DKK) have 2 decimals.
 */

export const MINOR_UNITS_PER_MAJOR = 100;

/** Thrown when a decimal input is not a finite number. */
export class VismaDecimalError extends Error {}

/**
 * Decimal text of a JSON number or numeric string, scaled to `scale` decimals and rounded half away from
 * zero: `toScaled(12.345, 2)` → 1235n. Throws VismaDecimalError for NaN/Infinity or non-numeric text.
 */
export function toScaled(value: number | string, scale: number): bigint {
  let text = typeof value === 'number' ? String(value) : value.trim();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new VismaDecimalError(`not a finite number: ${value}`);
    if (/e/i.test(text)) text = value.toFixed(20).replace(/0+$/, '');
  }
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new VismaDecimalError(`not a decimal: ${text}`);
  const negative = m[1] === '-';
  const intPart = m[2] === '' ? '0' : (m[2] ?? '0');
  const frac = m[3] ?? '';
  const kept = frac.slice(0, scale).padEnd(scale, '0');
  let scaled = BigInt(intPart + kept);
  const next = frac.charAt(scale);
  if (next !== '' && Number(next) >= 5) scaled += 1n;
  return negative ? -scaled : scaled;
}

/** Integer division rounded half away from zero. `d` must be positive. */
export function divRound(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  if (r === 0n) return q;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice >= d) return n < 0n ? q - 1n : q + 1n;
  return q;
}

/** Major-unit decimal (e.g. 123.45) to integer minor units (12345), half away from zero. */
export function toMinor(value: number | string): number {
  return Number(toScaled(value, 2));
}

/**
 * Minor units to the JSON number the response DTOs carry (`number/double` in the spec): 12345 → 123.45.
 * Integer ÷ 100 gives the double nearest to the exact decimal, which serialises as that decimal.
 */
export function minorToDecimal(minor: number | bigint): number {
  return Number(minor) / MINOR_UNITS_PER_MAJOR;
}

/** `amount × rate` where rate is scaled by 10^6 (exchange rates), rounded half away from zero. */
export function applyRateMicro(minor: number, rateMicro: bigint): number {
  return Number(divRound(BigInt(minor) * rateMicro, 1_000_000n));
}
