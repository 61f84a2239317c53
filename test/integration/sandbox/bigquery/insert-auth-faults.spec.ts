import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BigQuery, Table } from '@google-cloud/bigquery';
import { GOOGLE_TOKEN_URL, startBigQuerySandbox, type RunningBigQuerySandbox } from '../../../../apps/sandbox/src/bigquery';
import { bigQueryFor, jwtFor, noRetry, rejection, schemaErrors } from './support';

jest.setTimeout(30_000);

describe('BigQuery sandbox: insertAll, auth and faults through @google-cloud/bigquery', () => {
  let sandbox: RunningBigQuerySandbox;
  let bq: BigQuery;
  let table: Table;
  let now = Date.now();

  beforeAll(async () => {
    sandbox = await startBigQuerySandbox({ now: () => now });
    bq = bigQueryFor(sandbox);
  });
  afterAll(async () => sandbox.close());
  beforeEach(async () => {
    sandbox.reset();
    const [dataset] = await bq.createDataset('events');
    [table] = await dataset.createTable('clicks', { schema: [{ name: 'id', type: 'STRING', mode: 'REQUIRED' }, { name: 'n', type: 'INT64' }, { name: 'amount', type: 'NUMERIC' }] });
  });

  it('should drop a row whose insertId was seen within the window, and store it again after the window', async () => {
    const rows = [{ insertId: 'evt-1', json: { id: 'a', n: 1 } }, { insertId: 'evt-2', json: { id: 'b', n: 2 } }];
    const [first] = await table.insert(rows, { raw: true });
    expect(schemaErrors('TableDataInsertAllResponse', first)).toBe('');
    await table.insert(rows, { raw: true });
    expect(sandbox.rows('events', 'clicks')).toHaveLength(2);
    now += 61_000;
    await table.insert([rows[0]], { raw: true });
    expect(sandbox.rows('events', 'clicks').map((r) => r['id'])).toEqual(['a', 'b', 'a']);
  });

  it("should duplicate a retried batch when the client makes up its own random insertIds", async () => {
    await table.insert([{ id: 'x', n: 1, amount: '123456789012345678.123456789' }]);
    await table.insert([{ id: 'x', n: 1, amount: '123456789012345678.123456789' }]);
    expect(sandbox.rows('events', 'clicks')).toEqual([
      { id: 'x', n: '1', amount: '123456789012345678.123456789' },
      { id: 'x', n: '1', amount: '123456789012345678.123456789' },
    ]);
  });

  it('should answer insertErrors (invalid for the bad row, stopped for the others) and keep the good rows with skipInvalidRows', async () => {
    const err = await rejection(table.insert([{ id: 'ok', n: 1 }, { id: 'bad', n: 'many' }, { id: 'unknown', extra: 1 }], { partialRetries: 0 }));
    expect(err.name).toBe('PartialFailureError');
    expect(err.errors.map((e: { errors: Array<{ reason: string }> }) => e.errors[0]?.reason)).toEqual(['stopped', 'invalid', 'invalid']);
    expect(err.errors[1].errors[0].message).toBe('Cannot convert value to integer (bad value): many');
    expect(err.errors[2].errors[0].message).toBe('no such field: extra.');
    expect(schemaErrors('TableDataInsertAllResponse', err.response)).toBe('');
    expect(sandbox.rows('events', 'clicks')).toEqual([]);

    await rejection(table.insert([{ id: 'ok', n: 1 }, { id: 'bad', n: 'many' }], { skipInvalidRows: true, partialRetries: 0 }));
    await table.insert([{ id: 'more', extra: 1 }], { ignoreUnknownValues: true });
    expect(sandbox.rows('events', 'clicks').map((r) => r['id'])).toEqual(['ok', 'more']);
  });

  it('should issue a token for the demo key (either audience) and refuse a wrong key, scope or audience with Google OAuth errors', async () => {
    const viaGoogleAud = bigQueryFor(sandbox, jwtFor(sandbox.serviceAccountKey, undefined, GOOGLE_TOKEN_URL));
    await viaGoogleAud.dataset('events').getMetadata();

    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const wrongKey = await rejection(bigQueryFor(sandbox, jwtFor({ ...sandbox.serviceAccountKey, private_key: stranger })).dataset('events').getMetadata());
    expect(wrongKey.response?.data ?? wrongKey.message).toEqual({ error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
    const wrongScope = await rejection(bigQueryFor(sandbox, jwtFor(sandbox.serviceAccountKey, ['https://www.googleapis.com/auth/devstorage.read_only'])).dataset('events').getMetadata());
    expect(wrongScope.response?.data).toMatchObject({ error: 'invalid_scope' });
    const wrongAud = await rejection(bigQueryFor(sandbox, jwtFor(sandbox.serviceAccountKey, undefined, 'https://example.test/token')).dataset('events').getMetadata());
    expect(wrongAud.response?.data).toMatchObject({ error: 'invalid_grant', error_description: expect.stringContaining('Failed audience check') });
  });

  it('should answer 401 in Google shape without a token or with an unknown one', async () => {
    const url = `${sandbox.apiEndpoint}/bigquery/v2/projects/${sandbox.projectId}/datasets/events`;
    const none = await fetch(url);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: { code: 401, status: 'UNAUTHENTICATED', errors: [{ reason: 'required', message: expect.any(String), domain: 'global' }] } });
    const unknown = await fetch(url, { headers: { authorization: 'Bearer ya29.made-up' } });
    expect(((await unknown.json()) as { error: { errors: Array<{ reason: string }> } }).error.errors[0]?.reason).toBe('authError');
  });

  it('should surface 403 rateLimitExceeded / quotaExceeded and 429 faults as ApiError code and reason', async () => {
    const client = noRetry(sandbox);
    sandbox.armQuotaFault('rateLimitExceeded', { pathContains: '/queries' });
    const limited = await rejection(client.query(`SELECT COUNT(*) FROM \`${sandbox.projectId}.events.clicks\``));
    expect(limited.code).toBe(403);
    expect(limited.errors[0]).toMatchObject({ reason: 'rateLimitExceeded', domain: 'global' });
    sandbox.armQuotaFault('quotaExceeded');
    const quota = await rejection(client.dataset('events').getMetadata());
    expect(quota.code).toBe(403);
    expect(quota.errors[0].reason).toBe('quotaExceeded');
    sandbox.faults.arm({ kind: 'http-429', count: 1 });
    const tooMany = await rejection(client.dataset('events').getMetadata());
    expect(tooMany.code).toBe(429);
    expect(tooMany.errors[0].reason).toBe('rateLimitExceeded');
    expect(sandbox.requests.list().filter((r) => r.fault !== undefined).map((r) => r.fault)).toEqual(['validation-error', 'validation-error', 'http-429']);
  });

  it('should let the client retry a 503 by itself (backendError)', async () => {
    sandbox.faults.arm({ kind: 'http-503', count: 1, pathContains: '/datasets/events' });
    const [metadata] = await bq.dataset('events').getMetadata();
    expect(metadata.id).toBe(`${sandbox.projectId}:events`);
    expect(sandbox.requests.list({ method: 'GET', pathContains: '/datasets/events' }).map((r) => r.status)).toEqual([503, 200]);
  });

  it('should commit a load whose reply was lost, so the retry with the same jobId gets 409 and the rows are there once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bq-lost-'));
    try {
      const path = join(dir, 'rows.ndjson');
      writeFileSync(path, '{"id":"a","n":1}\n{"id":"b","n":2}\n');
      sandbox.faults.arm({ kind: 'lose-reply', count: 1, pathContains: '/upload/' });
      const lost = await rejection(table.load(path, { sourceFormat: 'NEWLINE_DELIMITED_JSON', jobId: 'load_clicks_7' }));
      expect(lost.code ?? lost.message).toBeDefined();
      const retry = await rejection(table.load(path, { sourceFormat: 'NEWLINE_DELIMITED_JSON', jobId: 'load_clicks_7' }));
      expect(retry.code).toBe(409);
      const [job] = await bq.job('load_clicks_7').getMetadata();
      expect(job.status.state).toBe('DONE');
      expect(sandbox.rows('events', 'clicks')).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
