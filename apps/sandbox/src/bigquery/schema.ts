/**
 * Table schemas and values. A schema is the discovery doc's `TableSchema.fields` (`TableFieldSchema`: `name`,
 * `type`, `mode`, `fields`, `description`, …); types accept the GoogleSQL names and the legacy ones
 * (INTEGER/INT64, FLOAT/FLOAT64, BOOLEAN/BOOL, RECORD/STRUCT) and are answered with the legacy names, as the REST
 * API does. Rows are stored compactly as arrays indexed by each column's storage slot (a column added by a schema
 * patch takes the next slot, so older rows need no rewrite; a missing slot reads as NULL).
 * Stored values: STRING/BYTES/GEOGRAPHY/DATE/TIME/DATETIME/INT64/NUMERIC/BIGNUMERIC/JSON as canonical strings,
 * FLOAT64 as number, BOOL as boolean, TIMESTAMP as bigint microseconds, RECORD as an array of its fields' values,
 * REPEATED as an array of element values.
 */
import { normalizeDecimal, normalizeInt64 } from './decimal';
import { formatTimestamp, formatTimestampSeconds, parseDate, parseDatetime, parseTime, parseTimestamp, secondsToMicros } from './datetime';
import { invalid } from './errors';
import { JsonNumber, numberText, toPlainJson, type JsonInput } from './json-lossless';

export const FIELD_TYPES = ['STRING', 'BYTES', 'INT64', 'FLOAT64', 'NUMERIC', 'BIGNUMERIC', 'BOOL', 'TIMESTAMP', 'DATE', 'TIME', 'DATETIME', 'JSON', 'GEOGRAPHY', 'RECORD'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];
export type FieldMode = 'NULLABLE' | 'REQUIRED' | 'REPEATED';

const ALIASES: Readonly<Record<string, FieldType>> = { INTEGER: 'INT64', FLOAT: 'FLOAT64', BOOLEAN: 'BOOL', STRUCT: 'RECORD', DECIMAL: 'NUMERIC', BIGDECIMAL: 'BIGNUMERIC' };
const LEGACY: Partial<Record<FieldType, string>> = { INT64: 'INTEGER', FLOAT64: 'FLOAT', BOOL: 'BOOLEAN' };
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,299}$/;

export type Column = {
  name: string;
  type: FieldType;
  mode: FieldMode;
  /** Storage slot in the row array. */
  index: number;
  fields?: Column[];
  /** Other TableFieldSchema attributes as given (description, maxLength, precision, scale, …), echoed back. */
  extra: Record<string, unknown>;
};

export type Stored = null | string | number | boolean | bigint | Stored[];
export type Row = Stored[];

/** The canonical type of a type name, or undefined. */
export function canonicalType(name: string): FieldType | undefined {
  const upper = name.toUpperCase();
  return (FIELD_TYPES as readonly string[]).includes(upper) ? (upper as FieldType) : ALIASES[upper];
}

/** Parses `TableSchema.fields`; throws 400 `invalid` with BigQuery's wording for a bad schema. */
export function compileSchema(input: unknown, slotsFrom = 0): Column[] {
  if (!Array.isArray(input)) throw invalid('Schema fields must be an array of TableFieldSchema');
  const seen = new Set<string>();
  return input.map((raw: unknown, i): Column => {
    if (typeof raw !== 'object' || raw === null) throw invalid(`Invalid schema field at index ${i}`);
    const { name, type, mode, fields, ...extra } = raw as Record<string, unknown>;
    if (typeof name !== 'string' || !NAME.test(name)) {
      throw invalid(`Invalid field name "${String(name)}". Fields must contain only letters, numbers, and underscores, start with a letter or underscore, and be at most 300 characters long.`);
    }
    if (seen.has(name.toLowerCase())) throw invalid(`Field ${name} already exists in schema`);
    seen.add(name.toLowerCase());
    const t = typeof type === 'string' ? canonicalType(type) : undefined;
    if (!t) throw invalid(`Invalid value for type: ${String(type)} is not a valid value`);
    const m = mode === undefined ? 'NULLABLE' : typeof mode === 'string' ? mode.toUpperCase() : JSON.stringify(mode);
    if (m !== 'NULLABLE' && m !== 'REQUIRED' && m !== 'REPEATED') throw invalid(`Invalid value for mode: ${m} is not a valid value`);
    const column: Column = { name, type: t, mode: m, index: slotsFrom + i, extra };
    if (t === 'RECORD') {
      if (!Array.isArray(fields) || fields.length === 0) throw invalid(`Field ${name} is type RECORD but has no schema`);
      column.fields = compileSchema(fields);
    }
    return column;
  });
}

/** A `TableFieldSchema` as answered. */
export type FieldSchema = { name: string; type: string; mode: FieldMode; fields?: FieldSchema[]; [attribute: string]: unknown };

