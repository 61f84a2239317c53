/**
 * The generic, field-by-field conversion of a Visma DTO's values to BigQuery JSON values (toExportRow's rules, see
 * to-row.ts): used as it is for the values the compiled converters (row-converter.ts) do not take on their fast path,
 * so both give the same values, notes and errors.
 */
import { MappingError } from '../mapping.error';
import { toDateText, toInt64Text, toNumericText, toTimestampText, plainNumberText } from './bigquery-values';
import type { ExportColumn } from './table-schema';

/** A BigQuery row for an NDJSON load (or insertAll `json`): column name → JSON value. */
export type BigQueryRow = { [column: string]: BigQueryJsonValue };
export type BigQueryJsonValue = string | number | boolean | null | BigQueryJsonValue[] | { [key: string]: BigQueryJsonValue };

/**
 * Something the conversion changed or left out, with the indexed path of the value (`invoiceLines[2].amount`):
 * - `numeric-rounded`: a number had more than 9 fractional digits and was rounded to NUMERIC's scale;
 * - `null-array-element-dropped`: an array held a null, which a BigQuery ARRAY cannot.
 */
export type RowNote = { readonly code: 'numeric-rounded' | 'null-array-element-dropped'; readonly field: string };

export type Context = { unknown: string[]; notes: RowNote[]; excluded: readonly string[] };

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)?.slice(0, 40) ?? ''}`;
}

/** Any JSON value copied for a JSON column (undefined members dropped, as JSON.stringify would). */
export function jsonCopy(value: unknown, field: string): BigQueryJsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new MappingError('invalid-decimal', field, `${String(value)} is not a finite number`);
    return value;
  }
  if (Array.isArray(value)) return value.map((v, i) => jsonCopy(v ?? null, `${field}[${i}]`));
  if (isPlainObject(value)) {
    const out: { [key: string]: BigQueryJsonValue } = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = jsonCopy(v, `${field}.${k}`);
    return out;
  }
  throw new MappingError('invalid-field', field, `${describe(value)} is not a JSON value`);
}

/**
 * One value of `column` at the indexed path `field` (for messages and notes); `generic` is the same path with every
 * index as `[]` (`journalTransactionLines[].subaccount`), the prefix of the unknown fields found below it.
 */
export function scalarValue(column: ExportColumn, value: unknown, field: string, generic: string, ctx: Context): BigQueryJsonValue {
  const wrong = (expected: string): MappingError => new MappingError('invalid-field', field, `expected ${expected} for ${column.type} column ${column.name}, got ${describe(value)}`);
  switch (column.type) {
    case 'STRING':
      if (typeof value === 'string') return value;
      if (typeof value === 'number') return plainNumberText(value, field);
      if (typeof value === 'boolean') return String(value);
      throw wrong('a string');
    case 'NUMERIC':
    case 'BIGNUMERIC': {
      if (typeof value !== 'number' && typeof value !== 'string') throw wrong('a number');
      const numeric = toNumericText(value, field);
      if (numeric.isRounded) ctx.notes.push({ code: 'numeric-rounded', field });
      return numeric.text;
    }
    case 'INT64':
      if (typeof value !== 'number' && typeof value !== 'string' && typeof value !== 'bigint') throw wrong('an integer');
      return toInt64Text(value, field);
    case 'BOOL':
      if (typeof value === 'boolean') return value;
      throw wrong('a boolean');
    case 'TIMESTAMP':
      if (typeof value === 'string') return toTimestampText(value, field);
      throw wrong('a date-time string');
    case 'DATE':
      if (typeof value === 'string') return toDateText(value, field);
      throw wrong('a date string');
    case 'BYTES':
      if (typeof value === 'string') return value;
      throw wrong('a base64 string');
    case 'JSON':
      return jsonCopy(value, field);
    case 'RECORD':
      if (!isPlainObject(value)) throw wrong('an object');
      return recordValue(column.columns, value, field, `${generic}.`, ctx);
  }
}

export function columnValue(column: ExportColumn, value: unknown, field: string, generic: string, ctx: Context): BigQueryJsonValue {
  if (column.mode !== 'REPEATED') return value === null ? null : scalarValue(column, value, field, generic, ctx);
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw new MappingError('invalid-field', field, `expected an array for REPEATED column ${column.name}, got ${describe(value)}`);
  const items: BigQueryJsonValue[] = [];
  const itemGeneric = `${generic}[]`;
  const list = value as unknown[];
  for (let i = 0; i < list.length; i += 1) {
    const item = list[i];
    if (item === null || item === undefined) ctx.notes.push({ code: 'null-array-element-dropped', field: `${field}[${i}]` });
    else items.push(scalarValue(column, item, `${field}[${i}]`, itemGeneric, ctx));
  }
  return items;
}

/** The `source` names of a column list, cached per list (the table's columns never change once derived). */
const SOURCES = new WeakMap<readonly ExportColumn[], ReadonlySet<string>>();

export function sourcesOf(columns: readonly ExportColumn[]): ReadonlySet<string> {
  let sources = SOURCES.get(columns);
  if (!sources) {
    sources = new Set(columns.map((c) => c.source));
    SOURCES.set(columns, sources);
  }
  return sources;
}

/** Converts the properties of `value` listed in `columns`; the rest are unknown (except `ctx.excluded`). */
export function recordValue(columns: readonly ExportColumn[], value: Record<string, unknown>, path: string, genericPrefix: string, ctx: Context): { [key: string]: BigQueryJsonValue } {
  const out: { [key: string]: BigQueryJsonValue } = {};
  const prefix = path ? `${path}.` : '';
  for (const column of columns) {
    const v = value[column.source];
    if (v === undefined) {
      if (column.mode === 'REPEATED') out[column.name] = [];
      continue;
    }
    out[column.name] = columnValue(column, v, prefix + column.source, genericPrefix + column.source, ctx);
  }
  const sources = sourcesOf(columns);
  for (const key of Object.keys(value)) {
    if (sources.has(key) || value[key] === undefined || ctx.excluded.includes(key)) continue;
    const generic = genericPrefix + key;
    if (!ctx.unknown.includes(generic)) ctx.unknown.push(generic);
  }
  return out;
}

