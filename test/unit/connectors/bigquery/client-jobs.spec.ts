import { Readable } from 'node:stream';
import { BigQueryExportClient, BigQueryJobFailedError } from '@mlc/connectors';
import { startCountingServer, type CountingServer, type ScriptedResponse } from '../../../support/counting-server';
import { manualClock } from '../../../support/manual-clock';
import { makeServiceAccountKey } from './test-key';


const P = 'mlc-export-test';
const JOBS = `/bigquery/v2/projects/${P}/jobs`;

const job = (jobId: string, state: string, extra: Record<string, unknown> = {}): ScriptedResponse => ({ body: { kind: 'bigquery#job', jobReference: { projectId: P, jobId, location: 'EU' }, status: { state }, ...extra } });
const bqError = (code: number, reason: string, headers: Record<string, string> = {}): ScriptedResponse => ({ status: code, headers, body: { error: { code, message: `${reason} message`, errors: [{ reason, message: `${reason} message` }] } } });

describe(`${BigQueryExportClient.name} jobs (scripted server)`, () => {
  let server: CountingServer;
  let client: BigQueryExportClient;

  beforeEach(async () => {
    server = await startCountingServer();
    const tokenUrl = `${server.url}/token`;
    server.route('POST', '/token', [{ body: { access_token: 'ya29.unit', expires_in: 3600, token_type: 'Bearer' } }]);
    const { key } = makeServiceAccountKey({ token_uri: tokenUrl });
    client = new BigQueryExportClient({ key, apiEndpoint: server.url, allowedTokenUris: [tokenUrl], location: 'EU', clock: manualClock(Date.now()), random: () => 0.5, retry: { baseDelayMs: 10 } });
  });
  afterEach(() => server.close());

  it('should stream NDJSON to the multipart upload path with the caller job id, wait for DONE and return outputRows', async () => {
    let polls = 0;
    server.route('GET', `${JOBS}/load_1`, () => {
      polls += 1;
      if (polls === 1) return bqError(404, 'notFound');
      return polls === 2 ? job('load_1', 'RUNNING') : job('load_1', 'DONE', { statistics: { load: { outputRows: '2' } }, configuration: { load: { destinationTable: { projectId: P, datasetId: 'ds', tableId: 'stage' } } } });
    });
    server.route('POST', `/upload${JOBS}`, [job('load_1', 'RUNNING')]);
    const source = Readable.from(['{"id":"a"}\n', '{"id":"b"}\n']);
    const result = await client.loadNdjson({ datasetId: 'ds', tableId: 'stage', jobId: 'load_1', source, schema: [{ name: 'id', type: 'STRING' }], writeDisposition: 'WRITE_TRUNCATE' });
    expect(result).toEqual({ jobId: 'load_1', state: 'DONE', outputRows: 2, isReused: false });
    const upload = server.requests.find((r) => r.path === `/upload${JOBS}`);
    expect(upload?.query.get('uploadType')).toBe('multipart');
    expect(upload?.headers['authorization']).toBe('Bearer ya29.unit');
    expect(upload?.body).toContain('"jobId":"load_1"');
    expect(upload?.body).toContain('"writeDisposition":"WRITE_TRUNCATE"');
    expect(upload?.body).toContain('"sourceFormat":"NEWLINE_DELIMITED_JSON"');
    expect(upload?.body).toContain('{"id":"a"}\n{"id":"b"}\n');
    expect(server.count('POST', '/token')).toBe(1);
  });

  it('should not upload again when the job id exists already', async () => {
    server.route('GET', `${JOBS}/load_2`, [job('load_2', 'DONE', { statistics: { load: { outputRows: '5' } } })]);
    const result = await client.loadNdjson({ datasetId: 'ds', tableId: 'stage', jobId: 'load_2', source: Readable.from(['{}\n']), schema: [], writeDisposition: 'WRITE_APPEND' });
    expect(result).toEqual({ jobId: 'load_2', state: 'DONE', outputRows: 5, isReused: true });
    expect(server.count('POST', `/upload${JOBS}`)).toBe(0);
  });

  it('should treat a 409 duplicate on upload as the existing job', async () => {
    let polls = 0;
    server.route('GET', `${JOBS}/load_3`, () => (++polls === 1 ? bqError(404, 'notFound') : job('load_3', 'DONE', { statistics: { load: { outputRows: '1' } } })));
    server.route('POST', `/upload${JOBS}`, [bqError(409, 'duplicate')]);
    const result = await client.loadNdjson({ datasetId: 'ds', tableId: 'stage', jobId: 'load_3', source: Readable.from(['{}\n']), schema: [], writeDisposition: 'WRITE_APPEND' });
    expect(result.isReused).toBe(true);
  });

  it('should throw BigQueryJobFailedError with the job errors when the job is DONE with errorResult', async () => {
    server.route('GET', `${JOBS}/load_4`, () => (server.count('GET', `${JOBS}/load_4`) === 1 ? bqError(404, 'notFound') : job('load_4', 'DONE', { status: { state: 'DONE', errorResult: { reason: 'invalid', message: 'Error while reading data' }, errors: [{ reason: 'invalid', message: 'row 2: no such field x' }] } })));
    server.route('POST', `/upload${JOBS}`, [job('load_4', 'RUNNING')]);
    const e = await client.loadNdjson({ datasetId: 'ds', tableId: 'stage', jobId: 'load_4', source: Readable.from(['{"x":1}\n']), schema: [], writeDisposition: 'WRITE_APPEND' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BigQueryJobFailedError);
    expect(e).toMatchObject({ jobId: 'load_4', reason: 'invalid', code: 'validation_failed', retryable: false });
    expect((e as BigQueryJobFailedError).errors.map((x) => x.message)).toEqual(['Error while reading data', 'row 2: no such field x']);
  });

  it('should reuse the existing query job on 409 and return numDmlAffectedRows', async () => {
    server.route('POST', JOBS, [bqError(409, 'duplicate')]);
    server.route('GET', `${JOBS}/merge_1`, [job('merge_1', 'DONE', { statistics: { query: { statementType: 'MERGE', numDmlAffectedRows: '3' } } })]);
    const result = await client.runQuery({ jobId: 'merge_1', query: 'MERGE t USING s ON t.id = s.id WHEN NOT MATCHED THEN INSERT ROW' });
    expect(result).toEqual({ jobId: 'merge_1', state: 'DONE', statementType: 'MERGE', numDmlAffectedRows: 3, isReused: true });
    const insert = server.requests.find((r) => r.method === 'POST' && r.path === JOBS);
    expect(insert?.json).toMatchObject({ jobReference: { jobId: 'merge_1', location: 'EU' }, configuration: { query: { useLegacySql: false } } });
  });

  it('should back off on 403 quotaExceeded and send the query job once more (the library retry is off)', async () => {
    server.route('POST', JOBS, [bqError(403, 'quotaExceeded'), job('merge_2', 'RUNNING')]);
    server.route('GET', `${JOBS}/merge_2`, [job('merge_2', 'DONE', { statistics: { query: { statementType: 'MERGE', numDmlAffectedRows: '0' } } })]);
    const result = await client.runQuery({ jobId: 'merge_2', query: 'MERGE x', params: { since: '2026-01-01' } });
    expect(result).toMatchObject({ isReused: false, numDmlAffectedRows: 0 });
    expect(server.count('POST', JOBS)).toBe(2);
    expect(client.retrier.retries).toBe(1);
  });

  it('should not retry 403 accessDenied', async () => {
    server.route('POST', JOBS, [bqError(403, 'accessDenied')]);
    await expect(client.runQuery({ jobId: 'merge_3', query: 'MERGE x' })).rejects.toMatchObject({ name: 'BigQueryApiError', status: 403, reason: 'accessDenied', jobId: 'merge_3' });
    expect(server.count('POST', JOBS)).toBe(1);
  });
});