/** `TableFieldSchema[]` as the REST API answers it (legacy type names, modes as given or NULLABLE). */
export function renderSchema(columns: readonly Column[]): FieldSchema[] {
  return columns.map((c) => ({ name: c.name, type: LEGACY[c.type] ?? c.type, mode: c.mode, ...c.extra, ...(c.fields ? { fields: renderSchema(c.fields) } : {}) }));
}

/** Number of storage slots a column list uses. */
export function slotCount(columns: readonly Column[]): number {
  return columns.reduce((max, c) => Math.max(max, c.index + 1), 0);
}

const byNameCache = new WeakMap<readonly Column[], Map<string, Column>>();
/** Case-insensitive column look-up (BigQuery column names are case-insensitive). */
export function columnByName(columns: readonly Column[], name: string): Column | undefined {
  let map = byNameCache.get(columns);
  if (!map) {
    map = new Map(columns.map((c) => [c.name.toLowerCase(), c]));
    byNameCache.set(columns, map);
  }
  return map.get(name.toLowerCase());
}

const shape = (c: Column): string => `${c.type}${c.fields ? `<${c.fields.map((f) => `${f.name}:${shape(f)}:${f.mode}`).join(',')}>` : ''}`;
/** A column's type signature (type and nested fields), for assignability checks. */
export const typeSignature = (c: Column): string => `${c.mode === 'REPEATED' ? 'ARRAY<' : ''}${shape(c)}${c.mode === 'REPEATED' ? '>' : ''}`;

/**
 * The schema after a schema update of table `where` (tables.patch/update, or a load with schemaUpdateOptions):
 * every existing column must stay with its type (mode REQUIRED → NULLABLE only with `allowRelaxation`); added
 * columns (only with `allowAddition`) must be NULLABLE or REPEATED and take new slots. Throws 400 `invalid`
 * ("Provided Schema does not match Table …") otherwise.
 */
export function evolveSchema(existing: readonly Column[], incoming: readonly Column[], where: string, options: { allowAddition: boolean; allowRelaxation: boolean }): Column[] {
  const mismatch = (detail: string): never => {
    throw invalid(`Provided Schema does not match Table ${where}. ${detail}`);
  };
  for (const old of existing) if (!columnByName(incoming, old.name)) mismatch(`Field ${old.name} is missing in new schema`);
  let next = slotCount(existing);
  return incoming.map((c): Column => {
    const old = columnByName(existing, c.name);
    if (!old) {
      if (!options.allowAddition) mismatch(`Cannot add fields (field: ${c.name})`);
      if (c.mode === 'REQUIRED') mismatch(`Cannot add required fields to an existing schema. (field: ${c.name})`);
      const added: Column = { ...c, index: next };
      next += 1;
      return added;
    }
    if (old.type !== c.type) mismatch(`Field ${c.name} has changed type from ${LEGACY[old.type] ?? old.type} to ${LEGACY[c.type] ?? c.type}`);
    if (old.mode !== c.mode) {
      const relaxed = old.mode === 'REQUIRED' && c.mode === 'NULLABLE';
      if (!relaxed || !options.allowRelaxation) mismatch(`Field ${c.name} has changed mode from ${old.mode} to ${c.mode}`);
    }
    const out: Column = { ...c, name: old.name, index: old.index };
    if (old.fields && c.fields) out.fields = evolveSchema(old.fields, c.fields, `${where} (field ${old.name})`, options);
    return out;
  });
}

/** A value that does not fit its column: `location` is the field path. */
export type ValueError = { location: string; message: string; value: string };

const TYPE_WORD: Record<FieldType, string> = {
  STRING: 'string', BYTES: 'bytes', INT64: 'integer', FLOAT64: 'float', NUMERIC: 'numeric', BIGNUMERIC: 'bignumeric', BOOL: 'boolean',
  TIMESTAMP: 'timestamp', DATE: 'date', TIME: 'time', DATETIME: 'datetime', JSON: 'json', GEOGRAPHY: 'geography', RECORD: 'record',
};

const show = (v: JsonInput): string => (v instanceof JsonNumber ? v.text : typeof v === 'string' ? v : JSON.stringify(v));

/**
 * One JSON value (NDJSON load, insertAll `json`, a query parameter's text) as the stored value of a scalar type,
 * or an error message. INT64 takes integers or integer strings; NUMERIC/BIGNUMERIC numbers or decimal strings
 * (rounded half away from zero to the scale); FLOAT64 numbers, numeric strings, NaN/Infinity; BOOL true/false or
 * their strings; TIMESTAMP a timestamp string or epoch seconds; JSON any value (a string is parsed as JSON text).
 */
