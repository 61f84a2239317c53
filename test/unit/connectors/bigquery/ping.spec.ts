import { BigQueryExportClient } from '@mlc/connectors';
import { startCountingServer, type CountingServer, type ScriptedResponse } from '../../../support/counting-server';
import { makeServiceAccountKey } from './test-key';


const P = 'mlc-export-test';
const denied = (what: string): ScriptedResponse => ({ status: 403, body: { error: { code: 403, message: `Access Denied: ${what}: Permission bigquery.x denied`, errors: [{ reason: 'accessDenied', message: `Access Denied: ${what}` }] } } });

// The BigQuery sandbox simulates no IAM, so the 403 accessDenied answers of missing roles are scripted here.
describe(`${BigQueryExportClient.name}.ping (scripted server)`, () => {
  let server: CountingServer;
  let client: BigQueryExportClient;

  beforeEach(async () => {
    server = await startCountingServer();
    const tokenUrl = `${server.url}/token`;
    server.route('POST', '/token', [{ body: { access_token: 'ya29.unit', expires_in: 3600 } }]);
    server.route('GET', `/bigquery/v2/projects/${P}/datasets`, [{ body: { datasets: [] } }]);
    server.route('GET', `/bigquery/v2/projects/${P}/datasets/exports`, [{ body: { datasetReference: { datasetId: 'exports' }, location: 'EU' } }]);
    const { key } = makeServiceAccountKey({ token_uri: tokenUrl });
    client = new BigQueryExportClient({ key, apiEndpoint: server.url, allowedTokenUris: [tokenUrl], retry: { maxAttempts: 1 } });
  });
  afterEach(() => server.close());

  it('should name the missing roles (data editor and job user) without quoting the remote message', async () => {
    server.route('POST', `/upload/bigquery/v2/projects/${P}/jobs`, [denied('Table mlc-export-test:exports._mlc_ping')]);
    server.route('POST', `/bigquery/v2/projects/${P}/jobs`, [denied('Project mlc-export-test')]);
    const report = await client.ping('exports');
    expect(report.checks.map((c) => [c.name, c.ok, c.code])).toEqual([
      ['key', true, 'ok'],
      ['token', true, 'ok'],
      ['project', true, 'ok'],
      ['dataset', true, 'ok'],
      ['data-editor', false, 'access_denied'],
      ['job-user', false, 'access_denied'],
    ]);
    expect(report.checks[4]?.detail).toContain('BigQuery Data Editor');
    expect(report.checks[5]?.detail).toContain('BigQuery Job User');
    expect(JSON.stringify(report)).not.toContain('Permission bigquery.x denied');
    const upload = server.requests.find((r) => r.path.startsWith('/upload/'));
    expect(upload?.body).toContain('"dryRun":true');
    const query = server.requests.find((r) => r.path === `/bigquery/v2/projects/${P}/jobs`);
    expect(query?.json).toMatchObject({ configuration: { dryRun: true, query: { query: 'SELECT 1', useLegacySql: false } } });
  });

  it('should report a dataset it may neither read nor create, and skip the load check', async () => {
    server.route('GET', `/bigquery/v2/projects/${P}/datasets/exports`, [{ status: 404, body: { error: { code: 404, errors: [{ reason: 'notFound' }] } } }]);
    server.route('POST', `/bigquery/v2/projects/${P}/datasets`, [denied('Project mlc-export-test')]);
    server.route('POST', `/bigquery/v2/projects/${P}/jobs`, [{ body: { jobReference: { jobId: 'x' }, status: { state: 'DONE' } } }]);
    const report = await client.ping('exports');
    expect(report.checks.map((c) => [c.name, c.code])).toEqual([
      ['key', 'ok'],
      ['token', 'ok'],
      ['project', 'ok'],
      ['dataset', 'access_denied'],
      ['data-editor', 'skipped'],
      ['job-user', 'ok'],
    ]);
    expect(report.ok).toBe(false);
    expect(report.summary).toContain('neither read nor create');
  });
});
