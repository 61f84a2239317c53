import { assignColumnNames } from './column-name';
import { exportEntity, type ExportEntity, type ExportEntityId } from './export-entities';
import { resolveSchema, VISMA_EXPORT_SCHEMAS, type JsonSchemaNode, type SchemaDocument } from './visma-export-schemas';

/**
 * Column types the export writes (standard SQL names of `TableFieldSchema.type`, bigquery.v2 discovery document).
 * FLOAT64 is deliberately absent: every JSON Schema `number` becomes NUMERIC, money is never a binary float.
 */
export type BigQueryColumnType = 'STRING' | 'BYTES' | 'INT64' | 'NUMERIC' | 'BIGNUMERIC' | 'BOOL' | 'TIMESTAMP' | 'DATE' | 'JSON' | 'RECORD';

/** `TableFieldSchema.mode`: "NULLABLE, REQUIRED and REPEATED. The default value is NULLABLE." */
export type BigQueryFieldMode = 'NULLABLE' | 'REQUIRED' | 'REPEATED';

/**
 * The part of BigQuery's `TableFieldSchema` (bigquery.v2 discovery document) the export reads and writes. `type` and
 * `mode` are plain strings because a schema read back from BigQuery may use the legacy names (`INTEGER`, `FLOAT`,
 * `BOOLEAN`, `STRUCT`) and may omit `mode`.
 */
export type TableFieldSchema = {
  readonly name: string;
  readonly type: string;
  readonly mode?: string;
  /** "The maximum length is 1,024 characters." */
  readonly description?: string;
  readonly fields?: readonly TableFieldSchema[];
};

/**
 * One derived column and the DTO property it comes from: `source` is the JSON property name, `name` the (sanitised)
 * column name, `columns` the nested columns of a RECORD (empty otherwise). Row conversion walks this tree.
 */
export type ExportColumn = {
  readonly source: string;
  readonly name: string;
  readonly type: BigQueryColumnType;
  readonly mode: 'NULLABLE' | 'REPEATED';
  readonly description?: string;
  readonly columns: readonly ExportColumn[];
};

/**
 * An entity's derived table: the column tree (DTO fields), the BigQuery schema (columns + provenance), and the DTO
 * property names left out on purpose (`excludedFields`, dropped by row conversion without reporting).
 */
export type ExportTable = {
  readonly entity: ExportEntity;
  readonly columns: readonly ExportColumn[];
  readonly excludedFields: readonly string[];
  readonly fields: readonly TableFieldSchema[];
};

/**
 * - `maxRecordDepth`: deepest RECORD nesting level (a top-level RECORD is level 1). BigQuery allows at most 15 levels
 *   of nested RECORD/STRUCT columns (BigQuery docs on nested and repeated columns; not in the discovery document); a
 *   sub-object that would be deeper — only a recursive schema gets there — becomes one JSON column holding the object
 *   as sent (in an NDJSON load a JSON column takes the JSON value itself). Default 15.
 * - `excludeFields`: DTO property names without a column, at every level (default `EXCLUDED_DTO_FIELDS`).
 */
export type DeriveOptions = { readonly maxRecordDepth?: number; readonly excludeFields?: readonly string[] };

/** BigQuery's limit on RECORD nesting, the default `maxRecordDepth`. */
export const DEFAULT_MAX_RECORD_DEPTH = 15;

/**
 * DTO properties that get no column, at any RECORD level: `metadata` (`MetadataDto {totalCount, maxPageSize}`, also
 * inside nested DTOs such as a journal line's `SubAccountDto`) describes a response page, not the record. Row
 * conversion drops them without reporting.
 */
export const EXCLUDED_DTO_FIELDS: readonly string[] = ['metadata'];

/** Names of the provenance columns appended to every export table. */
export const PROVENANCE_COLUMNS = {
  batchId: '_export_batch_id',
  extractedAt: '_extracted_at',
  sourceLastModified: '_source_last_modified',
} as const;

/**
 * Provenance columns, appended after the DTO columns: the export batch that wrote the row, when the record was read
 * from Visma, and the record's own last-modified instant (null for an entity without one).
 */