export function coerceScalar(type: FieldType, v: JsonInput): { ok: Stored } | { error: string } {
  const bad = (): { error: string } => ({ error: `Cannot convert value to ${TYPE_WORD[type]} (bad value): ${show(v)}` });
  const isNum = typeof v === 'number' || v instanceof JsonNumber;
  const text = typeof v === 'string' ? v : isNum ? numberText(v) : undefined;
  switch (type) {
    case 'STRING':
    case 'GEOGRAPHY':
      return typeof v === 'string' ? { ok: v } : isNum ? { ok: text ?? '' } : typeof v === 'boolean' ? { ok: String(v) } : bad();
    case 'BYTES':
      return typeof v === 'string' && /^[A-Za-z0-9+/_-]*={0,2}$/.test(v) ? { ok: v } : bad();
    case 'INT64': {
      const out = text === undefined ? undefined : normalizeInt64(text);
      return out === undefined ? bad() : { ok: out };
    }
    case 'NUMERIC':
    case 'BIGNUMERIC': {
      if (text === undefined) return bad();
      const out = normalizeDecimal(text, type);
      return 'ok' in out ? out : { error: out.error };
    }
    case 'FLOAT64': {
      if (typeof v === 'number') return { ok: v };
      if (text === undefined) return bad();
      if (/^[+-]?(inf|infinity)$/i.test(text)) return { ok: text.startsWith('-') ? -Infinity : Infinity };
      if (/^nan$/i.test(text)) return { ok: NaN };
      const n = Number(text);
      return text.trim() !== '' && Number.isFinite(n) ? { ok: n } : bad();
    }
    case 'BOOL':
      if (typeof v === 'boolean') return { ok: v };
      return typeof v === 'string' && /^(true|false)$/i.test(v) ? { ok: v.toLowerCase() === 'true' } : bad();
    case 'TIMESTAMP': {
      const micros = typeof v === 'string' ? parseTimestamp(v) : text !== undefined ? secondsToMicros(text) : undefined;
      return micros === undefined ? bad() : { ok: micros };
    }
    case 'DATE':
    case 'TIME':
    case 'DATETIME': {
      const parse = type === 'DATE' ? parseDate : type === 'TIME' ? parseTime : parseDatetime;
      const out = typeof v === 'string' ? parse(v) : undefined;
      return out === undefined ? bad() : { ok: out };
    }
    case 'JSON':
      if (typeof v === 'string') {
        try {
          return { ok: JSON.stringify(JSON.parse(v)) };
        } catch {
          return { error: `Invalid JSON value: ${v}` };
        }
      }
      return { ok: JSON.stringify(toPlainJson(v)) };
    case 'RECORD':
      return bad();
  }
}

/**
 * A JSON object as a stored row of `columns`. Unknown fields are an error unless `ignoreUnknown` (then dropped);
 * REQUIRED fields must be present; NULL for a REPEATED field is an empty array.
 */
export function coerceRow(columns: readonly Column[], input: JsonInput, ignoreUnknown: boolean, path = ''): { row: Row } | { error: ValueError } {
  if (input === null || typeof input !== 'object' || Array.isArray(input) || input instanceof JsonNumber) {
    return { error: { location: path, message: `Cannot convert value to record (bad value): ${show(input)}`, value: show(input) } };
  }
  const row: Row = new Array<Stored>(slotCount(columns)).fill(null);
  for (const [key, value] of Object.entries(input)) {
    const col = columnByName(columns, key);
    if (!col) {
      if (ignoreUnknown) continue;
      return { error: { location: `${path}${key}`, message: `no such field: ${key}.`, value: show(value) } };
    }
    const out = coerceValue(col, value, ignoreUnknown, `${path}${col.name}`);
    if ('error' in out) return out;
    row[col.index] = out.ok;
  }
  for (const col of columns) {
    if (col.mode === 'REQUIRED' && row[col.index] === null) return { error: { location: `${path}${col.name}`, message: `Missing required field: ${path}${col.name}.`, value: '' } };
    if (col.mode === 'REPEATED' && row[col.index] === null) row[col.index] = [];
  }
  return { row };
}

function coerceValue(col: Column, value: JsonInput, ignoreUnknown: boolean, location: string): { ok: Stored } | { error: ValueError } {
  if (value === null) return { ok: col.mode === 'REPEATED' ? [] : null };
  if (col.mode === 'REPEATED') {
    if (!Array.isArray(value)) return { error: { location, message: `Non-array value specified for repeated field: ${location}.`, value: show(value) } };
    const out: Stored[] = [];
    for (const element of value) {
      if (element === null) return { error: { location, message: `Repeated field ${location} must not contain NULL elements.`, value: 'null' } };
      const one = coerceOne(col, element, ignoreUnknown, location);
      if ('error' in one) return one;
      out.push(one.ok);
    }
    return { ok: out };
  }
  if (Array.isArray(value)) return { error: { location, message: `Array specified for non-repeated field: ${location}.`, value: show(value) } };
  return coerceOne(col, value, ignoreUnknown, location);
}

