/**
 * The part of WordPress' REST argument handling the WooCommerce routes rely on (wp-includes/rest-api.php
 * rest_validate_value_from_schema / rest_sanitize_value_from_schema, WP_REST_Request::has_valid_params):
 * types (with numeric strings accepted as integers/numbers and "true"/"1" as booleans), enums, the `email` and
 * `date-time` formats, minimum/maximum, and nested `items` / `properties`. Error codes and texts are WordPress':
 * `rest_invalid_type` "x is not of type integer.", `rest_not_in_enum` "x is not one of a, b, and c.",
 * `rest_out_of_bounds` "x must be between 1 (inclusive) and 100 (inclusive)", `rest_invalid_email`,
 * `rest_invalid_date`; the request answers 400 `rest_invalid_param` "Invalid parameter(s): x" with `params` and
 * `details`, or `rest_missing_callback_param` "Missing parameter(s): x".
 */
import { REST_DATE_PATTERN } from './wp-dates';
import { wpError, wpList, type WpRestError } from './wp-json';

export type WpType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | 'mixed' | 'null';

export type WpSchema = {
  type?: WpType | readonly WpType[];
  enum?: readonly (string | number)[];
  format?: 'email' | 'date-time' | 'uri';
  minimum?: number;
  maximum?: number;
  items?: WpSchema;
  properties?: Readonly<Record<string, WpSchema>>;
  /** Route arguments only: the request must carry it (`rest_missing_callback_param`). */
  required?: boolean;
  /** Route arguments only: the value the handler sees when the request has none. */
  default?: unknown;
};

/** One failed check: the code/message WordPress' validator returns, and its data (`{param}` for type errors). */
export type SchemaProblem = { code: string; message: string; data: unknown };

/** Validates a value against a schema; undefined when valid. `param` names it in messages (`line_items[0][total]`). */
export function validateValue(value: unknown, schema: WpSchema, param: string): SchemaProblem | undefined {
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? (schema.type as readonly WpType[]) : [schema.type as WpType];
  if (types.length === 0 || types.includes('mixed')) return undefined;
  if (types.length > 1) {
    if (value === null && types.includes('null')) return undefined;
    const fitting = types.find((t) => t !== 'null' && fitsType(value, t));
    if (!fitting) return { code: 'rest_invalid_type', message: `${param} is not of type ${types.join(',')}.`, data: { param } };
    return validateValue(value, { ...schema, type: fitting }, param);
  }
  const type = types[0] as WpType;
  if (!fitsType(value, type)) return { code: 'rest_invalid_type', message: `${param} is not of type ${type}.`, data: { param } };
  if (type === 'array') {
    const list = toList(value);
    if (schema.items) {
      for (let i = 0; i < list.length; i += 1) {
        const problem = validateValue(list[i], schema.items, `${param}[${i}]`);
        if (problem) return problem;
      }
    }
  }
  if (type === 'object' && schema.properties && typeof value === 'object' && value !== null) {
    for (const [name, sub] of Object.entries(value as Record<string, unknown>)) {
      const propSchema = schema.properties[name];
      if (!propSchema) continue;
      const problem = validateValue(sub, propSchema, `${param}[${name}]`);
      if (problem) return problem;
    }
  }
  if (schema.enum && !schema.enum.some((e) => String(e) === String(sanitizeValue(value, schema)))) {
    const values = schema.enum.map(String);
    return values.length === 1
      ? { code: 'rest_not_in_enum', message: `${param} is not ${values[0] ?? ''}.`, data: null }
      : { code: 'rest_not_in_enum', message: `${param} is not one of ${wpList(values)}.`, data: null };
  }
  if (type === 'string' && schema.format === 'email' && !isEmail(String(value))) return { code: 'rest_invalid_email', message: 'Invalid email address.', data: null };
  if (type === 'string' && schema.format === 'date-time' && !REST_DATE_PATTERN.test(String(value))) return { code: 'rest_invalid_date', message: 'Invalid date.', data: null };
  if ((type === 'integer' || type === 'number') && (schema.minimum !== undefined || schema.maximum !== undefined)) {
    const n = Number(value);
    const { minimum: min, maximum: max } = schema;
    if (min !== undefined && max !== undefined && (n < min || n > max)) {
      return { code: 'rest_out_of_bounds', message: `${param} must be between ${min} (inclusive) and ${max} (inclusive)`, data: null };
    }
    if (min !== undefined && max === undefined && n < min) return { code: 'rest_out_of_bounds', message: `${param} must be greater than or equal to ${min}`, data: null };
    if (max !== undefined && min === undefined && n > max) return { code: 'rest_out_of_bounds', message: `${param} must be less than or equal to ${max}`, data: null };
  }
  return undefined;
}

