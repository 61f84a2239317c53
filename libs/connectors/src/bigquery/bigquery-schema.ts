/**
 * Extending a table's schema without ever dropping or retyping a column.
 *
 * `TableFieldSchema` (discovery doc): `name`, `type` (STRING, BYTES, INTEGER/INT64, FLOAT/FLOAT64, BOOLEAN/BOOL,
 * TIMESTAMP, DATE, TIME, DATETIME, GEOGRAPHY, NUMERIC, BIGNUMERIC, JSON, RECORD/STRUCT, RANGE), `mode` (NULLABLE,
 * REQUIRED, REPEATED; default NULLABLE), `fields` (the nested schema of a RECORD), `description`.
 * What `tables.patch` may change ("Modifying table schemas", cloud.google.com/bigquery/docs/managing-table-schemas):
 * add columns, and add nested fields to a RECORD, as NULLABLE or REPEATED — a new REQUIRED column cannot be added
 * to an existing table — and relax REQUIRED to NULLABLE. Renaming, retyping and dropping need a rewrite of the
 * table, so they are reported as conflicts and left alone. Column names compare case-insensitively, as BigQuery's do.
 * The type is structurally the same as libs/mapping's `TableFieldSchema`, so the exporter can pass that one here.
 */

/** The part of `TableFieldSchema` this connector reads and writes. Legacy type names are accepted. */
export type BigQueryTableFieldSchema = {
  readonly name: string;
  readonly type: string;
  readonly mode?: string;
  readonly description?: string;
  readonly fields?: readonly BigQueryTableFieldSchema[];
};

/** A field the wanted schema has and the table has not: `path` dotted (`address.city`). */
export type BigQuerySchemaAddition = { path: string; type: string; mode: string; wasRequired: boolean };

/** A difference `tables.patch` cannot apply: the table keeps its column. */
export type BigQuerySchemaConflict = { path: string; kind: 'type-differs' | 'mode-differs'; existing: string; wanted: string };

export type BigQuerySchemaMerge = {
  /** The table's fields in their order, with the additions appended (nested ones inside their RECORD). */
  fields: BigQueryTableFieldSchema[];
  added: BigQuerySchemaAddition[];
  conflicts: BigQuerySchemaConflict[];
};

const TYPE_ALIASES: Readonly<Record<string, string>> = { INTEGER: 'INT64', FLOAT: 'FLOAT64', BOOLEAN: 'BOOL', STRUCT: 'RECORD' };

/** The standard-SQL name of a field type (`INTEGER` → `INT64`, `STRUCT` → `RECORD`, …). */
export function canonicalFieldType(type: string): string {
  const t = type.toUpperCase();
  return TYPE_ALIASES[t] ?? t;
}

function modeOf(f: BigQueryTableFieldSchema): string {
  return (f.mode ?? 'NULLABLE').toUpperCase();
}

/**
 * Merges `wanted` into `existing`: new fields appended (REQUIRED ones added as NULLABLE), RECORDs merged recursively,
 * existing fields kept as they are even when `wanted` lacks them or types/modes differ (those are `conflicts`).
 */
export function mergeTableSchema(existing: readonly BigQueryTableFieldSchema[], wanted: readonly BigQueryTableFieldSchema[], prefix = ''): BigQuerySchemaMerge {
  const added: BigQuerySchemaAddition[] = [];
  const conflicts: BigQuerySchemaConflict[] = [];
  const fields: BigQueryTableFieldSchema[] = [...existing];
  for (const w of wanted) {
    const path = `${prefix}${w.name}`;
    const index = fields.findIndex((f) => f.name.toLowerCase() === w.name.toLowerCase());
    const have = index >= 0 ? fields[index] : undefined;
    if (!have) {
      const wasRequired = modeOf(w) === 'REQUIRED';
      const field = asAddable(w);
      fields.push(field);
      added.push({ path, type: canonicalFieldType(w.type), mode: modeOf(field), wasRequired });
      continue;
    }
    const haveType = canonicalFieldType(have.type);
    const wantType = canonicalFieldType(w.type);
    if (haveType !== wantType) {
      conflicts.push({ path, kind: 'type-differs', existing: haveType, wanted: wantType });
      continue;
    }
    if (modeOf(have) !== modeOf(w) && !(modeOf(have) === 'NULLABLE' && modeOf(w) === 'REQUIRED')) {
      conflicts.push({ path, kind: 'mode-differs', existing: modeOf(have), wanted: modeOf(w) });
    }
    if (haveType === 'RECORD' && w.fields) {
      const nested = mergeTableSchema(have.fields ?? [], w.fields, `${path}.`);
      added.push(...nested.added);
      conflicts.push(...nested.conflicts);
      if (nested.added.length > 0) fields[index] = { ...have, fields: nested.fields };
    }
  }
  return { fields, added, conflicts };
}

/** A field (and its nested fields) as it may be added to an existing table: REQUIRED becomes NULLABLE. */
function asAddable(f: BigQueryTableFieldSchema): BigQueryTableFieldSchema {
  const out: { -readonly [K in keyof BigQueryTableFieldSchema]: BigQueryTableFieldSchema[K] } = { ...f, mode: modeOf(f) === 'REQUIRED' ? 'NULLABLE' : modeOf(f) };
  if (f.fields) out.fields = f.fields.map(asAddable);
  return out;
}

/** Copies a schema into the mutable shape the client library's types want. */
export function toLibraryFields(fields: readonly BigQueryTableFieldSchema[]): { name: string; type: string; mode?: string; description?: string; fields?: ReturnType<typeof toLibraryFields> }[] {
  return fields.map((f) => {
    const out: { name: string; type: string; mode?: string; description?: string; fields?: ReturnType<typeof toLibraryFields> } = { name: f.name, type: f.type };
    if (f.mode !== undefined) out.mode = f.mode;
    if (f.description !== undefined) out.description = f.description;
    if (f.fields !== undefined) out.fields = toLibraryFields(f.fields);
    return out;
  });
}

/** Reads the fields of a table resource the API returned (`schema.fields`), dropping anything malformed. */
export function readTableFields(schema: unknown): BigQueryTableFieldSchema[] {
  const s = (typeof schema === 'object' && schema !== null ? schema : {}) as { fields?: unknown };
  if (!Array.isArray(s.fields)) return [];
  const out: BigQueryTableFieldSchema[] = [];
  for (const raw of s.fields as unknown[]) {
    const f = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    if (typeof f['name'] !== 'string' || typeof f['type'] !== 'string') continue;
    const field: { -readonly [K in keyof BigQueryTableFieldSchema]: BigQueryTableFieldSchema[K] } = { name: f['name'], type: f['type'] };
    if (typeof f['mode'] === 'string') field.mode = f['mode'];
    if (typeof f['description'] === 'string') field.description = f['description'];
    if (Array.isArray(f['fields'])) field.fields = readTableFields({ fields: f['fields'] });
    out.push(field);
  }
  return out;
}
