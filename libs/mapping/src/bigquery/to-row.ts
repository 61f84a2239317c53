import { MappingError } from '../mapping.error';
import { toTimestampText } from './bigquery-values';
import { exportEntity, type ExportEntity, type ExportEntityId } from './export-entities';
import { compileRecordConverter } from './row-converter';
import { describe, isPlainObject, type BigQueryRow, type Context, type RowNote } from './row-values';
import { PROVENANCE_COLUMNS, type ExportTable } from './table-schema';

export type { BigQueryJsonValue, BigQueryRow, RowNote } from './row-values';

/** Provenance of a row: the export batch id and when the record was read (ISO 8601 instant, e.g. `…T10:00:00.000Z`). */
export type ExportProvenance = { readonly batchId: string; readonly extractedAt: string };


/**
 * - `row`: columns of the schema, nested RECORDs as objects, REPEATED as arrays, plus the provenance columns.
 * - `unknownFields`: DTO properties without a column, dropped, as generic paths (`invoiceLines[].newField`), each once,
 *   in order of first appearance: what the next schema extraction should pick up.
 */
export type ExportRowResult = { readonly row: BigQueryRow; readonly unknownFields: readonly string[]; readonly notes: readonly RowNote[] };

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

/** Checked provenance objects and their `_extracted_at` text (a batch converts all its rows with one object). */
const PROVENANCE = new WeakMap<ExportProvenance, string>();

/** The provenance's `_extracted_at` text, after checking it (toExportRow's @throws). */
function provenanceInstant(provenance: ExportProvenance): string {
  const known = PROVENANCE.get(provenance);
  if (known !== undefined) return known;
  if (provenance.batchId.trim() === '') throw new MappingError('missing-field', 'batchId', 'the export batch id is required');
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(provenance.extractedAt.trim())) {
    throw new MappingError('invalid-field', 'extractedAt', `"${provenance.extractedAt}" must be an ISO 8601 instant with Z or an offset`);
  }
  const text = toTimestampText(provenance.extractedAt, 'extractedAt');
  // Only a frozen object cannot change after the check; others are checked each time.
  if (Object.isFrozen(provenance)) PROVENANCE.set(provenance, text);
  return text;
}

/**
 * One Visma DTO (parsed JSON) → one BigQuery row of `table` (from `deriveExportTable`), through the table's compiled
 * converter (row-converter.ts: the rules below, without per-field overhead).
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
  const extractedAt = provenanceInstant(provenance);
  const ctx: Context = { unknown: [], notes: [], excluded: table.excludedFields };
  const row: BigQueryRow = compileRecordConverter(table.columns, '')(dto, '', ctx);
  row[PROVENANCE_COLUMNS.batchId] = provenance.batchId;
  row[PROVENANCE_COLUMNS.extractedAt] = extractedAt;
  row[PROVENANCE_COLUMNS.sourceLastModified] = lastModified(entity, dto);
  return { row, unknownFields: ctx.unknown, notes: ctx.notes };
}
