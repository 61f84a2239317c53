import { MappingError } from '../mapping.error';
import { toDateText, toInt64Text, toNumericText, toTimestampText, plainNumberText } from './bigquery-values';
import { exportEntity, type ExportEntity, type ExportEntityId } from './export-entities';
import { PROVENANCE_COLUMNS, type ExportColumn, type ExportTable } from './table-schema';

/** A BigQuery row for an NDJSON load (or insertAll `json`): column name → JSON value. */
export type BigQueryRow = { [column: string]: BigQueryJsonValue };
export type BigQueryJsonValue = string | number | boolean | null | BigQueryJsonValue[] | { [key: string]: BigQueryJsonValue };

/** Provenance of a row: the export batch id and when the record was read (ISO 8601 instant, e.g. `…T10:00:00.000Z`). */
export type ExportProvenance = { readonly batchId: string; readonly extractedAt: string };

/**
 * Something the conversion changed or left out, with the indexed path of the value (`invoiceLines[2].amount`):
 * - `numeric-rounded`: a number had more than 9 fractional digits and was rounded to NUMERIC's scale;
 * - `null-array-element-dropped`: an array held a null, which a BigQuery ARRAY cannot.
 */
export type RowNote = { readonly code: 'numeric-rounded' | 'null-array-element-dropped'; readonly field: string };

/**
 * - `row`: columns of the schema, nested RECORDs as objects, REPEATED as arrays, plus the provenance columns.
 * - `unknownFields`: DTO properties without a column, dropped, as generic paths (`invoiceLines[].newField`), each once,
 *   in order of first appearance: what the next schema extraction should pick up.
 */
export type ExportRowResult = { readonly row: BigQueryRow; readonly unknownFields: readonly string[]; readonly notes: readonly RowNote[] };

