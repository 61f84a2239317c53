/**
 * The fast path of an NDJSON load (load.ts): each line's JSON object as a stored row of a schema, through a reader
 * compiled once per load from the columns (`compileRowReader`), with the row's logical bytes (`storedBytes`) summed on
 * the way. It takes only the inputs whose stored value it can produce without doubt — strings for STRING, canonical
 * decimal / integer strings for NUMERIC / INT64, `YYYY-MM-DDTHH:MM:SS[.f]Z` for TIMESTAMP, `YYYY-MM-DD` for DATE,
 * booleans for BOOL, objects for RECORD, arrays for REPEATED, exactly-cased column names — and answers `undefined`
 * for anything else, so that the caller runs the generic `coerceRow` (schema.ts), which gives the same row for every
 * input the fast path takes, and BigQuery's error for the rest. The rules are the generic ones (JobConfigurationLoad of
 * the discovery document; value forms in schema.ts `coerceScalar`); this file only saves the per-field work.
 *
 * Long STRING values are interned per reader (`internLimit` distinct values): repeated texts (descriptions, names,
 * subaccount segments) are stored once, so the simulator's heap grows by the row's distinct data only.
 */
import type { JsonInput } from './json-lossless';
import { slotCount, type Column, type Row, type Stored } from './schema';

/** A row and its logical bytes (the sum of `storedBytes` of its values). */
export type ReadRow = { row: Row; bytes: number };

type Reader = (v: JsonInput) => Stored | typeof MISS;
const MISS = Symbol('miss');

/** NUMERIC / BIGNUMERIC text already in canonical form (no `+`, no leading or trailing zeros, ≤ 9 fraction digits). */
const CANONICAL_NUMERIC = /^-?(?:0|[1-9]\d{0,28})(?:\.\d{0,8}[1-9])?$/;
/** INT64 text in canonical form that cannot overflow (≤ 18 digits). */
const CANONICAL_INT64 = /^-?(?:0|[1-9]\d{0,17})$/;
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?Z$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDay(y: number, m: number, d: number): boolean {
  if (y < 100 || m < 1 || m > 12 || d < 1) return false;
  const leap = m === 2 && (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0));
  return d <= (DAYS[m - 1] ?? 0) + (leap ? 1 : 0);
}

function isObject(v: JsonInput): v is { [key: string]: JsonInput } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

/** Reads scalars of one type (see the file header for what it takes); adds the value's bytes to `acc.bytes`. */
function scalarReader(col: Column, acc: { bytes: number }, intern: (s: string) => string): Reader {
  switch (col.type) {
    case 'STRING':
      return (v) => {
        if (typeof v !== 'string') return MISS;
        acc.bytes += 2 + v.length;
        return intern(v);
      };
    case 'NUMERIC':
      return (v) => {
        if (typeof v !== 'string' || !CANONICAL_NUMERIC.test(v) || v === '-0') return MISS;
        acc.bytes += 16;
        return v;
      };
    case 'INT64':
      return (v) => {
        if (typeof v !== 'string' || !CANONICAL_INT64.test(v) || v === '-0') return MISS;
        acc.bytes += 8;
        return v;
      };
    case 'BOOL':
      return (v) => {
        if (typeof v !== 'boolean') return MISS;
        acc.bytes += 1;
        return v;
      };
    case 'TIMESTAMP':
      return (v) => {
        if (typeof v !== 'string') return MISS;
        const m = ISO_INSTANT.exec(v);
        if (!m) return MISS;
        const y = Number(m[1]);
        const mo = Number(m[2]);
        const d = Number(m[3]);
        const h = Number(m[4]);
        const mi = Number(m[5]);
        const s = Number(m[6]);
        if (!validDay(y, mo, d) || h > 23 || mi > 59 || s > 59) return MISS;
        const frac = m[7] ?? '';
        acc.bytes += 8;
        const micros = frac === '' ? 0 : Number(frac.padEnd(6, '0'));
        const ms = Date.UTC(y, mo - 1, d, h, mi, s);
        const total = ms * 1000 + micros;
        return Number.isSafeInteger(total) ? BigInt(total) : BigInt(ms) * 1000n + BigInt(micros);
      };
    case 'DATE':
      return (v) => {
        if (typeof v !== 'string') return MISS;
        const m = ISO_DATE.exec(v);
        if (!m || !validDay(Number(m[1]), Number(m[2]), Number(m[3]))) return MISS;
        acc.bytes += 8;
        return v;
      };
    case 'RECORD': {
      const record = recordReader(col.fields ?? [], acc, intern);
      return (v) => (isObject(v) ? record(v) : MISS);
    }
    default:
      return () => MISS;
  }
}

/** A column's reader with its mode: NULL as NULL (REPEATED: `[]`), arrays element by element for REPEATED. */
function columnReader(col: Column, acc: { bytes: number }, intern: (s: string) => string): Reader {
  const one = scalarReader(col, acc, intern);
  if (col.mode !== 'REPEATED') return (v) => (v === null ? null : Array.isArray(v) ? MISS : one(v));
  return (v) => {
    if (v === null) return [];
    if (!Array.isArray(v)) return MISS;
    const out: Stored[] = new Array<Stored>(v.length);
    for (let i = 0; i < v.length; i += 1) {
      const e = v[i] as JsonInput;
      if (e === null) return MISS;
      const r = one(e);
      if (r === MISS) return MISS;
      out[i] = r;
    }
    return out;
  };
}

function recordReader(columns: readonly Column[], acc: { bytes: number }, intern: (s: string) => string): (input: { [key: string]: JsonInput }) => Row | typeof MISS {
  const width = slotCount(columns);
  const byName = new Map<string, { index: number; read: Reader }>(columns.map((c) => [c.name, { index: c.index, read: columnReader(c, acc, intern) }]));
  const required = columns.filter((c) => c.mode === 'REQUIRED').map((c) => c.index);
  const repeated = columns.filter((c) => c.mode === 'REPEATED').map((c) => c.index);
  return (input) => {
    const row: Row = new Array<Stored>(width).fill(null);
    for (const key in input) {
      const target = byName.get(key);
      if (target === undefined) return MISS;
      const value = target.read(input[key] as JsonInput);
      if (value === MISS) return MISS;
      row[target.index] = value;
    }
    for (const i of required) if (row[i] === null) return MISS;
    for (const i of repeated) if (row[i] === null) row[i] = [];
    return row;
  };
}

/**
 * Compiles the fast reader of `columns` (file header): `read(input)` is the stored row of a JSON object and its
 * logical bytes, or undefined when the generic `coerceRow` must decide (an unknown or differently cased field, a value
 * in another form, a bad value). Equal to `coerceRow(columns, input, ignoreUnknown)` with `storedBytes` summed,
 * whenever it answers.
 * @param internLimit distinct STRING values remembered for interning (default 65 536; 0 turns interning off)
 */
export function compileRowReader(columns: readonly Column[], internLimit = 65_536): (input: JsonInput) => ReadRow | undefined {
  const acc = { bytes: 0 };
  const seen = new Map<string, string>();
  const intern = internLimit <= 0
    ? (s: string): string => s
    : (s: string): string => {
        if (s.length < 12 || s.length > 200) return s;
        const known = seen.get(s);
        if (known !== undefined) return known;
        if (seen.size < internLimit) seen.set(s, s);
        return s;
      };
  const record = recordReader(columns, acc, intern);
  return (input) => {
    if (!isObject(input)) return undefined;
    acc.bytes = 0;
    const row = record(input);
    return row === MISS ? undefined : { row, bytes: acc.bytes };
  };
}
