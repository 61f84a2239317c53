import { ADOBE_COMMERCE_IMS_SCOPE, ConnectorAuthError, createAdobeCommerceClient, type AdobeCommerceClient } from '@mlc/connectors';
import { startCountingServer, type CountingServer } from '../../../support/counting-server';
import { manualClock } from '../../../support/manual-clock';

const CREDS = { auth: 'ims' as const, clientId: 'client-1', clientSecret: 'secret-1', imsOrgId: 'ORG1@AdobeOrg' };
const ORDER = (id: number) => ({ entity_id: id, customer_email: 'a@example.com', grand_total: 10, base_grand_total: 10, items: [] });

describe('AdobeCommerceClient (SaaS, IMS) against a counting server', () => {
  let server: CountingServer;
  let client: AdobeCommerceClient;
  let clock: ReturnType<typeof manualClock>;
  let tokens: number;

  beforeEach(async () => {
    server = await startCountingServer();
    tokens = 0;
    server.route('POST', '/ims/token/v3', () => {
      tokens += 1;
      return { delayMs: 20, body: { access_token: `tok-${tokens}`, token_type: 'bearer', expires_in: 86_399 } };
    });
    server.route('GET', '/t1/V1/orders/*', (r) => ({ body: ORDER(Number(r.path.split('/').pop())) }));
    clock = manualClock(Date.UTC(2024, 4, 1, 12));
    client = createAdobeCommerceClient(CREDS, { flavour: 'saas', baseUrl: `${server.url}/t1`, storeCode: 'de_store', imsTokenUrl: `${server.url}/ims/token/v3`, clock, random: () => 0.5 });
  });
  afterEach(async () => server.close());

  it('should share one token request among 10 parallel calls and send the IMS headers', async () => {
    const orders = await Promise.all(Array.from({ length: 10 }, (_, i) => client.orders.get(i + 1)));
    expect(orders.map((o) => o.entity_id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(server.count('POST', '/ims/token/v3')).toBe(1);
    expect(client.imsTokenRequests).toBe(1);
    const form = new URLSearchParams(server.requests.find((r) => r.path === '/ims/token/v3')?.body ?? '');
    expect(Object.fromEntries(form)).toEqual({ grant_type: 'client_credentials', client_id: 'client-1', client_secret: 'secret-1', scope: ADOBE_COMMERCE_IMS_SCOPE });
    expect(ADOBE_COMMERCE_IMS_SCOPE).toBe('openid,AdobeID,email,profile,additional_info.roles,additional_info.projectedProductContext,commerce.accs');
    const call = server.requests.find((r) => r.path === '/t1/V1/orders/1');
    expect(call?.headers).toMatchObject({ authorization: 'Bearer tok-1', 'x-api-key': 'client-1', 'x-gw-ims-org-id': 'ORG1@AdobeOrg', store: 'de_store' });
  });

  it('should get one new token and retry once on a 401, then give up on a second 401', async () => {
    server.route('GET', '/t1/V1/orders/7', [{ status: 401, body: { message: 'The request is not authorized.' } }, { body: ORDER(7) }]);
    await client.orders.get(7);
    expect(server.count('POST', '/ims/token/v3')).toBe(2);
    expect(server.requests.filter((r) => r.path === '/t1/V1/orders/7').map((r) => r.headers['authorization'])).toEqual(['Bearer tok-1', 'Bearer tok-2']);
    server.route('GET', '/t1/V1/orders/8', [{ status: 401, body: { message: 'The request is not authorized.' } }]);
    await expect(client.orders.get(8)).rejects.toBeInstanceOf(ConnectorAuthError);
    expect(server.count('GET', '/t1/V1/orders/8')).toBe(2);
    expect(server.count('POST', '/ims/token/v3')).toBe(3);
  });

  it('should renew the token before expires_in runs out', async () => {
    await client.orders.get(1);
    clock.advance(86_399_000 - 120_000);
    await client.orders.get(2);
    expect(server.count('POST', '/ims/token/v3')).toBe(1);
    clock.advance(90_000);
    await client.orders.get(3);
    expect(server.count('POST', '/ims/token/v3')).toBe(2);
  });

  it('should send Store: all for a global product write and the store view otherwise', async () => {
    server.route('PUT', '/t1/V1/products/SKU-1', [{ body: { sku: 'SKU-1' } }]);
    server.route('GET', '/t1/V1/store/storeViews', [{ body: [{ id: 1, code: 'de_store', name: 'DE', website_id: 1, store_group_id: 1, is_active: 1 }] }]);
    await client.products.updateAttributes({ sku: 'SKU-1', attributes: { visma_last_purchase_order: 'PO-1' } });
    await client.storeViews.list();
    expect(server.requests.find((r) => r.method === 'PUT')?.headers['store']).toBe('all');
    expect(server.requests.find((r) => r.path === '/t1/V1/store/storeViews')?.headers['store']).toBe('de_store');
  });

  it('should report a rejected IMS client in ping', async () => {
    server.route('POST', '/ims/token/v3', [{ status: 400, body: { error: 'invalid_client', error_description: 'invalid client_secret parameter' } }]);
    const report = await client.ping();
    expect(report.ok).toBe(false);
    expect(report.steps.find((s) => s.step === 'auth')).toMatchObject({ status: 'failed', code: 'ims_token_rejected' });
    expect(report.authFlavour).toBe('ims');
  });
});