function fitsType(value: unknown, type: WpType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return isNumericValue(value) && Number.isInteger(Number(value));
    case 'number':
      return isNumericValue(value);
    case 'boolean':
      return typeof value === 'boolean' || value === 0 || value === 1 || (typeof value === 'string' && ['true', 'false', '0', '1'].includes(value.toLowerCase()));
    case 'array':
      return Array.isArray(value) || (typeof value === 'string') || (typeof value === 'object' && value !== null && isSequential(value));
    case 'object':
      return (typeof value === 'object' && value !== null) || value === '';
    case 'null':
      return value === null;
    case 'mixed':
      return true;
  }
}

function isNumericValue(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'string' && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value);
}

function isSequential(value: object): boolean {
  const keys = Object.keys(value);
  return keys.every((k, i) => k === String(i));
}

/**
 * PHP's `(string)` cast / strval(): strings as they are, numbers in their shortest form, true → '1', false and
 * null → '', arrays and objects → 'Array' (PHP's "Array to string conversion"). Used where WooCommerce casts a
 * posted value that the route schema does not type (line item fields, meta keys).
 */
export function phpString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? '1' : '';
  if (value === null || value === undefined) return '';
  return 'Array';
}

/** rest_is_array's view of a value as a list: arrays as they are, PHP-style `{0:…,1:…}` maps, and comma lists. */
export function toList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return wpParseList(value);
  if (typeof value === 'object' && value !== null) return Object.values(value);
  return [value];
}

/** wp_parse_list(): a comma/space separated string split into its non-empty parts. */
export function wpParseList(text: string): string[] {
  return text.split(/[\s,]+/).filter((s) => s !== '');
}

/** wp_parse_id_list(): the unique non-negative integers of a list (absint of each). */
export function wpParseIdList(value: unknown): number[] {
  const ids = toList(value).map((v) => Math.abs(Math.trunc(Number(v)) || 0));
  return [...new Set(ids)];
}

/** rest_sanitize_value_from_schema: integers/numbers/booleans coerced, nested values sanitized, strings kept. */
export function sanitizeValue(value: unknown, schema: WpSchema): unknown {
  const type = Array.isArray(schema.type) ? (schema.type as readonly WpType[]).find((t) => t !== 'null' && fitsType(value, t)) : (schema.type as WpType | undefined);
  if (value === null && Array.isArray(schema.type) && (schema.type as readonly WpType[]).includes('null')) return null;
  switch (type) {
    case 'integer':
      return Math.trunc(Number(value));
    case 'number':
      return Number(value);
    case 'boolean':
      return value === true || value === 1 || (typeof value === 'string' && ['true', '1'].includes(value.toLowerCase()));
    case 'string':
      return typeof value === 'string' ? value : String(value);
    case 'array':
      return toList(value).map((v) => (schema.items ? sanitizeValue(v, schema.items) : v));
    case 'object': {
      if (typeof value !== 'object' || value === null) return {};
      const out: Record<string, unknown> = {};
      for (const [name, sub] of Object.entries(value as Record<string, unknown>)) {
        const prop = schema.properties?.[name];
        out[name] = prop ? sanitizeValue(sub, prop) : sub;
      }
      return out;
    }
    default:
      return value;
  }
}

/**
 * is_email() of WordPress (wp-includes/formatting.php): at least 6 characters, one `@` after the first character,
 * a local part of the allowed characters, a domain of two or more dot-separated labels of [a-z0-9-] that neither start
 * nor end with `-`.
 */
export function isEmail(email: string): boolean {
  if (email.length < 6) return false;
  const at = email.indexOf('@', 1);
  if (at < 0 || email.indexOf('@', at + 1) >= 0) return false;
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (!/^[a-zA-Z0-9!#$%&'*+/=?^_`{|}~.-]+$/.test(local)) return false;
  if (/\.{2}/.test(domain) || domain.startsWith('.') || domain.endsWith('.')) return false;
  const labels = domain.split('.');
  if (labels.length < 2) return false;
  return labels.every((l) => /^[a-z0-9-]+$/i.test(l) && !l.startsWith('-') && !l.endsWith('-'));
}

/** The 400 WordPress answers when arguments fail validation (WP_REST_Request::has_valid_params). */
export function invalidParams(problems: ReadonlyArray<[string, SchemaProblem]>): WpRestError {
  const params: Record<string, string> = {};
  const details: Record<string, SchemaProblem> = {};
  for (const [name, problem] of problems) {
    params[name] = problem.message;
    details[name] = problem;
  }
  return wpError('rest_invalid_param', `Invalid parameter(s): ${problems.map(([n]) => n).join(', ')}`, 400, { params, details });
}

/** The 400 WordPress answers when required arguments are missing. */
export function missingParams(names: readonly string[]): WpRestError {
  return wpError('rest_missing_callback_param', `Missing parameter(s): ${names.join(', ')}`, 400, { params: names });
}
