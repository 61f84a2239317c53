/**
 * Load jobs from an upload (`POST /upload/bigquery/v2/projects/{p}/jobs?uploadType=multipart`, the media upload
 * of jobs.insert in the discovery doc: `multipart/related`, first part the Job JSON, second part the data), as
 * @google-cloud/bigquery's `table.load(file)` / `createWriteStream()` send it. Only NEWLINE_DELIMITED_JSON is read:
 * one JSON object per line, read line by line from the body without splitting it (JobConfigurationLoad:
 * `createDisposition`, `writeDisposition`, `schema`, `schemaUpdateOptions`, `ignoreUnknownValues`, `maxBadRecords`).
 */
import type { SandboxRequest } from '../core';
import { type ErrorProto, invalid, JobFailure } from './errors';
import { parseJsonExact, type JsonInput } from './json-lossless';
import { compileRowReader } from './row-reader';
import { coerceRow, compileSchema, evolveSchema, storedBytes, type Column, type Row } from './schema';
import type { BigQueryState, JobOutcome } from './state';
import { setTableBytes, tableBytes } from './table-cache';

/** Splits a `multipart/related` upload into its Job metadata and its data (a view on the body, not a copy). */
export function parseMultipartUpload(req: SandboxRequest): { metadata: Record<string, unknown>; data: Buffer } {
  const type = req.headers['content-type'] ?? '';
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(type);
  const b = boundary?.[1] ?? boundary?.[2];
  if (!/^multipart\/related/i.test(type) || !b) throw invalid('Upload requests must be multipart/related with a boundary (uploadType=multipart)');
  const body = req.rawBody;
  const delimiter = Buffer.from(`--${b}`);
  const first = body.indexOf(delimiter);
  const metaStart = first < 0 ? -1 : body.indexOf('\r\n\r\n', first);
  const second = metaStart < 0 ? -1 : body.indexOf(Buffer.from(`\r\n--${b}`), metaStart);
  const dataStart = second < 0 ? -1 : body.indexOf('\r\n\r\n', second + 2);
  if (first < 0 || metaStart < 0 || second < 0 || dataStart < 0) throw invalid('Malformed multipart body: expected a metadata part and a media part');
  let end = body.lastIndexOf(Buffer.from(`\r\n--${b}--`));
  if (end < dataStart) end = body.length;
  let metadata: unknown;
  try {
    metadata = JSON.parse(body.toString('utf8', metaStart + 4, second));
  } catch {
    throw invalid('The metadata part of the upload is not valid JSON');
  }
  if (typeof metadata !== 'object' || metadata === null) throw invalid('The metadata part of the upload must be a Job resource');
  return { metadata: metadata as Record<string, unknown>, data: body.subarray(dataStart + 4, end) };
}

export type LoadSettings = { loadJobsPerTablePerDay: number };

const readingError = (message: string): ErrorProto => ({ reason: 'invalid', message: `Error while reading data, error message: ${message}` });

/**
 * Validates a load configuration (throws 400 for a malformed one) and returns the job body: it runs when the job
 * becomes DONE and commits the rows then (WRITE_TRUNCATE replaces rows and schema, WRITE_APPEND appends,
 * WRITE_EMPTY refuses a non-empty table). Bad rows beyond `maxBadRecords` fail the job and commit nothing.
 */