type Context = { unknown: string[]; notes: RowNote[]; excluded: readonly string[] };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)?.slice(0, 40) ?? ''}`;
}

/** Any JSON value copied for a JSON column (undefined members dropped, as JSON.stringify would). */
function jsonCopy(value: unknown, field: string): BigQueryJsonValue {
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
function scalarValue(column: ExportColumn, value: unknown, field: string, generic: string, ctx: Context): BigQueryJsonValue {
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

function columnValue(column: ExportColumn, value: unknown, field: string, generic: string, ctx: Context): BigQueryJsonValue {
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

function sourcesOf(columns: readonly ExportColumn[]): ReadonlySet<string> {
  let sources = SOURCES.get(columns);
  if (!sources) {
    sources = new Set(columns.map((c) => c.source));
    SOURCES.set(columns, sources);
  }
  return sources;
}

/** Converts the properties of `value` listed in `columns`; the rest are unknown (except `ctx.excluded`). */
function recordValue(columns: readonly ExportColumn[], value: Record<string, unknown>, path: string, genericPrefix: string, ctx: Context): { [key: string]: BigQueryJsonValue } {
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

/** `toTimestampText` output with the fraction padded to 6 digits, so that text order is time order. */
function sortableInstant(text: string): string {
  const bare = text.slice(0, -1);
  return (bare.includes('.') ? bare : `${bare}.`).padEnd(26, '0');
}

function entityOf(entity: ExportEntity | ExportEntityId): ExportEntity {
  return typeof entity === 'string' ? exportEntity(entity) : entity;
}

/** One part of a record key: the DTO field and its value as text. */
export type RecordKeyPart = { readonly field: string; readonly value: string };
/** A record's key: its parts in catalogue order and `id`, the parts' values URI-encoded and joined by `/` (unambiguous). */
export type RecordKey = { readonly parts: readonly RecordKeyPart[]; readonly id: string };

/**
 * The key of a Visma record (catalogue `key` fields), e.g. `{documentType: 'Invoice', referenceNumber: '000123'}` →
 * id `Invoice/000123`. Strings are kept as sent (trimmed only for the emptiness check); integers are allowed.
 * @throws MappingError `missing-field` naming the key field when it is absent, null or blank; `invalid-field` when it is
 *   not a string or integer.
 */
export function recordKey(entity: ExportEntity | ExportEntityId, dto: unknown): RecordKey {
  const e = entityOf(entity);
  if (!isPlainObject(dto)) throw new MappingError('invalid-field', e.id, `a ${e.dtoSchema} must be an object, got ${describe(dto)}`);
  const parts = e.key.map((field): RecordKeyPart => {
    const value = dto[field];
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      throw new MappingError('missing-field', field, `is the record key of ${e.id} (${e.dtoSchema}) and is missing`);
    }
    if (typeof value === 'string') return { field, value };
    if (typeof value === 'number' && Number.isSafeInteger(value)) return { field, value: String(value) };
    throw new MappingError('invalid-field', field, `is the record key of ${e.id} and must be a string or an integer, got ${describe(value)}`);
  });
  return { parts, id: parts.map((p) => encodeURIComponent(p.value)).join('/') };
}

/**
 * The record's last-modified instant as RFC 3339 UTC text (`toTimestampText`: offset-less text read as UTC), or null
 * when the entity has none (`lastModified: null`) or, for `latest-of-items`, no item carries one (a dimension without
 * segments). `latest-of-items` takes the latest instant of the items' field.
 * @throws MappingError `missing-field` naming the field when a `field` source is absent or null; `invalid-field` when the
 *   value is not a date-time.
 */
export function lastModified(entity: ExportEntity | ExportEntityId, dto: unknown): string | null {
  const e = entityOf(entity);
  const source = e.lastModified;
  if (source === null) return null;
  if (!isPlainObject(dto)) throw new MappingError('invalid-field', e.id, `a ${e.dtoSchema} must be an object, got ${describe(dto)}`);
  if (source.kind === 'field') {
    const value = dto[source.field];
    if (value === undefined || value === null || value === '') throw new MappingError('missing-field', source.field, `is the last-modified field of ${e.id} (${e.dtoSchema}) and is missing`);
    if (typeof value !== 'string') throw new MappingError('invalid-field', source.field, `must be a date-time string, got ${describe(value)}`);
    return toTimestampText(value, source.field);
  }
  const items = dto[source.items];
  if (items === undefined || items === null) return null;
  if (!Array.isArray(items)) throw new MappingError('invalid-field', source.items, `must be an array, got ${describe(items)}`);
  let latest: string | null = null;
  items.forEach((item: unknown, i) => {
    const value = isPlainObject(item) ? item[source.field] : undefined;
    if (value === undefined || value === null || value === '') return;
    if (typeof value !== 'string') throw new MappingError('invalid-field', `${source.items}[${i}].${source.field}`, `must be a date-time string, got ${describe(value)}`);
    const instant = toTimestampText(value, `${source.items}[${i}].${source.field}`);
    if (latest === null || sortableInstant(instant) > sortableInstant(latest)) latest = instant;
  });
  return latest;
}

/**
 * One Visma DTO (parsed JSON) → one BigQuery row of `table` (from `deriveExportTable`).
 * - NUMERIC: decimal text (`toNumericText`: shortest round-trip digits, no exponent, rounded past 9 decimals with a
 *   note); INT64: integer text; TIMESTAMP: RFC 3339 UTC (`toTimestampText`: offset-less = UTC); DATE: `YYYY-MM-DD`;
 *   STRING: as sent (a number or boolean becomes its text); JSON: the value as sent.
 * - null stays null; an absent property is left out of the row (NULL on load), except REPEATED columns, which are
 *   always an array (`[]` for absent or null; null elements are dropped with a note).
 * - Properties without a column are dropped and listed in `unknownFields`; `table.excludedFields` (by default the page
 *   `metadata`, at any level) are dropped silently.
 * - Provenance: `_export_batch_id` = `provenance.batchId`, `_extracted_at` = `provenance.extractedAt` as RFC 3339 UTC,
 *   `_source_last_modified` = `lastModified(entity, dto)`.
 * @throws MappingError naming the field (indexed path) when a value does not fit its column (wrong JSON type, NaN,
 *   a decimal outside NUMERIC, an integer beyond 2^53, an invalid date-time), when `dto` is not an object, or when
 *   `batchId` is blank / `extractedAt` has no offset.
 */
export function toExportRow(table: ExportTable, dto: unknown, provenance: ExportProvenance): ExportRowResult {
  const entity = table.entity;
  if (!isPlainObject(dto)) throw new MappingError('invalid-field', entity.id, `a ${entity.dtoSchema} must be an object, got ${describe(dto)}`);
  if (provenance.batchId.trim() === '') throw new MappingError('missing-field', 'batchId', 'the export batch id is required');
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(provenance.extractedAt.trim())) {
    throw new MappingError('invalid-field', 'extractedAt', `"${provenance.extractedAt}" must be an ISO 8601 instant with Z or an offset`);
  }
  const ctx: Context = { unknown: [], notes: [], excluded: table.excludedFields };
  const row: BigQueryRow = recordValue(table.columns, dto, '', '', ctx);
  row[PROVENANCE_COLUMNS.batchId] = provenance.batchId;
  row[PROVENANCE_COLUMNS.extractedAt] = toTimestampText(provenance.extractedAt, 'extractedAt');
  row[PROVENANCE_COLUMNS.sourceLastModified] = lastModified(entity, dto);
  return { row, unknownFields: ctx.unknown, notes: ctx.notes };
}
