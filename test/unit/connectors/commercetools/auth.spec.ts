import {
  ConnectorAuthError,
  ConnectorError,
  createCommercetoolsClient,
  missingCommercetoolsScopes,
  commercetoolsNeededScopes,
  qualifyCommercetoolsScopes,
  type Clock,
  type CommercetoolsClientOptions,
  type CommercetoolsCredentials,
  type ConnectorLogger,
} from '@mlc/connectors';
import { manualClock } from '../../../support/manual-clock';
import { AT, CLIENT_ID, CLIENT_SECRET, orderRow, PROJECT, startFakeCommercetools, type FakeCommercetools } from './fake-commercetools';

const NO_SLEEP: Clock = { now: () => Date.now(), sleep: () => Promise.resolve() };

/** A logger that keeps every line as JSON, for the "no secret in logs" assertion. */
function captureLogger(): ConnectorLogger & { text(): string } {
  const lines: string[] = [];
  const log = (level: string) => (obj: Record<string, unknown>, msg: string) => void lines.push(JSON.stringify({ level, msg, ...obj }));
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), text: () => lines.join('\n') };
}

function creds(extra: Partial<CommercetoolsCredentials> = {}): CommercetoolsCredentials {
  return { projectKey: PROJECT, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, region: 'europe-west1.gcp', ...extra };
}