export const PROVENANCE_FIELDS: readonly TableFieldSchema[] = [
  { name: PROVENANCE_COLUMNS.batchId, type: 'STRING', mode: 'REQUIRED', description: 'Export batch that wrote this row.' },
  { name: PROVENANCE_COLUMNS.extractedAt, type: 'TIMESTAMP', mode: 'REQUIRED', description: 'When the record was read from Visma.net (UTC).' },
  { name: PROVENANCE_COLUMNS.sourceLastModified, type: 'TIMESTAMP', mode: 'NULLABLE', description: "The record's last-modified instant in Visma.net (UTC)." },
];

const MAX_DESCRIPTION = 1024;
const ENTITIES: Readonly<Record<string, string>> = { '&gt;': '>', '&lt;': '<', '&amp;': '&', '&quot;': '"', '&#39;': "'" };

/** Visma descriptions carry HTML entities ("The top part &gt; Type"); decoded, whitespace-collapsed, cut to 1,024. */
function cleanDescription(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const plain = text.replace(/&(gt|lt|amp|quot|#39);/g, (m) => ENTITIES[m] ?? m).replace(/\s+/g, ' ').trim();
  return plain ? plain.slice(0, MAX_DESCRIPTION) : undefined;
}

/** Follows `$ref`s and merges `allOf` parts into one node (properties of later parts win). */
function resolve(node: JsonSchemaNode, document: SchemaDocument, seen: readonly string[] = []): JsonSchemaNode {
  if (node.$ref !== undefined) {
    if (seen.includes(node.$ref)) return {}; // a $ref chain that only points at itself: no shape (JSON column)
    const target = resolve(resolveSchema(document, node.$ref), document, [...seen, node.$ref]);
    return node.description !== undefined ? { ...target, description: node.description } : target;
  }
  if (node.allOf === undefined) return node;
  const parts = node.allOf.map((part) => resolve(part, document, seen));
  const properties = Object.assign({}, ...parts.map((p) => p.properties ?? {}), node.properties ?? {}) as Record<string, JsonSchemaNode>;
  const description = node.description ?? parts.find((p) => p.description !== undefined)?.description;
  return { type: 'object', properties, ...(description !== undefined ? { description } : {}) };
}

type Shape = { type: BigQueryColumnType; repeated: boolean; columns: readonly ExportColumn[]; note?: string };

/** The column shape of one schema node at RECORD nesting level `level` (1 = a top-level column's record). */
function shapeOf(node: JsonSchemaNode, document: SchemaDocument, level: number, maxDepth: number, exclude: readonly string[]): Shape {
  const scalar = (type: BigQueryColumnType): Shape => ({ type, repeated: false, columns: [] });
  if (node.oneOf !== undefined || node.anyOf !== undefined) return { ...scalar('JSON'), note: 'one of several shapes, stored as JSON' };
  const type = node.type ?? (node.properties !== undefined ? 'object' : undefined);
  switch (type) {
    case 'string':
      if (node.format === 'date-time') return scalar('TIMESTAMP');
      if (node.format === 'date') return scalar('DATE');
      return scalar('STRING'); // enums, uuid, byte (Visma's base64 timeStamp is kept as the text sent)
    case 'integer':
      return scalar('INT64');
    case 'number':
      return scalar('NUMERIC');
    case 'boolean':
      return scalar('BOOL');
    case 'array': {
      const items = resolve(node.items ?? {}, document);
      if (items.type === 'array') return { ...scalar('JSON'), note: 'array of arrays, stored as JSON' };
      const element = shapeOf(items, document, level, maxDepth, exclude);
      return { ...element, repeated: true };
    }
    case 'object': {
      const properties = node.properties ?? {};
      if (Object.keys(properties).length === 0) return { ...scalar('JSON'), note: 'free-form object, stored as JSON' };
      if (level > maxDepth) return { ...scalar('JSON'), note: `nested deeper than ${maxDepth} RECORD levels, stored as JSON` };
      return { type: 'RECORD', repeated: false, columns: columnsOf(properties, document, level + 1, maxDepth, exclude, []) };
    }
    default:
      return { ...scalar('JSON'), note: 'no declared type, stored as JSON' };
  }
}

function columnsOf(
  properties: Readonly<Record<string, JsonSchemaNode>>,
  document: SchemaDocument,
  level: number,
  maxDepth: number,
  exclude: readonly string[],
  reservedNames: readonly string[],
): ExportColumn[] {
  const sources = Object.keys(properties).filter((p) => !exclude.includes(p));
  const names = assignColumnNames(sources, reservedNames);
  return sources.map((source, i) => {
    const node = resolve(properties[source] ?? {}, document);
    const shape = shapeOf(node, document, level, maxDepth, exclude);
    const description = [cleanDescription(node.description), shape.note !== undefined ? `(${shape.note})` : undefined].filter(Boolean).join(' ');
    return {
      source,
      name: names[i] ?? source,
      type: shape.type,
      mode: shape.repeated ? 'REPEATED' : 'NULLABLE',
      ...(description ? { description: description.slice(0, MAX_DESCRIPTION) } : {}),
      columns: shape.columns,
    };
  });
}

/**
 * A DTO schema (a node, or a schema name of `document`) → the column tree of its properties, in property order.
 * Rules (OpenAPI 3.0 types → BigQuery standard SQL types):
 * string → STRING; string `date-time` → TIMESTAMP; string `date` → DATE; enum → STRING; integer (int32/int64) → INT64;
 * number (double) → NUMERIC (scale 9, 29 integer digits: every Visma amount, quantity and rate fits, see to-row.ts);
 * boolean → BOOL; object with properties → RECORD; array → REPEATED of its element; array of arrays, free-form objects,
 * oneOf/anyOf and RECORDs deeper than `maxRecordDepth` → JSON. `$ref`s are followed, `allOf` parts merged.
 * Every column is NULLABLE or REPEATED: Visma's spec marks no field `required` (specs README).
 * Names: `assignColumnNames` per RECORD level; top-level names never take a provenance column's name.
 */
export function deriveColumns(schema: JsonSchemaNode | string, document: SchemaDocument = VISMA_EXPORT_SCHEMAS, options: DeriveOptions = {}): ExportColumn[] {
  const root = resolve(typeof schema === 'string' ? resolveSchema(document, schema) : schema, document);
  const maxDepth = options.maxRecordDepth ?? DEFAULT_MAX_RECORD_DEPTH;
  return columnsOf(root.properties ?? {}, document, 1, maxDepth, options.excludeFields ?? EXCLUDED_DTO_FIELDS, Object.values(PROVENANCE_COLUMNS));
}

/** Column tree → `TableFieldSchema[]` (no provenance). */
export function columnsToFields(columns: readonly ExportColumn[]): TableFieldSchema[] {
  return columns.map((c) => ({
    name: c.name,
    type: c.type,
    mode: c.mode,
    ...(c.description !== undefined ? { description: c.description } : {}),
    ...(c.type === 'RECORD' ? { fields: columnsToFields(c.columns) } : {}),
  }));
}

/** A DTO schema → the table's `TableFieldSchema[]`: the derived columns followed by `PROVENANCE_FIELDS`. */
export function deriveTableFields(schema: JsonSchemaNode | string, document: SchemaDocument = VISMA_EXPORT_SCHEMAS, options: DeriveOptions = {}): TableFieldSchema[] {
  return [...columnsToFields(deriveColumns(schema, document, options)), ...PROVENANCE_FIELDS];
}

/** The derived table of a catalogue entity (its `dtoSchema` in `document`, by default the committed schemas). */
export function deriveExportTable(entity: ExportEntity | ExportEntityId, document: SchemaDocument = VISMA_EXPORT_SCHEMAS, options: DeriveOptions = {}): ExportTable {
  const resolved = typeof entity === 'string' ? exportEntity(entity) : entity;
  const columns = deriveColumns(resolved.dtoSchema, document, options);
  return { entity: resolved, columns, excludedFields: options.excludeFields ?? EXCLUDED_DTO_FIELDS, fields: [...columnsToFields(columns), ...PROVENANCE_FIELDS] };
}
