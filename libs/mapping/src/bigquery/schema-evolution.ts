import type { TableFieldSchema } from './table-schema';

/**
 * Schema evolution of an existing export table. BigQuery lets `tables.patch`/`tables.update` (bigquery.v2 discovery
 * document, and the "Modifying table schemas" docs) add NULLABLE or REPEATED columns — nested ones too — and relax
 * REQUIRED to NULLABLE; it does not allow adding a REQUIRED column to a table, dropping, renaming or retyping a column
 * in place. So the merge never drops or retypes: a conflict keeps the old column and is reported.
 */

/** One change the merged schema makes to the existing one; `path` is dotted (`invoiceLines.discountAmount`). */
export type SchemaChange =
  | { readonly kind: 'add-column'; readonly path: string; readonly field: TableFieldSchema }
  | { readonly kind: 'relax-mode'; readonly path: string; readonly from: 'REQUIRED'; readonly to: 'NULLABLE' };

/**
 * Why part of the desired schema could not be applied (the existing column is kept as it is):
 * - `type-conflict`: same name (ignoring case), another type;
 * - `mode-conflict`: one side REPEATED, the other not;
 * - `required-added-as-nullable`: a new REQUIRED column, added as NULLABLE (BigQuery rejects new REQUIRED columns).
 */
export type SchemaProblem = {
  readonly code: 'type-conflict' | 'mode-conflict' | 'required-added-as-nullable';
  readonly path: string;
  readonly existing: string;
  readonly desired: string;
  readonly message: string;
};

/** Result: `fields` is what to send to `tables.patch`; `isChanged` false means nothing to send. */
export type SchemaEvolution = {
  readonly fields: readonly TableFieldSchema[];
  readonly changes: readonly SchemaChange[];
  readonly problems: readonly SchemaProblem[];
  readonly isChanged: boolean;
};

/** Legacy SQL type names as BigQuery returns them → standard SQL names (`TableFieldSchema.type` lists both). */
const TYPE_ALIASES: Readonly<Record<string, string>> = { INTEGER: 'INT64', FLOAT: 'FLOAT64', BOOLEAN: 'BOOL', STRUCT: 'RECORD' };

/** The standard SQL name of a type (`INTEGER` → `INT64`, `struct` → `RECORD`). */
export function normalizeFieldType(type: string): string {
  const upper = type.toUpperCase();
  return TYPE_ALIASES[upper] ?? upper;
}

/** The mode of a field, defaulting as BigQuery does ("The default value is NULLABLE"). */
export function normalizeFieldMode(mode: string | undefined): 'NULLABLE' | 'REQUIRED' | 'REPEATED' {
  const upper = (mode ?? 'NULLABLE').toUpperCase();
  return upper === 'REQUIRED' || upper === 'REPEATED' ? upper : 'NULLABLE';
}

function asNewField(field: TableFieldSchema, path: string, problems: SchemaProblem[]): TableFieldSchema {
  const mode = normalizeFieldMode(field.mode);
  if (mode === 'REQUIRED') {
    problems.push({ code: 'required-added-as-nullable', path, existing: '(none)', desired: 'REQUIRED', message: `${path} is new: added as NULLABLE, BigQuery cannot add a REQUIRED column to a table` });
  }
  const fields = field.fields?.map((f) => asNewField(f, `${path}.${f.name}`, problems));
  return { ...field, mode: mode === 'REQUIRED' ? 'NULLABLE' : mode, ...(fields !== undefined ? { fields } : {}) };
}

function mergeLevel(existing: readonly TableFieldSchema[], desired: readonly TableFieldSchema[], prefix: string, changes: SchemaChange[], problems: SchemaProblem[]): TableFieldSchema[] {
  const merged = existing.map((old) => {
    const path = prefix + old.name;
    const wanted = desired.find((d) => d.name.toLowerCase() === old.name.toLowerCase());
    if (!wanted) return old;
    const [oldType, newType] = [normalizeFieldType(old.type), normalizeFieldType(wanted.type)];
    const [oldMode, newMode] = [normalizeFieldMode(old.mode), normalizeFieldMode(wanted.mode)];
    if (oldType !== newType) {
      problems.push({ code: 'type-conflict', path, existing: oldType, desired: newType, message: `${path} is ${oldType} in the table but ${newType} in the DTO: the column is kept as ${oldType}` });
      return old;
    }
    if ((oldMode === 'REPEATED') !== (newMode === 'REPEATED')) {
      problems.push({ code: 'mode-conflict', path, existing: oldMode, desired: newMode, message: `${path} is ${oldMode} in the table but ${newMode} in the DTO: the column is kept as ${oldMode}` });
      return old;
    }
    let result: TableFieldSchema = old;
    if (oldMode === 'REQUIRED' && newMode === 'NULLABLE') {
      changes.push({ kind: 'relax-mode', path, from: 'REQUIRED', to: 'NULLABLE' });
      result = { ...result, mode: 'NULLABLE' };
    }
    if (oldType === 'RECORD') {
      const before = changes.length;
      const fields = mergeLevel(old.fields ?? [], wanted.fields ?? [], `${path}.`, changes, problems);
      if (changes.length > before) result = { ...result, fields };
    }
    return result;
  });
  for (const wanted of desired) {
    const isPresent = existing.some((old) => old.name.toLowerCase() === wanted.name.toLowerCase());
    if (isPresent || merged.some((m) => m.name.toLowerCase() === wanted.name.toLowerCase())) continue;
    const field = asNewField(wanted, prefix + wanted.name, problems);
    merged.push(field);
    changes.push({ kind: 'add-column', path: prefix + wanted.name, field });
  }
  return merged;
}

/**
 * Existing table schema + desired schema → merged schema and the changes, at every RECORD level.
 * - Every existing column stays, in its place, with its name, type and mode (names compared ignoring case, as BigQuery
 *   does); the only mode change is REQUIRED → NULLABLE when the desired schema says NULLABLE.
 * - Desired columns missing from the table are appended after the existing ones of their level, in desired order; a
 *   REQUIRED one is added as NULLABLE (reported).
 * - A type or REPEATED-mode conflict keeps the old column and is reported as a problem; the caller must not load rows
 *   of the desired shape into that column (the load would fail) until someone resolves it.
 * Existing columns the desired schema lacks are kept untouched (a field Visma stopped sending keeps its history).
 * Type names are compared in standard SQL form (`INTEGER` = `INT64`, `BOOLEAN` = `BOOL`, `STRUCT` = `RECORD`).
 */
export function evolveTableSchema(existing: readonly TableFieldSchema[], desired: readonly TableFieldSchema[]): SchemaEvolution {
  const changes: SchemaChange[] = [];
  const problems: SchemaProblem[] = [];
  const fields = mergeLevel(existing, desired, '', changes, problems);
  return { fields, changes, problems, isChanged: changes.length > 0 };
}
