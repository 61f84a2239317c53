import { commercetoolsNeededScopes, createCommercetoolsClient, type Clock, type CommercetoolsCredentials, type PingStep } from '@mlc/connectors';
import { CLIENT_ID, CLIENT_SECRET, fixture, PROJECT, startFakeCommercetools, type FakeCommercetools } from './fake-commercetools';

const NO_SLEEP: Clock = { now: () => Date.now(), sleep: () => Promise.resolve() };
const PROJECT_BODY = {
  key: PROJECT,
  name: 'Shop EU',
  version: 4,
  countries: ['DE', 'NO'],
  currencies: ['EUR', 'NOK'],
  languages: ['en', 'de'],
  createdAt: '2024-01-01T00:00:00.000Z',
  messages: { enabled: true, deleteDaysAfterCreation: 15 },
  carts: { deleteDaysAfterLastModification: 90, countryTaxRateFallbackEnabled: false },
  inventory: {},
  discounts: { discountCombinationMode: 'Stacking' },
};
const store = (key: string) => ({ ...fixture('store.example.json'), id: `id-${key}`, key, name: { en: `Store ${key}` }, lastModifiedAt: '2024-01-01T00:00:00.000Z' });

function byStep(steps: PingStep[]): Record<string, Pick<PingStep, 'status' | 'code'>> {
  return Object.fromEntries(steps.map((s) => [s.step, { status: s.status, code: s.code }]));
}

