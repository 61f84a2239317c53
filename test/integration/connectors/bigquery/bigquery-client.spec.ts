import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { BigQueryExportClient, BigQueryTokenUriRefusedError, pingBigQueryConnection, type BigQueryExportClientOptions, type BigQueryTableFieldSchema, type ConnectorLogger } from '@mlc/connectors';
import { startBigQuerySandbox, type RunningBigQuerySandbox } from '@mlc/sandbox';


const DS = 'visma_export';
const SCHEMA: BigQueryTableFieldSchema[] = [
  { name: 'id', type: 'STRING', mode: 'REQUIRED' },
  { name: 'amount', type: 'NUMERIC' },
  { name: 'lastModifiedDateTime', type: 'TIMESTAMP' },
];
const NDJSON = ['{"id":"a","amount":"10.50","lastModifiedDateTime":"2026-01-01T00:00:00Z"}', '{"id":"b","amount":"2.00","lastModifiedDateTime":"2026-01-02T00:00:00Z"}'].map((l) => `${l}\n`).join('');

describe(`${BigQueryExportClient.name} against the BigQuery sandbox`, () => {
  let sandbox: RunningBigQuerySandbox;
  let dir: string;
  const logLines: string[] = [];
  const logger: ConnectorLogger = {
    debug: (o, m) => void logLines.push(`${m} ${JSON.stringify(o)}`),
    info: (o, m) => void logLines.push(`${m} ${JSON.stringify(o)}`),
    warn: (o, m) => void logLines.push(`${m} ${JSON.stringify(o)}`),
    error: (o, m) => void logLines.push(`${m} ${JSON.stringify(o)}`),
  };

  const client = (overrides: Partial<BigQueryExportClientOptions> = {}): BigQueryExportClient =>
    new BigQueryExportClient({ key: sandbox.serviceAccountKey, apiEndpoint: sandbox.apiEndpoint, allowedTokenUris: [sandbox.tokenUrl], logger, retry: { baseDelayMs: 5, maxDelayMs: 50 }, pollInitialMs: 5, ...overrides });
  const count = (method: string, pathContains: string): number => sandbox.requests.list({ method, pathContains }).length;

  beforeAll(async () => {
    sandbox = await startBigQuerySandbox();
    dir = mkdtempSync(join(tmpdir(), 'mlc-bq-'));
  });
  afterAll(async () => {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
    // Neither the key nor any issued token ever reached a log line.
    const all = logLines.join('\n');
    expect(all).not.toContain(sandbox.serviceAccountKey.private_key.split('\n')[1] ?? '-');
    expect(all).not.toMatch(/ya29\.sandbox-/);
  });
  beforeEach(() => sandbox.reset());

  it('should get a token with the key (one request for concurrent callers) and use it on every call', async () => {
    const bq = client();
    await Promise.all([bq.findDataset(DS), bq.findDataset(DS), bq.findDataset(`${DS}_2`)]);
    expect(count('POST', '/token')).toBe(1);
    await bq.findDataset(DS);
    expect(count('POST', '/token')).toBe(1);
    expect(sandbox.requests.list({ pathContains: '/bigquery/v2/' }).every((r) => r.status !== 401)).toBe(true);
  });

  it('should renew a token that is within the renewal margin before it expires, and re-authenticate once on 401', async () => {
    const shortLived = await startBigQuerySandbox({ tokenTtlSeconds: 300 }); // expires_in = the 5-min renewal margin
    try {
      const bq = new BigQueryExportClient({ key: shortLived.serviceAccountKey, apiEndpoint: shortLived.apiEndpoint, allowedTokenUris: [shortLived.tokenUrl], logger });
      await bq.findDataset(DS);
      await bq.findDataset(DS);
      expect(shortLived.requests.list({ method: 'POST', pathContains: '/token' })).toHaveLength(2);
      expect(shortLived.requests.list({ pathContains: '/datasets/' }).map((r) => r.status)).toEqual([404, 404]);
    } finally {
      await shortLived.close();
    }
    const bq = client();
    await bq.findDataset(DS);
    sandbox.expireTokens(); // the cached token is now unknown to the server
    await expect(bq.findDataset(DS)).resolves.toBeUndefined();
    expect(count('POST', '/token')).toBe(2);
    expect(sandbox.requests.list({ pathContains: `/datasets/${DS}` }).map((r) => r.status)).toEqual([404, 401, 404]);
  });

  it('should create a dataset once and then find it', async () => {
    const bq = client();
    await expect(bq.ensureDataset(DS, 'US')).resolves.toMatchObject({ datasetId: DS, isCreated: true });
    await expect(bq.ensureDataset(DS, 'US')).resolves.toMatchObject({ datasetId: DS, isCreated: false, location: 'US' });
    expect(count('POST', '/datasets')).toBe(1);
  });

  it('should create a table, then extend its schema with new (nested) fields without dropping any', async () => {
    const bq = client();
    await bq.ensureDataset(DS);
    const created = await bq.ensureTable(DS, 'invoices', SCHEMA);
    expect(created).toMatchObject({ isCreated: true, added: [] });
    const wanted: BigQueryTableFieldSchema[] = [...SCHEMA.slice(0, 1), { name: 'customer', type: 'RECORD', fields: [{ name: 'number', type: 'STRING' }] }];
    const extended = await bq.ensureTable(DS, 'invoices', wanted);
    expect(extended.added.map((a) => a.path)).toEqual(['customer']);
    const nested = await bq.ensureTable(DS, 'invoices', [{ name: 'customer', type: 'RECORD', fields: [{ name: 'number', type: 'STRING' }, { name: 'name', type: 'STRING' }] }]);
    expect(nested.added.map((a) => a.path)).toEqual(['customer.name']);
    const same = await bq.ensureTable(DS, 'invoices', wanted);
    expect(same).toMatchObject({ isCreated: false, added: [], conflicts: [] });
    const table = await bq.getTable(DS, 'invoices');
    expect(table.fields.map((f) => f.name)).toEqual(['id', 'amount', 'lastModifiedDateTime', 'customer']);
    expect(table.fields[3]?.fields?.map((f) => f.name)).toEqual(['number', 'name']);
    expect(JSON.stringify(sandbox.table(DS, 'invoices')?.schema)).toContain('"name":"name"');
    expect(count('PATCH', '/tables/invoices')).toBe(2);
  });

  it('should stream a file into a load job, and a second call with the same job id returns the first result without loading again', async () => {
    const bq = client();
    await bq.ensureDataset(DS);
    const file = join(dir, 'batch-1.ndjson');
    writeFileSync(file, NDJSON);
    const req = { datasetId: DS, tableId: 'stage_invoices', jobId: 'mlc_run1_invoices_b1', source: file, schema: SCHEMA, writeDisposition: 'WRITE_APPEND' as const };
    await expect(bq.loadNdjson(req)).resolves.toEqual({ jobId: 'mlc_run1_invoices_b1', state: 'DONE', outputRows: 2, isReused: false });
    await expect(bq.loadNdjson(req)).resolves.toEqual({ jobId: 'mlc_run1_invoices_b1', state: 'DONE', outputRows: 2, isReused: true });
    expect(sandbox.rows(DS, 'stage_invoices')).toHaveLength(2); // WRITE_APPEND: a second load would have doubled them
    expect(count('POST', '/upload/bigquery/v2/')).toBe(1);
    expect(sandbox.jobs().filter((j) => (j['jobReference'] as { jobId: string }).jobId === 'mlc_run1_invoices_b1')).toHaveLength(1);
  });

  it('should survive a lost reply to the upload of a Readable: the job id is looked up and waited for', async () => {
    const bq = client();
    await bq.ensureDataset(DS);
    sandbox.faults.arm({ kind: 'lose-reply', count: 1, method: 'POST', pathContains: '/upload/' });
    const result = await bq.loadNdjson({ datasetId: DS, tableId: 'stage', jobId: 'mlc_stream_1', source: Readable.from([NDJSON]), schema: SCHEMA, writeDisposition: 'WRITE_APPEND' });
    expect(result).toMatchObject({ jobId: 'mlc_stream_1', outputRows: 2 });
    expect(count('POST', '/upload/')).toBe(1);
    expect(sandbox.rows(DS, 'stage')).toHaveLength(2);
  });

  it('should survive a lost reply to the upload of a file: the retried upload answers 409 and the job is reused', async () => {
    const bq = client();
    await bq.ensureDataset(DS);
    const file = join(dir, 'lost.ndjson');
    writeFileSync(file, NDJSON);
    sandbox.faults.arm({ kind: 'lose-reply', count: 1, method: 'POST', pathContains: '/upload/' });
    const result = await bq.loadNdjson({ datasetId: DS, tableId: 'stage', jobId: 'mlc_file_lost', source: file, schema: SCHEMA, writeDisposition: 'WRITE_APPEND' });
    expect(result).toMatchObject({ jobId: 'mlc_file_lost', outputRows: 2, isReused: true });
    expect(sandbox.requests.list({ method: 'POST', pathContains: '/upload/' }).map((r) => r.status)).toEqual([200, 409]);
    expect(sandbox.rows(DS, 'stage')).toHaveLength(2);
  });

  it('should run a MERGE with a job id once: the second call waits for the same job and changes nothing', async () => {
    const bq = client();
    await bq.ensureDataset(DS);
    await bq.ensureTable(DS, 'invoices', SCHEMA);
    await bq.loadNdjson({ datasetId: DS, tableId: 'stage_invoices', jobId: 'mlc_run2_load', source: Readable.from([NDJSON]), schema: SCHEMA, writeDisposition: 'WRITE_TRUNCATE' });
    const merge = {
      jobId: 'mlc_run2_merge',
      query: `MERGE \`${sandbox.projectId}.${DS}.invoices\` T USING \`${sandbox.projectId}.${DS}.stage_invoices\` S ON T.id = S.id
        WHEN MATCHED AND S.lastModifiedDateTime > T.lastModifiedDateTime THEN UPDATE SET amount = S.amount, lastModifiedDateTime = S.lastModifiedDateTime
        WHEN NOT MATCHED THEN INSERT ROW`,
    };
    const first = await bq.runQuery(merge);
    expect(first).toMatchObject({ jobId: 'mlc_run2_merge', state: 'DONE', numDmlAffectedRows: 2, isReused: false });
    const again = await bq.runQuery(merge);
    expect(again).toMatchObject({ jobId: 'mlc_run2_merge', numDmlAffectedRows: 2, isReused: true });
    expect(sandbox.rows(DS, 'invoices')).toHaveLength(2);
    const inserts = sandbox.requests.list({ method: 'POST', pathContains: '/jobs' }).filter((r) => r.path.startsWith('/bigquery/v2/'));
    expect(inserts.map((r) => r.status)).toEqual([200, 409]); // the second insert answered 409 and ran nothing
    const [row] = await bq.query<{ n: number }>(`SELECT COUNT(*) AS n FROM \`${sandbox.projectId}.${DS}.invoices\` WHERE id = @id`, { id: 'a' });
    expect(row?.n).toBe(1);
    const job = await bq.getJob('mlc_run2_merge');
    expect(job).toMatchObject({ state: 'DONE', kind: 'query', errorResult: undefined });
  });

  it('should back off on an injected 403 quotaExceeded and then succeed', async () => {
    const bq = client();
    await bq.ensureDataset(DS);
    sandbox.armQuotaFault('quotaExceeded', { count: 2, method: 'POST', pathContains: '/upload/' });
    writeFileSync(join(dir, 'quota.ndjson'), NDJSON);
    await expect(bq.loadNdjson({ datasetId: DS, tableId: 'stage_q', jobId: 'mlc_quota_1', source: join(dir, 'quota.ndjson'), schema: SCHEMA, writeDisposition: 'WRITE_TRUNCATE' })).resolves.toMatchObject({ outputRows: 2 });
    expect(sandbox.requests.list({ method: 'POST', pathContains: '/upload/' }).map((r) => r.status)).toEqual([403, 403, 200]);
    expect(bq.retrier.retries).toBe(2);
    expect(logLines.some((l) => l.startsWith('bigquery call retried') && l.includes('"reason":"quota-exceeded"'))).toBe(true);
  });

  // GAP (simulator): the job-user check dry-runs `SELECT 1`, valid GoogleSQL that the sandbox's parser refuses
  // (400 invalidQuery: it requires FROM). This test stays red until the sandbox accepts a FROM-less SELECT.
  it('should ping all green with the demo key', async () => {
    const report = await client().ping(DS);
    expect(report.checks.map((c) => [c.name, c.ok])).toEqual([
      ['key', true],
      ['token', true],
      ['project', true],
      ['dataset', true],
      ['data-editor', true],
      ['job-user', true],
    ]);
    expect(report.ok).toBe(true);
    expect(sandbox.table(DS, '_mlc_ping')).toBeUndefined(); // dry runs create nothing
  });

  it('should report a broken key as the failed token check, in the product words', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const foreign = { ...sandbox.serviceAccountKey, private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
    const report = await pingBigQueryConnection({ key: foreign, apiEndpoint: sandbox.apiEndpoint, allowedTokenUris: [sandbox.tokenUrl] }, DS);
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.name === 'token')).toMatchObject({ ok: false, code: 'key_rejected' });
    expect(report.checks.find((c) => c.name === 'token')?.detail).toContain('invalid_grant');
    expect(report.checks.filter((c) => c.code === 'skipped').map((c) => c.name)).toEqual(['project', 'dataset', 'data-editor', 'job-user']);
    expect(JSON.stringify(report)).not.toContain('Invalid JWT Signature'); // the remote text is not repeated
  });

  it('should report which role check failed when the dry-run load is refused', async () => {
    // GAP: the sandbox simulates no IAM (no 403 accessDenied); an injected 400 on the dry-run upload stands in.
    sandbox.faults.arm({ kind: 'validation-error', count: 1, method: 'POST', pathContains: '/upload/' });
    const report = await client().ping(DS);
    expect(report.checks.slice(0, 5).map((c) => [c.name, c.ok])).toEqual([
      ['key', true],
      ['token', true],
      ['project', true],
      ['dataset', true],
      ['data-editor', false],
    ]);
    expect(report.checks[4]).toMatchObject({ code: 'error_invalid' });
    expect(report.summary).toBe(report.checks[4]?.detail);
  });

  it('should explain a quota answer in ping as a quota, not as a missing permission', async () => {
    sandbox.armQuotaFault('rateLimitExceeded', { count: -1, method: 'POST', pathContains: '/jobs' });
    const report = await client({ retry: { maxAttempts: 1 } }).ping(DS);
    expect(report.checks.find((c) => c.name === 'job-user')).toMatchObject({ ok: false, code: 'rate_limited' });
    expect(report.checks.find((c) => c.name === 'job-user')?.detail).toContain('quota or rate limit');
  });

  it('should refuse a key whose token_uri is not allowed before sending anything', async () => {
    const elsewhere = { ...sandbox.serviceAccountKey, token_uri: 'https://attacker.example/token' };
    expect(() => client({ key: elsewhere })).toThrow(BigQueryTokenUriRefusedError);
    // The sandbox's own key is refused too when only Google's endpoint is allowed (the default).
    expect(() => new BigQueryExportClient({ key: sandbox.serviceAccountKey, apiEndpoint: sandbox.apiEndpoint })).toThrow(BigQueryTokenUriRefusedError);
    const report = await pingBigQueryConnection({ key: elsewhere, apiEndpoint: sandbox.apiEndpoint, allowedTokenUris: [sandbox.tokenUrl] }, DS);
    expect(report.checks[0]).toMatchObject({ name: 'key', ok: false, code: 'token_uri_not_allowed' });
    expect(sandbox.requests.list()).toEqual([]);
  });
});
