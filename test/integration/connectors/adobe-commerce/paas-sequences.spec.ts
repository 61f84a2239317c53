import {
  AdobeCommerceAclError,
  ConnectorAuthError,
  ConnectorNotFoundError,
  ConnectorRateLimitedError,
  collectAll,
  createAdobeCommerceClient,
  type AdobeCommerceClient,
} from '@mlc/connectors';
import { startCountingServer, type CountingServer, type RecordedRequest } from '../../../support/counting-server';
import { manualClock } from '../../../support/manual-clock';
import { magentoExpectedSignature } from '../../../unit/connectors/adobe-commerce/magento-oauth';

const CREDS = { auth: 'oauth1' as const, consumerKey: 'ck_live', consumerSecret: 'cs_live', accessToken: 'at_live', accessTokenSecret: 'ats_live' };
const ORDER = { entity_id: 5, increment_id: '000000005', customer_email: 'a@example.com', grand_total: 105.5, base_grand_total: 105.5, updated_at: '2024-05-01 10:00:00', items: [{ sku: 'ab/cd', price: 50, extension: 'kept' }], gift_message: 'kept too' };

describe('AdobeCommerceClient (PaaS, OAuth 1.0a) against a counting server', () => {
  let server: CountingServer;
  let client: AdobeCommerceClient;
  let clock: ReturnType<typeof manualClock>;

  beforeEach(async () => {
    server = await startCountingServer();
    clock = manualClock(Date.UTC(2024, 4, 1, 12));
    client = createAdobeCommerceClient(CREDS, { flavour: 'paas', baseUrl: server.url, storeCode: 'default', clock, random: () => 0.5 });
  });
  afterEach(async () => server.close());

  const checkSignature = (r: RecordedRequest, method: string): void => {
    const authorization = String(r.headers['authorization']);
    const q = r.query.toString();
    const url = q === '' ? `${server.url}${r.path}` : `${server.url}${r.path}?${[...r.query].map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())}`).join('&')}`;
    const check = magentoExpectedSignature(method, url, authorization, CREDS.consumerSecret, CREDS.accessTokenSecret);
    expect(check.given).toBe(check.expected);
  };

  it('should GET an order under /rest/<store>/V1 with a valid HMAC-SHA256 signature and keep unknown fields', async () => {
    server.route('GET', '/rest/default/V1/orders/5', [{ body: ORDER }]);
    const order = await client.orders.get(5);
    expect(order.grand_total).toBe(105.5);
    expect((order as Record<string, unknown>)['gift_message']).toBe('kept too');
    const [req] = server.requests;
    expect(String(req?.headers['authorization'])).toMatch(/^OAuth .*oauth_signature_method="HMAC-SHA256"/);
    checkSignature(req as RecordedRequest, 'GET');
  });

  it('should sign an SKU with a slash as %2F and PUT attributes through /rest/all', async () => {
    server.route('GET', '/rest/default/V1/products/ab%2Fcd', [{ body: { sku: 'ab/cd', id: 1 } }]);
    server.route('PUT', '/rest/all/V1/products/ab%2Fcd', [{ body: { sku: 'ab/cd', id: 1 } }]);
    await client.products.get('ab/cd');
    await client.products.updateAttributes({ sku: 'ab/cd', cost: '12.50', attributes: { visma_last_supplier_invoice: 'INV-9' } });
    const [get, put] = server.requests;
    checkSignature(get as RecordedRequest, 'GET');
    checkSignature(put as RecordedRequest, 'PUT');
    expect(put?.json).toEqual({ product: { sku: 'ab/cd', custom_attributes: [{ attribute_code: 'visma_last_supplier_invoice', value: 'INV-9' }, { attribute_code: 'cost', value: '12.50' }] } });
  });

  it('should retry a 503 and a 429 with Retry-After, signing each attempt with a fresh nonce', async () => {
    server.route('GET', '/rest/default/V1/orders/5', [{ status: 503, body: { message: 'busy' } }, { status: 429, headers: { 'retry-after': '1' }, body: { message: 'slow down' } }, { body: ORDER }]);
    await client.orders.get(5);
    expect(server.count('GET', '/rest/default/V1/orders/5')).toBe(3);
    const nonces = server.requests.map((r) => /oauth_nonce="([^"]+)"/.exec(String(r.headers['authorization']))?.[1]);
    expect(new Set(nonces).size).toBe(3);
    expect(clock.sleeps).toContain(1000);
    server.requests.forEach((r) => checkSignature(r, 'GET'));
  });

  it('should surface a long Retry-After as a rate-limited error carrying the wait', async () => {
    server.route('GET', '/rest/default/V1/orders/5', [{ status: 429, headers: { 'retry-after': '30' }, body: { message: 'slow down' } }]);
    await expect(client.orders.get(5)).rejects.toMatchObject({ constructor: ConnectorRateLimitedError, waitMs: 30_000 });
    expect(server.count('GET', '/rest/default/V1/orders/5')).toBe(1);
  });

  it('should not retry a 401 (integration tokens never change) and name a missing ACL resource', async () => {
    server.route('GET', '/rest/default/V1/orders/5', [{ status: 401, body: { message: 'The signature is invalid. Verify and try again.' } }]);
    await expect(client.orders.get(5)).rejects.toBeInstanceOf(ConnectorAuthError);
    expect(server.count('GET', '/rest/default/V1/orders/5')).toBe(1);
    server.route('GET', '/rest/default/V1/invoices/3', [{ status: 401, body: { message: "The consumer isn't authorized to access %resources.", parameters: { resources: 'Magento_Sales::sales_invoice' } } }]);
    const err: unknown = await client.invoices.get(3).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdobeCommerceAclError);
    expect((err as AdobeCommerceAclError).missingAclResources).toEqual(['Magento_Sales::sales_invoice']);
    expect((err as AdobeCommerceAclError).providerMessage).toBe("The consumer isn't authorized to access Magento_Sales::sales_invoice.");
  });

  it('should map a 404 to not-found with the rendered phrase', async () => {
    server.route('GET', '/rest/default/V1/customers/99', [{ status: 404, body: { message: 'No such entity with %fieldName = %fieldValue', parameters: { fieldName: 'customerId', fieldValue: '99' } } }]);
    await expect(client.customers.get(99)).rejects.toMatchObject({ constructor: ConnectorNotFoundError, providerMessage: 'No such entity with customerId = 99' });
  });

  it('should list credit memos modified in a window with signed bracketed queries, never reading past total_count', async () => {
    const memos = Array.from({ length: 5 }, (_, i) => ({ entity_id: i + 1, order_id: 1, updated_at: `2024-05-01 10:00:0${i}`, items: [] }));
    server.route('GET', '/rest/default/V1/creditmemos', (r) => {
      const size = Number(r.query.get('searchCriteria[pageSize]'));
      const from = r.query.get('searchCriteria[filter_groups][0][filters][0][value]') ?? '';
      const hit = memos.filter((m) => m.updated_at >= from);
      const page = Number(r.query.get('searchCriteria[currentPage]'));
      return { body: { items: hit.slice((page - 1) * size, page * size), search_criteria: {}, total_count: hit.length } };
    });
    const got = await collectAll(client.creditMemos.listModified({ since: new Date('2024-05-01T10:00:00Z'), until: new Date('2024-05-01T11:00:00Z'), pageSize: 2 }));
    expect(got.map((m) => m.entity_id)).toEqual([1, 2, 3, 4, 5]);
    for (const r of server.requests) {
      expect(r.query.get('searchCriteria[pageSize]')).toBe('2');
      expect(r.query.get('searchCriteria[sortOrders][0][field]')).toBe('updated_at');
      expect(r.query.get('searchCriteria[sortOrders][1][field]')).toBe('entity_id');
      expect(r.query.get('searchCriteria[filter_groups][1][filters][0][value]')).toBe('2024-05-01 11:00:00');
      checkSignature(r, 'GET');
    }
    expect(server.requests[0]?.query.get('searchCriteria[filter_groups][0][filters][0][value]')).toBe('2024-05-01 09:59:55');
    // Keyset paging re-reads the boundary second once per page (5 rows, pages of 2: 4 calls, none past the end).
    expect(server.requests.length).toBe(4);
  });

});
