import { createAdobeCommerceClient, type AdobeCommerceClient } from '@mlc/connectors';
import { startCountingServer, type CountingServer } from '../../../support/counting-server';

const VIEWS = [
  { id: 1, code: 'default', name: 'Default Store View', website_id: 1, store_group_id: 1, is_active: 1 },
  { id: 2, code: 'de', name: 'German', website_id: 1, store_group_id: 1, is_active: 1 },
];
const EMPTY = { items: [], search_criteria: {}, total_count: 0 };
const ACL = (resource: string) => ({ status: 401, body: { message: "The consumer isn't authorized to access %resources.", parameters: { resources: resource } } });

describe('AdobeCommerceClient.ping (PaaS, bearer)', () => {
  let server: CountingServer;
  let client: AdobeCommerceClient;

  beforeEach(async () => {
    server = await startCountingServer();
    server.route('GET', '/rest/default/V1/store/storeViews', [{ body: VIEWS }]);
    for (const p of ['orders', 'invoices', 'creditmemos', 'customers/search', 'products']) server.route('GET', `/rest/default/V1/${p}`, [{ body: EMPTY }]);
    server.route('GET', '/rest/default/V1/modules', [{ body: ['Magento_Sales', 'Magento_AdobeCommerceWebhooks'] }]);
    server.route('GET', '/rest/default/V1/products/attributes/*', (r) => ({ body: { attribute_code: r.path.split('/').pop(), frontend_input: 'text', entity_type_id: '4', is_required: false, frontend_labels: [] } }));
    client = createAdobeCommerceClient({ auth: 'bearer', accessToken: 'tok' }, { flavour: 'paas', baseUrl: server.url, storeCode: 'default' });
  });
  afterEach(async () => server.close());

  it('should report every step ok when the store is fully set up', async () => {
    const report = await client.ping();
    expect(report.ok).toBe(true);
    expect(report.steps.map((s) => [s.step, s.status, s.code])).toEqual([
      ['reachable', 'ok', 'ok'],
      ['auth', 'ok', 'bearer'],
      ['company', 'ok', 'store_view_found'],
      ['company', 'ok', 'product_attributes_present'],
      ['permissions', 'ok', 'ok'],
      ['webhooks', 'ok', 'module_present'],
    ]);
    expect(report.storeView?.name).toBe('Default Store View');
    expect(server.requests.find((r) => r.path === '/rest/default/V1/orders')?.query.get('searchCriteria[pageSize]')).toBe('1');
    expect(server.requests[0]?.headers['authorization']).toBe('Bearer tok');
  });

  it('should name each missing ACL resource, warn about missing attributes and a missing webhook module', async () => {
    server.route('GET', '/rest/default/V1/invoices', [ACL('Magento_Sales::sales_invoice')]);
    server.route('GET', '/rest/default/V1/customers/search', [ACL('Magento_Customer::customer')]);
    server.route('GET', '/rest/default/V1/modules', [{ body: ['Magento_Sales'] }]);
    server.route('GET', '/rest/all/V1/webhooks/list', [{ status: 404, body: { message: 'Request does not match any route.' } }]);
    server.route('GET', '/rest/default/V1/products/attributes/visma_last_purchase_order', [{ status: 404, body: { message: 'The attribute with a "%1" attributeCode doesn\'t exist. Verify the attribute and try again.', parameters: ['visma_last_purchase_order'] } }]);
    const report = await client.ping();
    expect(report.ok).toBe(false);
    expect(report.missingAclResources).toEqual(['Magento_Sales::sales_invoice', 'Magento_Customer::customer']);
    expect(report.steps.find((s) => s.step === 'permissions')).toMatchObject({ status: 'failed', code: 'missing_acl' });
    expect(report.steps.find((s) => s.step === 'permissions')?.hint).toContain('Magento_Sales::sales_invoice, Magento_Customer::customer');
    expect(report.steps.find((s) => s.code === 'product_attributes_missing')?.hint).toContain('visma_last_purchase_order do not exist yet: created on first use');
    expect(report.missingProductAttributes).toEqual(['visma_last_purchase_order']);
    expect(report.steps.find((s) => s.step === 'webhooks')).toMatchObject({ status: 'warning', code: 'module_missing' });
    expect(report.hasWebhookModule).toBe(false);
  });

  it('should fail the store view step for an unknown code and the auth step for a rejected token', async () => {
    const other = createAdobeCommerceClient({ auth: 'bearer', accessToken: 'tok' }, { flavour: 'paas', baseUrl: server.url, storeCode: 'fr' });
    server.route('GET', '/rest/fr/V1/store/storeViews', [{ body: VIEWS }]);
    const report = await other.ping();
    expect(report.steps.find((s) => s.step === 'company')).toMatchObject({ status: 'failed', code: 'store_view_missing' });
    server.route('GET', '/rest/default/V1/store/storeViews', [{ status: 401, body: { message: 'The request is not authorized.' } }]);
    const rejected = await client.ping();
    expect(rejected.steps.find((s) => s.step === 'auth')).toMatchObject({ status: 'failed', code: 'credentials_rejected' });
    expect(rejected.steps.find((s) => s.step === 'auth')?.hint).toContain('standalone Bearer tokens');
    expect(rejected.steps.find((s) => s.step === 'permissions')?.status).toBe('skipped');
  });

  it('should report an unreachable store', async () => {
    const port = new URL(server.url).port;
    await server.close();
    const down = createAdobeCommerceClient({ auth: 'bearer', accessToken: 'tok' }, { flavour: 'paas', baseUrl: `http://127.0.0.1:${port}`, retry: { maxAttempts: 1 } });
    const report = await down.ping();
    expect(report.steps[0]).toMatchObject({ step: 'reachable', status: 'failed', code: 'connection_refused' });
    server = await startCountingServer();
  });
});
