import { toScaled, VismaDecimalError } from './visma-money.util';
import { vismaValidationError } from './visma.error';

/**
 * Readers for value-wrapped request DTOs (`{"name": {"value": "x"}}` — the `DtoValueOf…` schemas of
 * visma-net-erp-api.v1_20250424.openapi.json). A field that is absent, or whose `value` is null, reads as
 * undefined. A field that is present but not wrapped, or whose value has the wrong type, is a 400.
 */
export type VismaJsonObject = Record<string, unknown>;

/** True for a plain JSON object (not null, not an array). */
export function isObject(value: unknown): value is VismaJsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The request body as an object, or a 400 when it is missing or not a JSON object. */
export function requireObjectBody(body: unknown): VismaJsonObject {
  if (!isObject(body)) throw vismaValidationError('The request body must be a JSON object.');
  return body;
}

/** The `value` inside a wrapped field, undefined when absent/null. */
export function unwrap(dto: VismaJsonObject, field: string): unknown {
  const raw = dto[field];
  if (raw === undefined || raw === null) return undefined;
  if (!isObject(raw) || !('value' in raw)) {
    throw vismaValidationError(`The field '${field}' must be an object of the form {"value": …}.`);
  }
  return raw['value'] ?? undefined;
}

/** The wrapped value as a string; 400 when it is another type. */
export function unwrapString(dto: VismaJsonObject, field: string): string | undefined {
  const v = unwrap(dto, field);
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw vismaValidationError(`The value of '${field}' must be a string.`);
  return v;
}

/** The wrapped value as a boolean; 400 when it is another type. */
export function unwrapBoolean(dto: VismaJsonObject, field: string): boolean | undefined {
  const v = unwrap(dto, field);
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw vismaValidationError(`The value of '${field}' must be a boolean.`);
  return v;
}

/** The wrapped value as an integer; 400 when it is not an integer number. */
export function unwrapInteger(dto: VismaJsonObject, field: string): number | undefined {
  const v = unwrap(dto, field);
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw vismaValidationError(`The value of '${field}' must be an integer.`);
  return v;
}

/** A decimal value scaled to `scale` decimals (exact, half away from zero). */
export function unwrapScaled(dto: VismaJsonObject, field: string, scale: number): bigint | undefined {
  const v = unwrap(dto, field);
  if (v === undefined) return undefined;
  if (typeof v !== 'number' && typeof v !== 'string') throw vismaValidationError(`The value of '${field}' must be a number.`);
  try {
    return toScaled(v, scale);
  } catch (err) {
    if (err instanceof VismaDecimalError) throw vismaValidationError(`The value of '${field}' must be a number.`);
    throw err;
  }
}

/** A date-time (`DtoValueOfDateTime`) as epoch ms; a date without offset is read as UTC. */
export function unwrapDateTime(dto: VismaJsonObject, field: string): number | undefined {
  const v = unwrap(dto, field);
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw vismaValidationError(`The value of '${field}' must be a date-time string.`);
  const text = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(v) || !v.includes('T') ? v : `${v}Z`;
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(ms)) throw vismaValidationError(`The value '${v}' of '${field}' is not a valid date-time.`);
  return ms;
}

/** A nested wrapped object (`DtoValueOfAddressUpdateDto` …) or undefined. */
export function unwrapObject(dto: VismaJsonObject, field: string): VismaJsonObject | undefined {
  const v = unwrap(dto, field);
  if (v === undefined) return undefined;
  if (!isObject(v)) throw vismaValidationError(`The value of '${field}' must be an object.`);
  return v;
}

/** ISO-8601 UTC with milliseconds, the sandbox's date-time format in response DTOs. */
export function isoOf(ms: number): string {
  return new Date(ms).toISOString();
}

/** YYYYMM of a timestamp (financial period / post period). */
export function periodOf(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Midnight UTC of the day of `ms`. */
export function startOfDayUtc(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

/** Country names for address DTOs (`country: {id, name}`). Unknown ids keep the id as name. */
export const COUNTRY_NAMES: Readonly<Record<string, string>> = {
  NO: 'Norway',
  SE: 'Sweden',
  DK: 'Denmark',
  FI: 'Finland',
  IS: 'Iceland',
  DE: 'Germany',
  NL: 'Netherlands',
  GB: 'United Kingdom',
  US: 'United States',
};