function coerceOne(col: Column, value: JsonInput, ignoreUnknown: boolean, location: string): { ok: Stored } | { error: ValueError } {
  if (col.type === 'RECORD') {
    const out = coerceRow(col.fields ?? [], value, ignoreUnknown, `${location}.`);
    return 'error' in out ? out : { ok: out.row };
  }
  const out = coerceScalar(col.type, value);
  return 'error' in out ? { error: { location, message: out.error, value: show(value) } } : out;
}

/** How TIMESTAMP cells are written (`formatOptions.useInt64Timestamp` / `timestampOutputFormat`, DataFormatOptions). */
export type TimestampFormat = 'int64' | 'float' | 'iso';

/** A scalar stored value as the REST `TableCell.v` string. */
export function scalarText(type: FieldType, v: Exclude<Stored, null | Stored[]>, ts: TimestampFormat): string {
  if (type === 'TIMESTAMP' && typeof v === 'bigint') return ts === 'int64' ? v.toString() : ts === 'iso' ? formatTimestamp(v) : formatTimestampSeconds(v);
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : String(v);
  return String(v);
}

/** One stored value as a REST `TableCell` value (`{f:[{v}]}` for RECORD, `[{v}]` for REPEATED, strings for scalars). */
export function renderValue(col: Column, v: Stored | undefined, ts: TimestampFormat): unknown {
  if (v === null || v === undefined) return null;
  if (col.mode === 'REPEATED' && Array.isArray(v)) return v.map((e) => ({ v: renderOne(col, e, ts) }));
  return renderOne(col, v, ts);
}

function renderOne(col: Column, v: Stored, ts: TimestampFormat): unknown {
  if (v === null) return null;
  if (col.type === 'RECORD' && Array.isArray(v)) return { f: (col.fields ?? []).map((f) => ({ v: renderValue(f, v[f.index], ts) })) };
  if (Array.isArray(v)) return null;
  return scalarText(col.type, v, ts);
}

/** A `TableRow` (`{f: [{v}]}`) of the given columns. */
export function renderRow(columns: readonly Column[], row: Row, ts: TimestampFormat): { f: Array<{ v: unknown }> } {
  return { f: columns.map((c) => ({ v: renderValue(c, row[c.index], ts) })) };
}

/** Value of the test helpers' `rows()`: strings for INT64/NUMERIC/dates, numbers for FLOAT64, ISO text for TIMESTAMP, parsed JSON. */
export type PlainValue = null | string | number | boolean | PlainValue[] | { [key: string]: PlainValue };

export function plainValue(col: Column, v: Stored | undefined): PlainValue {
  if (v === null || v === undefined) return col.mode === 'REPEATED' ? [] : null;
  if (col.mode === 'REPEATED' && Array.isArray(v)) return v.map((e) => plainOne(col, e));
  return plainOne(col, v);
}

function plainOne(col: Column, v: Stored): PlainValue {
  if (v === null) return null;
  if (col.type === 'RECORD' && Array.isArray(v)) return plainRow(col.fields ?? [], v);
  if (Array.isArray(v)) return null;
  if (typeof v === 'bigint') return formatTimestamp(v);
  if (col.type === 'JSON' && typeof v === 'string') return JSON.parse(v) as PlainValue;
  return v;
}

/** A stored row as a plain object keyed by column name. */
export function plainRow(columns: readonly Column[], row: Row): { [key: string]: PlainValue } {
  return Object.fromEntries(columns.map((c) => [c.name, plainValue(c, row[c.index])]));
}

/** Estimated logical bytes of a value (BigQuery's data size per type: 8 for INT64/FLOAT64/TIMESTAMP, 16 NUMERIC, 2 + length for STRING, …). */
export function storedBytes(col: Column, v: Stored | undefined): number {
  if (v === null || v === undefined) return 0;
  if (Array.isArray(v)) {
    if (col.type === 'RECORD' && col.mode !== 'REPEATED') return (col.fields ?? []).reduce((n, f) => n + storedBytes(f, v[f.index]), 0);
    return v.reduce<number>((n, e) => n + storedBytes({ ...col, mode: 'NULLABLE' }, e), 0);
  }
  switch (col.type) {
    case 'BOOL':
      return 1;
    case 'NUMERIC':
      return 16;
    case 'BIGNUMERIC':
      return 32;
    case 'STRING':
    case 'JSON':
    case 'BYTES':
    case 'GEOGRAPHY':
      return 2 + String(v).length;
    default:
      return 8;
  }
}