export function prepareLoad(state: BigQueryState, projectId: string, load: Record<string, unknown>, data: Buffer, settings: LoadSettings): () => JobOutcome {
  const dest = load['destinationTable'] as { projectId?: unknown; datasetId?: unknown; tableId?: unknown } | undefined;
  if (!dest || typeof dest.datasetId !== 'string' || typeof dest.tableId !== 'string') throw invalid('Required parameter is missing: configuration.load.destinationTable');
  const p = typeof dest.projectId === 'string' ? dest.projectId : projectId;
  const { datasetId, tableId } = dest as { datasetId: string; tableId: string };
  const text = (v: unknown, fallback: string): string => (v === undefined ? fallback : typeof v === 'string' ? v : JSON.stringify(v));
  const format = text(load['sourceFormat'], 'CSV');
  if (format !== 'NEWLINE_DELIMITED_JSON') throw invalid(`sourceFormat ${format} is not simulated: the sandbox loads NEWLINE_DELIMITED_JSON only`);
  if (load['autodetect'] === true && load['schema'] === undefined) throw invalid('Schema autodetection is not simulated: give configuration.load.schema or load into an existing table');
  const write = text(load['writeDisposition'], 'WRITE_APPEND');
  const create = text(load['createDisposition'], 'CREATE_IF_NEEDED');
  if (!['WRITE_TRUNCATE', 'WRITE_APPEND', 'WRITE_EMPTY'].includes(write)) throw invalid(`Invalid value for writeDisposition: ${write}`);
  if (!['CREATE_IF_NEEDED', 'CREATE_NEVER'].includes(create)) throw invalid(`Invalid value for createDisposition: ${create}`);
  const schemaInput = (load['schema'] as { fields?: unknown } | undefined)?.fields;
  const incoming = schemaInput === undefined ? undefined : compileSchema(schemaInput);
  const options = Array.isArray(load['schemaUpdateOptions']) ? (load['schemaUpdateOptions'] as unknown[]) : [];
  const ignoreUnknown = load['ignoreUnknownValues'] === true;
  const maxBad = typeof load['maxBadRecords'] === 'number' ? load['maxBadRecords'] : 0;
  const where = `${p}:${datasetId}.${tableId}`;

  return () => {
    const ds = state.datasets.get(`${p}:${datasetId}`);
    if (!ds) throw new JobFailure({ reason: 'notFound', message: `Not found: Dataset ${p}:${datasetId}` }, undefined, 404);
    let table = ds.tables.get(tableId);
    if (!table && create === 'CREATE_NEVER') throw new JobFailure({ reason: 'notFound', message: `Not found: Table ${where}` }, undefined, 404);
    if (!table && !incoming) throw new JobFailure({ reason: 'invalid', message: `No schema specified on job or table.` });
    if (table && write === 'WRITE_EMPTY' && table.rows.length > 0) throw new JobFailure({ reason: 'duplicate', message: `Already Exists: Table ${where}` }, undefined, 409);
    const day = Math.floor(state.now() / 86_400_000);
    if (table) {
      if (table.loads.day !== day) table.loads = { day, count: 0 };
      if (table.loads.count >= settings.loadJobsPerTablePerDay) {
        throw new JobFailure({ reason: 'quotaExceeded', message: `Quota exceeded: Your table exceeded quota for imports or query appends per table. For more information, see https://cloud.google.com/bigquery/docs/troubleshoot-quotas` }, undefined, 403);
      }
    }
    let columns: Column[];
    try {
      columns = !table ? (incoming as Column[]) : !incoming ? table.columns : write === 'WRITE_TRUNCATE' ? incoming : evolveSchema(table.columns, incoming, where, { allowAddition: options.includes('ALLOW_FIELD_ADDITION'), allowRelaxation: options.includes('ALLOW_FIELD_RELAXATION') });
    } catch (err) {
      const body = (err as { body?: { error?: { message?: string } } }).body;
      throw new JobFailure({ reason: 'invalid', message: body?.error?.message ?? String(err) });
    }
    const rows: Row[] = [];
    const rowErrors: ErrorProto[] = [];
    let bad = 0;
    let bytes = 0;
    const fast = compileRowReader(columns);
    for (let start = data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? 3 : 0; start < data.length; ) {
      let end = data.indexOf(0x0a, start);
      if (end < 0) end = data.length;
      const lineEnd = end > start && data[end - 1] === 0x0d ? end - 1 : end;
      const position = start;
      start = end + 1;
      if (lineEnd === position) continue;
      const text = data.toString('utf8', position, lineEnd);
      // Fast path (row-reader.ts): the native parse is exact when the row holds no JSON number, and the compiled
      // reader answers only for such rows; anything else takes the lossless parse and the generic coercion.
      let parsed: JsonInput | undefined;
      try {
        parsed = JSON.parse(text) as JsonInput;
      } catch {
        parsed = undefined;
      }
      const read = parsed === undefined ? undefined : fast(parsed);
      if (read) {
        rows.push(read.row);
        bytes += read.bytes;
        continue;
      }
      if (text.trim() === '') continue;
      let problem: string | undefined;
      try {
        const out = coerceRow(columns, parseJsonExact(text), ignoreUnknown);
        if ('row' in out) {
          rows.push(out.row);
          for (const c of columns) bytes += storedBytes(c, out.row[c.index]);
        } else problem = out.error.message.startsWith('no such field') ? `No such field: ${out.error.location}.` : `${out.error.message.replace(/ \(bad value\).*$/, '')}. Field: ${out.error.location}; Value: ${out.error.value}`;
      } catch (err) {
        problem = `JSON parsing error: ${(err as Error).message}`;
      }
      if (problem !== undefined) {
        bad += 1;
        if (rowErrors.length < 5) rowErrors.push(readingError(`JSON parsing error in row starting at position ${position}: ${problem}`));
      }
    }
    if (bad > maxBad) {
      const summary = readingError(`JSON table encountered too many errors, giving up. Rows: ${rows.length + bad}; errors: ${bad}. Please look into the errors[] collection for more details.`);
      throw new JobFailure(summary, [summary, ...rowErrors]);
    }
    if (!table) table = state.createTable(ds, tableId, columns);
    table.loads = { day, count: (table.loads.day === day ? table.loads.count : 0) + 1 };
    const kept = write === 'WRITE_TRUNCATE' ? 0 : tableBytes(table);
    table.columns = columns;
    if (write === 'WRITE_TRUNCATE') table.rows = rows;
    else for (const row of rows) table.rows.push(row);
    state.touch(table);
    setTableBytes(table, kept + bytes);
    const outcome: JobOutcome = { load: { outputRows: rows.length, outputBytes: bytes, badRecords: bad, inputFileBytes: data.length } };
    if (rowErrors.length > 0) outcome.warnings = rowErrors;
    return outcome;
  };
}
