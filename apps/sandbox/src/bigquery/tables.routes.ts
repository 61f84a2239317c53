/**
 * Datasets, tables and table data (discovery `resources.datasets`, `resources.tables`, `resources.tabledata`):
 * datasets.insert/get/list/delete, tables.insert/get/list/patch/update/delete, tabledata.list and
 * tabledata.insertAll (best-effort `insertId` de-duplication within a window of the sandbox clock,
 * `skipInvalidRows`, `ignoreUnknownValues`, `insertErrors`).
 */
import type { SandboxRequest, SandboxResponse } from '../core';
import { bqError, duplicate, invalid } from './errors';
import { parseJsonExact, type JsonInput } from './json-lossless';
import { tableBytes } from './table-cache';
import { coerceRow, compileSchema, evolveSchema, renderRow, renderSchema, type Row, type TimestampFormat } from './schema';
import type { BigQueryState, DatasetState, TableState } from './state';

export type TableSettings = { location: string; insertIdWindowMs: number; defaultPageRows: number; baseUrl: () => string };

const DATASET_ID = /^[A-Za-z0-9_]{1,1024}$/;
const TABLE_ID = /^[\p{L}\p{M}\p{N}\p{Pc}\p{Pd}\p{Zs}]{1,1024}$/u;
const bodyOf = (req: SandboxRequest): Record<string, unknown> => (typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {});
const p = (req: SandboxRequest, name: string): string => req.params[name] ?? '';

/** The `Dataset` resource. */
export function renderDataset(ds: DatasetState, settings: TableSettings): Record<string, unknown> {
  return {
    kind: 'bigquery#dataset',
    etag: Buffer.from(`${ds.datasetId}:${ds.version}`).toString('base64'),
    id: `${ds.projectId}:${ds.datasetId}`,
    selfLink: `${settings.baseUrl()}/bigquery/v2/projects/${ds.projectId}/datasets/${ds.datasetId}`,
    datasetReference: { datasetId: ds.datasetId, projectId: ds.projectId },
    ...ds.meta,
    location: ds.location,
    creationTime: String(ds.creationTime),
    lastModifiedTime: String(ds.lastModifiedTime),
    type: 'DEFAULT',
  };
}

/** The `Table` resource. */
export function renderTable(t: TableState, settings: TableSettings): Record<string, unknown> {
  const bytes = String(tableBytes(t));
  return {
    kind: 'bigquery#table',
    etag: Buffer.from(`${t.tableId}:${t.version}`).toString('base64'),
    id: `${t.projectId}:${t.datasetId}.${t.tableId}`,
    selfLink: `${settings.baseUrl()}/bigquery/v2/projects/${t.projectId}/datasets/${t.datasetId}/tables/${t.tableId}`,
    tableReference: { projectId: t.projectId, datasetId: t.datasetId, tableId: t.tableId },
    ...t.meta,
    schema: { fields: renderSchema(t.columns) },
    numBytes: bytes,
    numLongTermBytes: '0',
    numRows: String(t.rows.length),
    numTotalLogicalBytes: bytes,
    creationTime: String(t.creationTime),
    lastModifiedTime: String(t.lastModifiedTime),
    type: 'TABLE',
    location: settings.location,
  };
}

function tableMeta(body: Record<string, unknown>): Record<string, unknown> {
  const keep = ['description', 'friendlyName', 'labels', 'timePartitioning', 'clustering', 'expirationTime', 'rangePartitioning', 'requirePartitionFilter'];
  return Object.fromEntries(Object.entries(body).filter(([k]) => keep.includes(k)));
}

export function insertDataset(req: SandboxRequest, state: BigQueryState, settings: TableSettings): SandboxResponse {
  const body = bodyOf(req);
  const projectId = p(req, 'projectId');
  const ref = (body['datasetReference'] ?? {}) as { datasetId?: unknown; projectId?: unknown };
  const datasetId = ref.datasetId;
  if (typeof datasetId !== 'string' || !DATASET_ID.test(datasetId)) throw invalid(`Invalid dataset ID "${String(datasetId)}". Dataset IDs must be alphanumeric (plus underscores) and must be at most 1024 characters long.`);
  if (state.datasets.has(`${projectId}:${datasetId}`)) throw duplicate(`Dataset ${projectId}:${datasetId}`);
  const location = typeof body['location'] === 'string' ? body['location'] : settings.location;
  if (location.toUpperCase() !== settings.location.toUpperCase()) throw invalid(`Location ${location} is not simulated: this sandbox serves ${settings.location}`);
  const at = state.now();
  const meta = Object.fromEntries(Object.entries(body).filter(([k]) => ['description', 'friendlyName', 'labels', 'defaultTableExpirationMs'].includes(k)));
  const ds: DatasetState = { projectId, datasetId, location: settings.location, creationTime: at, lastModifiedTime: at, version: 1, meta, tables: new Map() };
  state.datasets.set(`${projectId}:${datasetId}`, ds);
  return { status: 200, body: renderDataset(ds, settings) };
}

