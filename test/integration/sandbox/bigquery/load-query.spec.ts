import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BigQuery, Dataset } from '@google-cloud/bigquery';
import { startBigQuerySandbox, type RunningBigQuerySandbox } from '../../../../apps/sandbox/src/bigquery';
import { bigQueryFor, rejection, schemaErrors, staticTokenClient, type Loose } from './support';

jest.setTimeout(30_000);

const SCHEMA = [
  { name: 'id', type: 'STRING', mode: 'REQUIRED' },
  { name: 'amount', type: 'NUMERIC' },
  { name: 'qty', type: 'INT64' },
  { name: 'modified', type: 'TIMESTAMP' },
  { name: 'tags', type: 'STRING', mode: 'REPEATED' },
  { name: 'meta', type: 'RECORD', fields: [{ name: 'source', type: 'STRING' }] },
];
const ndjson = (rows: object[]): string => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

describe('BigQuery sandbox: load jobs, queries and MERGE through @google-cloud/bigquery', () => {
  let sandbox: RunningBigQuerySandbox;
  let bq: BigQuery;
  let dataset: Dataset;
  let dir: string;
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const fq = (table: string): string => `\`${sandbox.projectId}.shop.${table}\``;

  beforeAll(async () => {
    sandbox = await startBigQuerySandbox();
    bq = bigQueryFor(sandbox);
    dir = mkdtempSync(join(tmpdir(), 'bq-sandbox-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await sandbox.close();
  });
  beforeEach(async () => {
    sandbox.reset();
    sandbox.setJobDoneAfterPolls(0);
    [dataset] = await bq.createDataset('shop');
  });

  it('should load NDJSON with WRITE_TRUNCATE and answer 409 duplicate to a second load with the same jobId', async () => {
    const table = dataset.table('orders');
    const path = file('a.ndjson', ndjson([
      { id: 'a', amount: '12345678901234567890.123456789', qty: 2, modified: '2024-05-01T10:00:00Z', tags: ['x'], meta: { source: 'visma' } },
      { id: 'b', amount: 0.1, qty: '3', modified: '2024-05-01 10:00:00.5 UTC' },
    ]));
    const [job] = await table.load(path, { sourceFormat: 'NEWLINE_DELIMITED_JSON', writeDisposition: 'WRITE_TRUNCATE', schema: { fields: SCHEMA }, jobId: 'load_orders_1' });
    expect(schemaErrors('Job', job)).toBe('');
    expect(job).toMatchObject({ status: { state: 'DONE' }, jobReference: { jobId: 'load_orders_1', location: 'US' }, statistics: { load: { outputRows: '2', badRecords: '0' } } });
    expect(sandbox.rows('shop', 'orders')).toEqual([
      { id: 'a', amount: '12345678901234567890.123456789', qty: '2', modified: '2024-05-01T10:00:00Z', tags: ['x'], meta: { source: 'visma' } },
      { id: 'b', amount: '0.1', qty: '3', modified: '2024-05-01T10:00:00.5Z', tags: [], meta: null },
    ]);

    const again = await rejection(table.load(path, { sourceFormat: 'NEWLINE_DELIMITED_JSON', writeDisposition: 'WRITE_TRUNCATE', jobId: 'load_orders_1' }));
    expect(again.code).toBe(409);
    expect(again.errors[0]).toMatchObject({ reason: 'duplicate', message: `Already Exists: Job ${sandbox.projectId}:US.load_orders_1` });
    expect(again.response?.body ?? again.errors).toBeDefined();
    expect(sandbox.rows('shop', 'orders')).toHaveLength(2);

    await table.load(file('b.ndjson', ndjson([{ id: 'c' }])), { sourceFormat: 'NEWLINE_DELIMITED_JSON', writeDisposition: 'WRITE_TRUNCATE', jobId: 'load_orders_2' });
    expect(sandbox.rows('shop', 'orders').map((r) => r['id'])).toEqual(['c']);
    const [rows] = await table.getRows();
    expect(rows).toHaveLength(1);
  });

  it('should fail a load with a bad row (DONE with errorResult) unless maxBadRecords allows it, and refuse WRITE_EMPTY on a full table', async () => {
    await dataset.createTable('orders', { schema: SCHEMA });
    const path = file('bad.ndjson', ndjson([{ id: 'a', qty: 'many' }, { id: 'b' }]));
    const err = await rejection(dataset.table('orders').load(path, { sourceFormat: 'NEWLINE_DELIMITED_JSON', jobId: 'bad_1' }));
    expect(err.errors.map((e: { reason: string }) => e.reason)).toEqual(['invalid', 'invalid']);
    expect(err.errors[1].message).toContain('JSON parsing error in row starting at position 0');
    expect(err.errors[1].message).toContain('Field: qty; Value: many');
    const [stored] = await bq.job('bad_1').getMetadata();
    expect(schemaErrors('Job', stored)).toBe('');
    expect(stored.status.errorResult.message).toContain('JSON table encountered too many errors');
    expect(sandbox.rows('shop', 'orders')).toEqual([]);

    const [ok] = await dataset.table('orders').load(path, { sourceFormat: 'NEWLINE_DELIMITED_JSON', maxBadRecords: 1, jobId: 'bad_2' });
    expect(ok.statistics?.load).toMatchObject({ outputRows: '1', badRecords: '1' });
    const empty = await rejection(dataset.table('orders').load(path, { sourceFormat: 'NEWLINE_DELIMITED_JSON', writeDisposition: 'WRITE_EMPTY', maxBadRecords: 1 }));
    expect(empty.errors[0].reason).toBe('duplicate');
  });

  it('should run the exporter MERGE as a query job with a chosen jobId, with DML statistics, and refuse the jobId again', async () => {
    const target = [{ id: 'a', amount: '1.10', qty: 1, modified: '2024-01-01T00:00:00Z' }, { id: 'b', amount: '2', qty: 1, modified: '2024-06-01T00:00:00Z' }];
    const staging = [{ id: 'a', amount: '9.99', qty: 5, modified: '2024-02-01T00:00:00Z' }, { id: 'b', amount: '7', qty: 7, modified: '2024-05-01T00:00:00Z' }, { id: 'c', amount: '3.3', qty: 3, modified: '2024-03-01T00:00:00Z' }];
    await dataset.table('orders').load(file('t.ndjson', ndjson(target)), { sourceFormat: 'NEWLINE_DELIMITED_JSON', schema: { fields: SCHEMA } });
    await dataset.table('orders_staging').load(file('s.ndjson', ndjson(staging)), { sourceFormat: 'NEWLINE_DELIMITED_JSON', schema: { fields: SCHEMA }, writeDisposition: 'WRITE_TRUNCATE' });
    const merge = `MERGE ${fq('orders')} T USING ${fq('orders_staging')} S ON T.id = S.id
      WHEN MATCHED AND S.modified > T.modified THEN UPDATE SET amount = S.amount, qty = S.qty, modified = S.modified, tags = S.tags, meta = S.meta
      WHEN NOT MATCHED THEN INSERT ROW`;
    const [job, created] = await bq.createQueryJob({ query: merge, jobId: 'merge_orders_1' });
    expect(schemaErrors('Job', created)).toBe('');
    const [rows, , response] = await job.getQueryResults({ autoPaginate: false });
    expect(rows).toEqual([]);
    expect(schemaErrors('GetQueryResultsResponse', response)).toBe('');
    expect(response).toMatchObject({ jobComplete: true, numDmlAffectedRows: '2' });
    const [metadata] = await job.getMetadata();
    expect(metadata.statistics.query).toMatchObject({ statementType: 'MERGE', numDmlAffectedRows: '2', dmlStats: { insertedRowCount: '1', updatedRowCount: '1', deletedRowCount: '0' } });
    const byId = Object.fromEntries(sandbox.rows('shop', 'orders').map((r) => [r['id'], r]));
    expect(byId['a']).toMatchObject({ amount: '9.99', qty: '5', modified: '2024-02-01T00:00:00Z' });
    expect(byId['b']).toMatchObject({ amount: '2', qty: '1' });
    expect(byId['c']).toMatchObject({ amount: '3.3', qty: '3' });

    const again = await rejection(bq.createQueryJob({ query: merge, jobId: 'merge_orders_1' }));
    expect(again.code).toBe(409);
    expect(again.errors[0].reason).toBe('duplicate');
  });

  it('should MERGE on a composite key with INSERT (cols) VALUES and refuse a target row matched twice', async () => {
    const schema = [{ name: 'company', type: 'STRING' }, { name: 'nr', type: 'INT64' }, { name: 'v', type: 'NUMERIC' }];
    await dataset.createTable('t', { schema });
    await dataset.createTable('s', { schema });
    await dataset.table('t').insert([{ company: 'no', nr: 1, v: '1' }]);
    await dataset.table('s').insert([{ company: 'no', nr: 1, v: '5' }, { company: 'se', nr: 1, v: '6' }]);
    const sql = `MERGE ${fq('t')} T USING ${fq('s')} S ON T.company = S.company AND T.nr = S.nr
      WHEN MATCHED THEN UPDATE SET v = S.v WHEN NOT MATCHED THEN INSERT (company, nr, v) VALUES (S.company, S.nr, S.v)`;
    const [rows] = await bq.query({ query: sql });
    expect(rows).toEqual([]);
    expect(sandbox.rows('shop', 't')).toEqual([{ company: 'no', nr: '1', v: '5' }, { company: 'se', nr: '1', v: '6' }]);
    await dataset.table('s').insert([{ company: 'no', nr: 1, v: '7' }]);
    const twice = await rejection(bq.query({ query: sql }));
    expect(twice.code).toBe(400);
    expect(twice.errors[0]).toMatchObject({ reason: 'invalidQuery', message: 'UPDATE/MERGE must match at most one source row for each target row' });
  });

  it('should answer query() with named parameters, exact COUNT and SUM on NUMERIC, ORDER BY and LIMIT', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ id: `r${String(i).padStart(2, '0')}`, amount: i % 2 === 0 ? '0.1' : '0.2', qty: i, modified: '2024-01-01T00:00:00Z' }));
    rows.push({ id: 'big', amount: '99999999999999999999.999999999', qty: 1000, modified: '2024-01-02T00:00:00Z' });
    await dataset.table('orders').load(file('many.ndjson', ndjson(rows)), { sourceFormat: 'NEWLINE_DELIMITED_JSON', schema: { fields: SCHEMA } });

    const [count] = await bq.query({ query: `SELECT COUNT(*) AS n FROM ${fq('orders')} WHERE qty >= @min`, params: { min: 10 } });
    expect(count).toEqual([{ n: 21 }]);
    const [sum] = await bq.query({ query: `SELECT SUM(amount) AS total, COUNT(*) FROM ${fq('orders')}` });
    expect(String(sum[0].total)).toBe('100000000000000000004.499999999');
    expect(sum[0].f0_).toBe(31);
    const [picked] = await bq.query({ query: `SELECT id, qty FROM ${fq('orders')} WHERE amount = @a AND modified < TIMESTAMP '2024-01-02' ORDER BY qty DESC LIMIT 3`, params: { a: 0.2 } });
    expect(picked).toEqual([{ id: 'r29', qty: 29 }, { id: 'r27', qty: 27 }, { id: 'r25', qty: 25 }]);
    const [byTs] = await bq.query({ query: `SELECT id FROM ${fq('orders')} WHERE modified > @since`, params: { since: bq.timestamp('2024-01-01T12:00:00Z') } });
    expect(byTs).toEqual([{ id: 'big' }]);
  });

  it('should page query results (maxResults / pageToken) and validate QueryResponse and TableDataList shapes', async () => {
    await dataset.table('orders').load(file('p.ndjson', ndjson(Array.from({ length: 25 }, (_, i) => ({ id: `r${i}`, qty: i })))), { sourceFormat: 'NEWLINE_DELIMITED_JSON', schema: { fields: SCHEMA } });
    const res = await fetch(`${sandbox.apiEndpoint}/bigquery/v2/projects/${sandbox.projectId}/queries`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sandbox.staticToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: `SELECT * FROM ${fq('orders')}`, useLegacySql: false, maxResults: 10, formatOptions: { useInt64Timestamp: true } }),
    });
    const body = (await res.json()) as Loose;
    expect(schemaErrors('QueryResponse', body)).toBe('');
    expect(body).toMatchObject({ jobComplete: true, totalRows: '25' });
    expect(body['rows']).toHaveLength(10);
    expect(body['rows'][0]).toEqual({ f: [{ v: 'r0' }, { v: null }, { v: '0' }, { v: null }, { v: [] }, { v: null }] });
    expect(typeof body['pageToken']).toBe('string');
    const job = bq.job(body['jobReference'].jobId);
    const [page1, next] = await job.getQueryResults({ maxResults: 10, autoPaginate: false });
    expect(page1).toHaveLength(10);
    const [page2] = await job.getQueryResults({ ...next, autoPaginate: false });
    expect(page2.map((r: { id: string }) => r.id)).toEqual(['r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'r16', 'r17', 'r18', 'r19']);
    const [all] = await job.getQueryResults();
    expect(all).toHaveLength(25);
    const data = await fetch(`${sandbox.apiEndpoint}/bigquery/v2/projects/${sandbox.projectId}/datasets/shop/tables/orders/data?maxResults=5`, { headers: { authorization: `Bearer ${sandbox.staticToken}` } });
    const list = (await data.json()) as Loose;
    expect(schemaErrors('TableDataList', list)).toBe('');
    expect(list).toMatchObject({ totalRows: '25' });
  });

  it('should keep a job PENDING/RUNNING for the configured polls, then run it', async () => {
    sandbox.setJobDoneAfterPolls(2);
    await dataset.createTable('orders', { schema: SCHEMA });
    const [job, created] = await bq.createQueryJob({ query: `SELECT COUNT(*) AS n FROM ${fq('orders')}`, jobId: 'slow_1' });
    expect(created.status?.state).toBe('PENDING');
    const [first] = await job.getMetadata();
    expect(first.status.state).toBe('RUNNING');
    const [rows] = await job.getQueryResults();
    expect(rows).toEqual([{ n: 0 }]);
  });

  it('should dry-run a query, refuse legacy SQL and statements outside the subset with 400 invalidQuery', async () => {
    await dataset.createTable('orders', { schema: SCHEMA });
    const [dry, dryResponse] = await bq.createQueryJob({ query: `SELECT id FROM ${fq('orders')}`, dryRun: true });
    expect(dry).toBeDefined();
    expect(dryResponse.statistics?.query?.schema?.fields).toEqual([{ name: 'id', type: 'STRING', mode: 'REQUIRED' }]);
    expect(sandbox.jobs()).toHaveLength(0);

    const legacy = await rejection(bq.createQueryJob({ query: `SELECT id FROM [${sandbox.projectId}:shop.orders]`, useLegacySql: true }));
    expect(legacy.code).toBe(400);
    expect(legacy.errors[0].reason).toBe('invalidQuery');
    const unsupported = await rejection(bq.query(`SELECT id FROM ${fq('orders')} GROUP BY id`));
    expect(unsupported.errors[0].reason).toBe('invalidQuery');
    expect(unsupported.message).toContain('GROUP is not supported');
    const badName = await rejection(bq.query(`SELECT nope FROM ${fq('orders')}`));
    expect(badName.message).toBe('Unrecognized name: nope at [1:8]');
    const noTable = await rejection(bq.query(`SELECT COUNT(*) FROM ${fq('missing')}`));
    expect(noTable.code).toBe(404);
    const mismatch = await rejection(bq.query({ query: `SELECT id FROM ${fq('orders')} WHERE qty = @q`, params: { q: 'x' } }));
    expect(mismatch.message).toContain('No matching signature for operator = for argument types: INT64, STRING');
  });

  it('should answer the same jobs.query twice with one job when the requestId repeats (idempotent MERGE)', async () => {
    await dataset.createTable('t', { schema: SCHEMA });
    await dataset.createTable('s', { schema: SCHEMA });
    await dataset.table('s').insert([{ id: 'a' }]);
    const call = async (): Promise<Loose> => {
      const res = await fetch(`${sandbox.apiEndpoint}/bigquery/v2/projects/${sandbox.projectId}/queries`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sandbox.staticToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ query: `MERGE ${fq('t')} T USING ${fq('s')} S ON T.id = S.id WHEN NOT MATCHED THEN INSERT ROW`, useLegacySql: false, requestId: 'b4f4f1de-0000-4000-8000-000000000001' }),
      });
      return (await res.json()) as Loose;
    };
    const first = await call();
    const second = await call();
    expect(schemaErrors('QueryResponse', first)).toBe('');
    expect(second['jobReference'].jobId).toBe(first['jobReference'].jobId);
    expect(first).toMatchObject({ numDmlAffectedRows: '1', dmlStats: { insertedRowCount: '1' } });
    expect(sandbox.rows('shop', 't')).toHaveLength(1);
  });

  it('should serve the static demo token to an OAuth2Client', async () => {
    const viaStatic = bigQueryFor(sandbox, staticTokenClient(sandbox));
    const [datasets] = await viaStatic.getDatasets();
    expect(datasets.map((d) => d.id)).toEqual(['shop']);
  });
});
