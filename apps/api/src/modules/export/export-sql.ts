import { PROVENANCE_COLUMNS, type ExportTable } from '@mlc/mapping';

/**
 * The staging table of an entity's table for one export flow: `<table>__staging_<flow id without dashes, first 12>`.
 * Batches of one flow and entity run one after another, so one staging table per flow and entity is enough; two flows
 * writing into the same dataset never share one.
 */
export function stagingTableOf(table: ExportTable, flowId: string): string {
  return `${table.entity.tableName}__staging_${flowId.replace(/-/g, '').slice(0, 12)}`;
}

/** A backtick-quoted table path `project.dataset.table` (GoogleSQL quoted identifiers). */
function tablePath(projectId: string, datasetId: string, tableId: string): string {
  return `\`${projectId}.${datasetId}.${tableId}\``;
}

/** A backtick-quoted column name. */
function col(name: string): string {
  return `\`${name}\``;
}

/**
 * The MERGE that applies a loaded staging table to the entity table (GoogleSQL MERGE statement,
 * https://cloud.google.com/bigquery/docs/reference/standard-sql/dml-syntax#merge_statement):
 * matched on the record key's columns, a row is replaced only when the staged `_source_last_modified` is newer than the
 * stored one, and a key not in the table is inserted. Running it twice changes nothing the second time, which is what
 * makes a re-run after a crash harmless. The staging table holds each key once (the extraction writes a key once).
 * Columns are the staging table's (the derived schema); columns the entity table kept from older schemas stay as
 * they are on update and NULL on insert.
 */
export function buildMerge(projectId: string, datasetId: string, table: ExportTable, flowId: string): string {
  const keyColumns = table.entity.key.map((source) => {
    const column = table.columns.find((c) => c.source === source);
    if (!column) throw new Error(`the key field ${source} of ${table.entity.id} has no column`);
    return column.name;
  });
  const columns = table.fields.map((f) => f.name);
  const on = keyColumns.map((k) => `T.${col(k)} = S.${col(k)}`).join(' AND ');
  const ts = col(PROVENANCE_COLUMNS.sourceLastModified);
  const set = columns.map((c) => `${col(c)} = S.${col(c)}`).join(', ');
  return [
    `MERGE ${tablePath(projectId, datasetId, table.entity.tableName)} T`,
    `USING ${tablePath(projectId, datasetId, stagingTableOf(table, flowId))} S`,
    `ON ${on}`,
    `WHEN MATCHED AND S.${ts} > T.${ts} THEN UPDATE SET ${set}`,
    `WHEN NOT MATCHED THEN INSERT (${columns.map(col).join(', ')}) VALUES (${columns.map((c) => `S.${col(c)}`).join(', ')})`,
  ].join('\n');
}

/** `SELECT COUNT(*) AS row_count FROM` an entity table (the dashboard's row counts). */
export function countRows(projectId: string, datasetId: string, tableId: string): string {
  return `SELECT COUNT(*) AS row_count FROM ${tablePath(projectId, datasetId, tableId)}`;
}