export function listDatasets(req: SandboxRequest, state: BigQueryState): SandboxResponse {
  const projectId = p(req, 'projectId');
  const datasets = [...state.datasets.values()].filter((d) => d.projectId === projectId);
  return {
    status: 200,
    body: { kind: 'bigquery#datasetList', etag: 'sandbox', datasets: datasets.map((d) => ({ kind: 'bigquery#dataset', id: `${d.projectId}:${d.datasetId}`, datasetReference: { projectId, datasetId: d.datasetId }, location: d.location })) },
  };
}

export function deleteDataset(req: SandboxRequest, state: BigQueryState): SandboxResponse {
  const ds = state.dataset(p(req, 'projectId'), p(req, 'datasetId'));
  if (ds.tables.size > 0 && req.query.get('deleteContents') !== 'true') throw bqError(400, 'resourceInUse', `Dataset ${ds.projectId}:${ds.datasetId} is still in use`);
  state.datasets.delete(`${ds.projectId}:${ds.datasetId}`);
  return { status: 204 };
}

export function insertTable(req: SandboxRequest, state: BigQueryState, settings: TableSettings): SandboxResponse {
  const ds = state.dataset(p(req, 'projectId'), p(req, 'datasetId'));
  const body = bodyOf(req);
  const tableId = (body['tableReference'] as { tableId?: unknown } | undefined)?.tableId;
  if (typeof tableId !== 'string' || !TABLE_ID.test(tableId)) throw invalid(`Invalid table ID "${String(tableId)}".`);
  if (body['view'] !== undefined || body['materializedView'] !== undefined || body['externalDataConfiguration'] !== undefined) throw invalid('Views and external tables are not simulated by the BigQuery sandbox');
  if (ds.tables.has(tableId)) throw duplicate(`Table ${ds.projectId}:${ds.datasetId}.${tableId}`);
  const fields = (body['schema'] as { fields?: unknown } | undefined)?.fields;
  const columns = fields === undefined ? [] : compileSchema(fields);
  const table = state.createTable(ds, tableId, columns, tableMeta(body));
  return { status: 200, body: renderTable(table, settings) };
}

export function getTable(req: SandboxRequest, state: BigQueryState, settings: TableSettings): SandboxResponse {
  return { status: 200, body: renderTable(state.table(p(req, 'projectId'), p(req, 'datasetId'), p(req, 'tableId')), settings) };
}

/** tables.patch (PATCH) and tables.update (PUT): metadata, and schema changes BigQuery allows (add columns, relax REQUIRED). */
export function patchTable(req: SandboxRequest, state: BigQueryState, settings: TableSettings): SandboxResponse {
  const table = state.table(p(req, 'projectId'), p(req, 'datasetId'), p(req, 'tableId'));
  const body = bodyOf(req);
  const fields = (body['schema'] as { fields?: unknown } | undefined)?.fields;
  if (fields !== undefined) {
    const incoming = compileSchema(fields);
    table.columns = evolveSchema(table.columns, incoming, `${table.projectId}:${table.datasetId}.${table.tableId}`, { allowAddition: true, allowRelaxation: true });
  }
  const meta = tableMeta(body);
  table.meta = req.method === 'PUT' ? meta : { ...table.meta, ...meta };
  state.touch(table);
  return { status: 200, body: renderTable(table, settings) };
}

export function deleteTable(req: SandboxRequest, state: BigQueryState): SandboxResponse {
  const table = state.table(p(req, 'projectId'), p(req, 'datasetId'), p(req, 'tableId'));
  state.dataset(table.projectId, table.datasetId).tables.delete(table.tableId);
  return { status: 204 };
}

export function listTables(req: SandboxRequest, state: BigQueryState): SandboxResponse {
  const ds = state.dataset(p(req, 'projectId'), p(req, 'datasetId'));
  const all = [...ds.tables.values()].sort((a, b) => (a.tableId < b.tableId ? -1 : 1));
  const offset = Number(req.query.get('pageToken') ?? '0') || 0;
  const max = Number(req.query.get('maxResults') ?? '1000') || 1000;
  const slice = all.slice(offset, offset + max);
  return {
    status: 200,
    body: {
      kind: 'bigquery#tableList',
      etag: Buffer.from(`${ds.datasetId}:${ds.tables.size}`).toString('base64'),
      tables: slice.map((t) => ({ kind: 'bigquery#table', id: `${t.projectId}:${t.datasetId}.${t.tableId}`, tableReference: { projectId: t.projectId, datasetId: t.datasetId, tableId: t.tableId }, type: 'TABLE', creationTime: String(t.creationTime) })),
      totalItems: all.length,
      ...(offset + slice.length < all.length ? { nextPageToken: String(offset + slice.length) } : {}),
    },
  };
}

