/**
 * Compiled row converters: toExportRow's column walk (row-values.ts `recordValue`) turned, once per column tree, into
 * one closure per column, so that a row costs its values' conversions and nothing else: the generic paths of unknown
 * fields (`journalTransactionLines[].x`) are computed at compile time, an indexed field path (`lines[2].amount`) only
 * when a note or an error needs it, the known property names are a Set built once. Each value takes a fast path when
 * its form is the common one — a string for STRING / BYTES, a number whose shortest text is already NUMERIC text
 * (`toNumericText`'s own fast path), a safe integer for INT64, a boolean for BOOL, RFC 3339 UTC text for TIMESTAMP
 * (the last input and output remembered per column: lines repeat their header's instants) — and otherwise calls the
 * generic `scalarValue` with the same arguments, so values, notes, their order and every MappingError are the generic
 * conversion's (test/unit/mapping/bigquery-to-row.spec.ts runs the rules through toExportRow, which uses these).
 */
import { toTimestampText } from './bigquery-values';
import { columnValue, isPlainObject, scalarValue, sourcesOf, type BigQueryJsonValue, type Context } from './row-values';
import type { ExportColumn } from './table-schema';

/** Converts the listed properties of one DTO object (`path`: its indexed path, '' at the top) into `out`. */
export type RecordConverter = (value: Record<string, unknown>, path: string, ctx: Context) => { [key: string]: BigQueryJsonValue };

type ValueConverter = (value: unknown, path: string, ctx: Context) => BigQueryJsonValue;

const PLAIN_NUMERIC = /^-?\d{1,21}(?:\.\d{1,9})?$/;
const CANONICAL_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z$/;

/** One non-null value of `column` (scalar or RECORD); `field` is computed by the caller only when the generic path runs. */
function scalarConverter(column: ExportColumn, generic: string): (value: unknown, field: () => string, ctx: Context) => BigQueryJsonValue {
  const slow = (value: unknown, field: () => string, ctx: Context): BigQueryJsonValue => scalarValue(column, value, field(), generic, ctx);
  switch (column.type) {
    case 'STRING':
    case 'BYTES':
      return (value, field, ctx) => (typeof value === 'string' ? value : slow(value, field, ctx));
    case 'NUMERIC':
    case 'BIGNUMERIC':
      return (value, field, ctx) => {
        if (typeof value === 'number') {
          const text = String(value);
          if (PLAIN_NUMERIC.test(text)) return text;
        }
        return slow(value, field, ctx);
      };
    case 'INT64':
      return (value, field, ctx) => (typeof value === 'number' && Number.isSafeInteger(value) ? String(value === 0 ? 0 : value) : slow(value, field, ctx));
    case 'BOOL':
      return (value, field, ctx) => (typeof value === 'boolean' ? value : slow(value, field, ctx));
    case 'TIMESTAMP': {
      let lastIn: string | undefined;
      let lastOut = '';
      return (value, field, ctx) => {
        if (typeof value !== 'string') return slow(value, field, ctx);
        if (value === lastIn) return lastOut;
        if (!CANONICAL_UTC.test(value)) return slow(value, field, ctx);
        let out: string;
        try {
          out = toTimestampText(value, '');
        } catch {
          return slow(value, field, ctx); // the same error, naming the field
        }
        lastIn = value;
        lastOut = out;
        return out;
      };
    }
    case 'RECORD': {
      const record = compileRecordConverter(column.columns, `${generic}.`);
      return (value, field, ctx) => (isPlainObject(value) ? record(value, field(), ctx) : slow(value, field, ctx));
    }
    default:
      return slow;
  }
}

/** A column's value with its mode (null → null; REPEATED: `[]` for null, null elements dropped with a note). */
function columnConverter(column: ExportColumn, generic: string): ValueConverter {
  const source = column.source;
  if (column.mode !== 'REPEATED') {
    const one = scalarConverter(column, generic);
    return (value, prefix, ctx) => (value === null ? null : one(value, () => prefix + source, ctx));
  }
  const one = scalarConverter(column, `${generic}[]`);
  return (value, prefix, ctx) => {
    if (value === null || value === undefined) return [];
    const field = prefix + source;
    // Not an array: the generic conversion throws the REPEATED column's error.
    if (!Array.isArray(value)) return columnValue(column, value, field, generic, ctx); // throws the REPEATED column's error
    const items: BigQueryJsonValue[] = [];
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i];
      if (item === null || item === undefined) ctx.notes.push({ code: 'null-array-element-dropped', field: `${field}[${i}]` });
      else items.push(one(item, () => `${field}[${i}]`, ctx));
    }
    return items;
  };
}

const COMPILED = new WeakMap<readonly ExportColumn[], Map<string, RecordConverter>>();

/**
 * The compiled converter of a column list at the generic path prefix `genericPrefix` (cached per list and prefix):
 * `convert(dto, path, ctx)` equals row-values.ts `recordValue(columns, dto, path, genericPrefix, ctx)`.
 */
export function compileRecordConverter(columns: readonly ExportColumn[], genericPrefix: string): RecordConverter {
  let byPrefix = COMPILED.get(columns);
  if (!byPrefix) {
    byPrefix = new Map();
    COMPILED.set(columns, byPrefix);
  }
  const known = byPrefix.get(genericPrefix);
  if (known) return known;
  const parts = columns.map((c) => ({ source: c.source, name: c.name, repeated: c.mode === 'REPEATED', convert: columnConverter(c, genericPrefix + c.source) }));
  const sources = sourcesOf(columns);
  const convert: RecordConverter = (value, path, ctx) => {
    const out: { [key: string]: BigQueryJsonValue } = {};
    const prefix = path ? `${path}.` : '';
    for (const part of parts) {
      const v = value[part.source];
      if (v === undefined) {
        if (part.repeated) out[part.name] = [];
        continue;
      }
      out[part.name] = part.convert(v, prefix, ctx);
    }
    for (const key in value) {
      if (!Object.prototype.hasOwnProperty.call(value, key) || sources.has(key) || value[key] === undefined || ctx.excluded.includes(key)) continue;
      const generic = genericPrefix + key;
      if (!ctx.unknown.includes(generic)) ctx.unknown.push(generic);
    }
    return out;
  };
  byPrefix.set(genericPrefix, convert);
  return convert;
}