describe('commercetools auth', () => {
  let fake: FakeCommercetools;
  beforeEach(async () => {
    fake = await startFakeCommercetools();
    fake.collection('/orders', [orderRow('o-1', AT(1))]);
  });
  afterEach(async () => fake.close());

  const client = (options: CommercetoolsClientOptions = {}, c = creds()) => createCommercetoolsClient(c, { authUrl: fake.url, apiUrl: fake.url, clock: NO_SLEEP, random: () => 0, ...options });

  it('should request the token with HTTP Basic and a form body of grant_type and the project scopes', async () => {
    await client().orders.get('o-1');
    const [token] = fake.tokenRequests();
    expect(token?.method).toBe('POST');
    expect(token?.headers['authorization']).toBe(`Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`);
    expect(token?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(token?.body);
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('scope')?.split(' ')).toEqual([
      `view_orders:${PROJECT}`,
      `view_payments:${PROJECT}`,
      `view_customers:${PROJECT}`,
      `view_messages:${PROJECT}`,
      `view_project_settings:${PROJECT}`,
      `view_stores:${PROJECT}`,
    ]);
    expect(form.has('client_secret')).toBe(false);
    const api = fake.requests.find((r) => r.path === `/${PROJECT}/orders/o-1`);
    expect(api?.headers['authorization']).toBe('Bearer tok-1');
  });

  it('should add the stock scopes, store-bound order/customer scopes, and qualify explicit bare scopes', async () => {
    expect(commercetoolsNeededScopes('p', ['s1', 's2'], { isStockFlowEnabled: true })).toEqual([
      'view_orders:p:s1',
      'view_orders:p:s2',
      'view_payments:p',
      'view_customers:p:s1',
      'view_customers:p:s2',
      'view_messages:p',
      'view_project_settings:p',
      'view_stores:p',
      'view_products:p',
      'manage_products:p',
    ]);
    expect(qualifyCommercetoolsScopes(['view_orders', 'manage_products:p', 'view_orders'], 'p')).toEqual(['view_orders:p', 'manage_products:p']);
    await client({}, creds({ scopes: ['view_orders', 'view_products'] })).orders.get('o-1');
    expect(new URLSearchParams(fake.tokenRequests()[0]?.body).get('scope')).toBe(`view_orders:${PROJECT} view_products:${PROJECT}`);
  });

  it('should let manage_ and manage_project scopes cover view_ ones, and project scopes cover store-bound ones', () => {
    expect(missingCommercetoolsScopes(['view_orders:p', 'view_payments:p', 'view_orders:p:s1'], ['manage_orders:p'])).toEqual(['view_payments:p']);
    expect(missingCommercetoolsScopes(['view_orders:p:s1', 'view_customers:p:s1'], ['view_orders:p:s1'])).toEqual(['view_customers:p:s1']);
    expect(missingCommercetoolsScopes(['view_orders:p', 'manage_products:p'], ['manage_project:p'])).toEqual([]);
  });

  it('should share one token request among concurrent callers (single-flight)', async () => {
    const c = client();
    await Promise.all(Array.from({ length: 12 }, () => c.orders.get('o-1')));
    expect(fake.tokenRequests()).toHaveLength(1);
    expect(c.tokenRequests).toBe(1);
    expect(fake.count('GET', `/${PROJECT}/orders/o-1`)).toBe(12);
  });

  it('should renew the token shortly before expires_in runs out, not on every call', async () => {
    const clock = manualClock(Date.UTC(2026, 0, 1));
    fake.expiresIn = 3600;
    const c = client({ clock, tokenRenewBeforeMs: 60_000 });
    await c.orders.get('o-1');
    clock.advance(3_500_000); // 58 min 20 s: still 100 s before expiry
    await c.orders.get('o-1');
    expect(fake.tokenRequests()).toHaveLength(1);
    clock.advance(60_000); // 41 s left: inside the renewal margin
    await c.orders.get('o-1');
    expect(fake.tokenRequests()).toHaveLength(2);
    expect(fake.requests.filter((r) => r.path.endsWith('/o-1')).map((r) => r.headers['authorization'])).toEqual(['Bearer tok-1', 'Bearer tok-1', 'Bearer tok-2']);
  });

  it('should get a fresh token once on 401 and retry the call once', async () => {
    const c = client();
    await c.orders.get('o-1');
    fake.revoke();
    await expect(c.orders.get('o-1')).resolves.toMatchObject({ id: 'o-1' });
    expect(fake.tokenRequests()).toHaveLength(2);
    expect(fake.count('GET', `/${PROJECT}/orders/o-1`)).toBe(3);
  });

  it('should surface a second 401 as ConnectorAuthError with the invalid_token code, after exactly one re-auth', async () => {
    fake.route('GET', `/${PROJECT}/orders/o-1`, [{ status: 401, body: { statusCode: 401, message: 'invalid_token', errors: [{ code: 'invalid_token', message: 'invalid_token' }], error: 'invalid_token' } }]);
    const err = await client().orders.get('o-1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorAuthError);
    expect((err as ConnectorAuthError).oauthError).toBe('invalid_token');
    expect(fake.count('GET', `/${PROJECT}/orders/o-1`)).toBe(2);
    expect(fake.tokenRequests()).toHaveLength(2);
  });

  it('should map a rejected client to ConnectorAuthError invalid_client without the secret in the error or logs', async () => {
    const logger = captureLogger();
    const err = await client({ logger }, creds({ clientSecret: `${CLIENT_SECRET}-wrong` }))
      .orders.get('o-1')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorAuthError);
    expect((err as ConnectorAuthError).oauthError).toBe('invalid_client');
    expect((err as ConnectorAuthError).status).toBe(401);
    const seen = `${String(err)} ${JSON.stringify(err)} ${(err as Error).stack ?? ''} ${logger.text()}`;
    expect(seen).not.toContain(CLIENT_SECRET);
    expect(seen).not.toContain(Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}-wrong`).toString('base64'));
  });

  it('should never log the secret or the token while working normally', async () => {
    const logger = captureLogger();
    const c = client({ logger });
    await c.orders.get('o-1');
    fake.revoke();
    await c.orders.get('o-1');
    const text = logger.text();
    expect(text).toContain('access token obtained');
    expect(text).not.toContain(CLIENT_SECRET);
    expect(text).not.toMatch(/tok-\d/);
  });

  it('should retry a token endpoint 503 inside the single flight', async () => {
    fake.route('POST', '/oauth/token', [{ status: 503, body: 'upstream' }, { body: { access_token: 'late-token', expires_in: 100, scope: '', token_type: 'Bearer' } }]);
    fake.tokens.push('late-token');
    await expect(client().orders.get('o-1')).resolves.toMatchObject({ id: 'o-1' });
    expect(fake.tokenRequests()).toHaveLength(2);
  });

  it.each([
    ['no hosts', { projectKey: PROJECT, clientId: 'a', clientSecret: 'b' }],
    ['a bad project key', { region: 'europe-west1.gcp' as const, projectKey: 'x', clientId: 'a', clientSecret: 'b' }],
    ['an unknown region', { region: 'mars-1.aws', projectKey: PROJECT, clientId: 'a', clientSecret: 'b' }],
  ])('should refuse %s with a configuration error', (_name, c) => {
    expect(() => createCommercetoolsClient(c as CommercetoolsCredentials)).toThrow(ConnectorError);
  });

  it('should derive the regional hosts', () => {
    const c = createCommercetoolsClient(creds({ region: 'us-east-2.aws' }));
    expect(c.settings.authUrl).toBe('https://auth.us-east-2.aws.commercetools.com');
    expect(c.settings.apiUrl).toBe('https://api.us-east-2.aws.commercetools.com');
  });
});