/** tabledata.list: rows as `TableRow` (`{f:[{v}]}`), `maxResults`, `pageToken`, `startIndex`, `selectedFields`. */
export function listTableData(req: SandboxRequest, state: BigQueryState, settings: TableSettings): SandboxResponse {
  const table = state.table(p(req, 'projectId'), p(req, 'datasetId'), p(req, 'tableId'));
  const q = req.query;
  const selected = q.get('selectedFields');
  const columns = selected ? selected.split(',').map((n) => table.columns.find((c) => c.name.toLowerCase() === n.trim().toLowerCase())).filter((c) => c !== undefined) : table.columns;
  const output = q.get('formatOptions.timestampOutputFormat');
  const ts: TimestampFormat = output === 'ISO8601_STRING' ? 'iso' : output === 'INT64' || q.get('formatOptions.useInt64Timestamp') === 'true' ? 'int64' : 'float';
  const token = q.get('pageToken');
  const offset = token ? Number(Buffer.from(token, 'base64url').toString('utf8').replace(/^row:/, '')) : Number(q.get('startIndex') ?? '0');
  const max = q.get('maxResults') ? Number(q.get('maxResults')) : settings.defaultPageRows;
  if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(max) || max < 0) throw invalid('Invalid pageToken, startIndex or maxResults');
  const rows = table.rows.slice(offset, offset + max);
  const next = offset + rows.length;
  return {
    status: 200,
    body: {
      kind: 'bigquery#tableDataList',
      etag: Buffer.from(`${table.tableId}:${table.version}`).toString('base64'),
      totalRows: String(table.rows.length),
      rows: rows.map((r) => renderRow(columns, r, ts)),
      ...(next < table.rows.length ? { pageToken: Buffer.from(`row:${next}`).toString('base64url') } : {}),
    },
  };
}

/**
 * tabledata.insertAll. A row whose `insertId` was seen within `insertIdWindowMs` is acknowledged and dropped
 * (best effort, as documented). Without `skipInvalidRows` one bad row rejects the request's rows: the bad ones get
 * `invalid` errors, the others `stopped`.
 */
export function insertAll(req: SandboxRequest, state: BigQueryState, settings: TableSettings): SandboxResponse {
  const table = state.table(p(req, 'projectId'), p(req, 'datasetId'), p(req, 'tableId'));
  let body: JsonInput;
  try {
    body = parseJsonExact(req.rawBody.toString('utf8'));
  } catch {
    throw invalid('Invalid JSON payload received.');
  }
  const b = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, JsonInput>;
  if (b['templateSuffix'] !== undefined) throw invalid('templateSuffix is not simulated by the BigQuery sandbox');
  const input = b['rows'];
  if (!Array.isArray(input) || input.length === 0) throw invalid('No rows present in the request.');
  const skipInvalid = b['skipInvalidRows'] === true;
  const ignoreUnknown = b['ignoreUnknownValues'] === true;
  const now = state.now();
  for (const [id, until] of table.insertIds) if (until <= now) table.insertIds.delete(id);
  const good: Array<{ row: Row; insertId?: string }> = [];
  const errors: Array<{ index: number; errors: Array<Record<string, string>> }> = [];
  input.forEach((entry, index) => {
    const e = (typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? entry : {}) as Record<string, JsonInput>;
    const out = coerceRow(table.columns, e['json'] ?? null, ignoreUnknown);
    if ('error' in out) errors.push({ index, errors: [{ reason: 'invalid', location: out.error.location, debugInfo: '', message: out.error.message }] });
    else good.push({ row: out.row, ...(typeof e['insertId'] === 'string' ? { insertId: e['insertId'] } : {}) });
  });
  if (errors.length > 0 && !skipInvalid) {
    const bad = new Set(errors.map((e) => e.index));
    input.forEach((_e, index) => {
      if (!bad.has(index)) errors.push({ index, errors: [{ reason: 'stopped', location: '', debugInfo: '', message: '' }] });
    });
    errors.sort((x, y) => x.index - y.index);
    return { status: 200, body: { kind: 'bigquery#tableDataInsertAllResponse', insertErrors: errors } };
  }
  let added = 0;
  for (const { row, insertId } of good) {
    if (insertId !== undefined) {
      if (table.insertIds.has(insertId)) continue;
      table.insertIds.set(insertId, now + settings.insertIdWindowMs);
    }
    table.rows.push(row);
    added += 1;
  }
  if (added > 0) state.touch(table);
  return { status: 200, body: { kind: 'bigquery#tableDataInsertAllResponse', ...(errors.length > 0 ? { insertErrors: errors } : {}) } };
}