describe('commercetools ping', () => {
  let fake: FakeCommercetools;
  beforeEach(async () => {
    fake = await startFakeCommercetools();
    fake.route('GET', `/${PROJECT}`, (req) => (String(req.headers['authorization']).startsWith('Bearer tok-') ? { body: PROJECT_BODY } : { status: 401, body: {} }));
    fake.collection('/stores', [store('store-a'), store('store-b')]);
    fake.route('GET', `/${PROJECT}/stores/key=*`, (req) => {
      const key = req.path.split('key=')[1] ?? '';
      return ['store-a', 'store-b'].includes(key) ? { body: store(key) } : { status: 404, body: { statusCode: 404, message: `The Resource with key '${key}' was not found.`, errors: [{ code: 'ResourceNotFound', message: `The Resource with key '${key}' was not found.` }] } };
    });
  });
  afterEach(async () => fake.close());

  const ping = (creds: Partial<CommercetoolsCredentials> = {}) =>
    createCommercetoolsClient({ projectKey: PROJECT, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, region: 'europe-west1.gcp', ...creds }, { authUrl: fake.url, apiUrl: fake.url, clock: NO_SLEEP, random: () => 0 }).ping();

  it('should report every step ok with the project, messages retention and stores', async () => {
    const report = await ping();
    expect(report.ok).toBe(true);
    expect(byStep(report.steps)).toEqual({
      reachable: { status: 'ok', code: 'ok' },
      auth: { status: 'ok', code: 'token_obtained' },
      tenant: { status: 'ok', code: 'project_found' },
      permissions: { status: 'ok', code: 'scopes_granted' },
      webhooks: { status: 'ok', code: 'messages_enabled' },
      company: { status: 'ok', code: 'stores_visible' },
    });
    expect(report.steps.map((s) => s.step)).toEqual(['reachable', 'auth', 'tenant', 'permissions', 'webhooks', 'company']);
    expect(report).toMatchObject({ system: 'commercetools', companyName: 'Shop EU', projectKey: PROJECT, missingScopes: [], messages: { enabled: true, deleteDaysAfterCreation: 15 } });
    expect(report.stores).toEqual([{ key: 'store-a', name: 'Store store-a' }, { key: 'store-b', name: 'Store store-b' }]);
    expect(report.project?.currencies).toEqual(['EUR', 'NOK']);
    expect(report.summary).toBe('Connected to commercetools project "Shop EU".');
  });

  it('should name the missing scopes when the granted set lacks some', async () => {
    const needed = commercetoolsNeededScopes(PROJECT, []);
    fake.grant = needed.filter((s) => !s.startsWith('view_payments') && !s.startsWith('view_messages'));
    fake.route('POST', '/oauth/token', () => {
      // The auth API grants fewer scopes than asked for and says so in `scope`.
      const token = `tok-${fake.tokens.length + 1}`;
      fake.tokens.push(token);
      return { body: { access_token: token, token_type: 'Bearer', expires_in: 3600, scope: (fake.grant ?? []).join(' ') } };
    });
    const report = await ping();
    expect(report.ok).toBe(false);
    expect(byStep(report.steps)['permissions']).toEqual({ status: 'failed', code: 'missing_scopes' });
    expect(report.missingScopes).toEqual([`view_payments:${PROJECT}`, `view_messages:${PROJECT}`]);
    expect(report.summary).toContain(`view_payments:${PROJECT}, view_messages:${PROJECT}`);
  });

  it('should learn the granted scopes with a second token request when the requested ones are refused (invalid_scope)', async () => {
    fake.grant = [`view_orders:${PROJECT}`, `view_customers:${PROJECT}`, `view_project_settings:${PROJECT}`];
    const report = await ping();
    expect(byStep(report.steps)).toMatchObject({ reachable: { status: 'ok' }, auth: { status: 'ok', code: 'credentials_accepted' }, permissions: { status: 'failed', code: 'missing_scopes' }, tenant: { status: 'skipped' } });
    expect(report.missingScopes).toEqual([`view_payments:${PROJECT}`, `view_messages:${PROJECT}`, `view_stores:${PROJECT}`]);
    expect(report.grantedScopes).toEqual(fake.grant);
    const probes = fake.tokenRequests().map((r) => new URLSearchParams(r.body).get('scope'));
    expect(probes).toHaveLength(2);
    expect(probes[1]).toBeNull();
  });

  it('should warn (not fail) when messages are disabled', async () => {
    fake.route('GET', `/${PROJECT}`, [{ body: { ...PROJECT_BODY, messages: { enabled: false } } }]);
    const report = await ping();
    expect(report.ok).toBe(true);
    expect(byStep(report.steps)['webhooks']).toEqual({ status: 'warning', code: 'messages_disabled' });
    expect(report.messages).toEqual({ enabled: false, deleteDaysAfterCreation: undefined });
  });

  it('should fail on a configured store key that does not exist, and check each key', async () => {
    const report = await ping({ storeKeys: ['store-a', 'store-x'] });
    expect(report.ok).toBe(false);
    expect(byStep(report.steps)['company']).toEqual({ status: 'failed', code: 'store_missing' });
    expect(report.missingStoreKeys).toEqual(['store-x']);
    expect(report.stores).toEqual([{ key: 'store-a', name: 'Store store-a' }]);
    expect(fake.count('GET', `/${PROJECT}/stores`)).toBe(0);
  });

  it('should fail the auth step on invalid_client and skip the rest', async () => {
    const report = await ping({ clientSecret: 'wrong' });
    expect(byStep(report.steps)).toEqual({
      reachable: { status: 'ok', code: 'ok' },
      auth: { status: 'failed', code: 'invalid_client' },
      tenant: { status: 'skipped', code: 'skipped' },
      permissions: { status: 'skipped', code: 'skipped' },
      webhooks: { status: 'skipped', code: 'skipped' },
      company: { status: 'skipped', code: 'skipped' },
    });
    expect(JSON.stringify(report)).not.toContain(CLIENT_SECRET);
  });

  it('should fail the tenant step when the project key does not exist', async () => {
    fake.route('GET', `/${PROJECT}`, [{ status: 404, body: { statusCode: 404, message: `The project '${PROJECT}' does not exist.`, errors: [{ code: 'ResourceNotFound', message: 'no project' }] } }]);
    const report = await ping();
    expect(byStep(report.steps)['tenant']).toEqual({ status: 'failed', code: 'project_not_found' });
    expect(report.ok).toBe(false);
  });

  it('should fail reachable when the auth API cannot be reached', async () => {
    const report = await createCommercetoolsClient(
      { projectKey: PROJECT, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, authUrl: 'http://127.0.0.1:9', apiUrl: fake.url },
      { clock: NO_SLEEP, random: () => 0 },
    ).ping();
    expect(byStep(report.steps)['reachable']).toEqual({ status: 'failed', code: 'connection_refused' });
  });
});
