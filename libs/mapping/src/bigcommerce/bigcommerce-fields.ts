import { MappingError } from '../mapping.error';
import { type Decimal, decimalFromNumber, parseDecimal } from '../money/decimal';
import { decimalToMinor } from '../money/money';

/**
 * Defensive readers for shop payloads that arrived as JSON: each checks the type of one field and
 * throws a `MappingError` carrying the field path (e.g. `products[2].price_ex_tax`).
 */
export type Json = Readonly<Record<string, unknown>>;

/** Treats `value` as a JSON object. @throws MappingError `invalid-field`. */
export function asObject(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MappingError(value === undefined ? 'missing-field' : 'invalid-field', path, 'expected an object');
  }
  return value as Json;
}

/** Treats `value` as an array (missing → []). @throws MappingError `invalid-field`. */
export function asArray(value: unknown, path: string): readonly unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new MappingError('invalid-field', path, 'expected an array');
  return value;
}

function joinPath(base: string, key: string): string {
  return base ? `${base}.${key}` : key;
}

/** Required decimal field (string or number). @throws MappingError `missing-field`/`invalid-decimal`. */
export function readDecimal(obj: Json, key: string, base: string): Decimal {
  const path = joinPath(base, key);
  const value = obj[key];
  if (value === undefined || value === null || value === '') {
    throw new MappingError('missing-field', path, 'is required');
  }
  if (typeof value === 'number') return decimalFromNumber(value, path);
  if (typeof value === 'string') return parseDecimal(value.trim(), path);
  throw new MappingError('invalid-field', path, 'expected a decimal string or number');
}

/** Optional decimal field; missing/null/'' → `fallback`. */
export function readOptionalDecimal(obj: Json, key: string, base: string, fallback = '0'): Decimal {
  const value = obj[key];
  if (value === undefined || value === null || value === '') return parseDecimal(fallback, joinPath(base, key));
  return readDecimal(obj, key, base);
}

/** Required amount in minor units of `currency`. */
export function readMinor(obj: Json, key: string, base: string, currency: string): number {
  return decimalToMinor(readDecimal(obj, key, base), currency, joinPath(base, key));
}

/** Optional amount in minor units (missing → 0). */
export function readOptionalMinor(obj: Json, key: string, base: string, currency: string): number {
  return decimalToMinor(readOptionalDecimal(obj, key, base), currency, joinPath(base, key));
}

/** Optional string (missing/null → undefined). @throws MappingError `invalid-field`. */
export function readOptionalString(obj: Json, key: string, base: string): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') throw new MappingError('invalid-field', joinPath(base, key), 'expected a string');
  return value;
}

/** Required non-empty string. @throws MappingError `missing-field`/`invalid-field`. */
export function readString(obj: Json, key: string, base: string): string {
  const value = readOptionalString(obj, key, base);
  if (value === undefined || value.trim() === '') throw new MappingError('missing-field', joinPath(base, key), 'is required');
  return value;
}

/** Required integer (JSON number or integer string). @throws MappingError. */
export function readInteger(obj: Json, key: string, base: string): number {
  const path = joinPath(base, key);
  const value = obj[key];
  if (value === undefined || value === null) throw new MappingError('missing-field', path, 'is required');
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new MappingError('invalid-field', path, 'expected an integer');
  return n;
}

/** Optional integer (missing/null → undefined). */
export function readOptionalInteger(obj: Json, key: string, base: string): number | undefined {
  const value = obj[key];
  return value === undefined || value === null ? undefined : readInteger(obj, key, base);
}
