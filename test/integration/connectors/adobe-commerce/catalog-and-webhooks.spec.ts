import { adobeCommerceWebhookSubscriptions, AdobeCommerceClient, createAdobeCommerceClient, createConnectorRegistry, VISMA_PRODUCT_ATTRIBUTES } from '@mlc/connectors';
import { startCountingServer, type CountingServer } from '../../../support/counting-server';

describe('AdobeCommerceClient catalog writes and webhook subscriptions (PaaS, bearer)', () => {
  let server: CountingServer;
  let client: AdobeCommerceClient;

  beforeEach(async () => {
    server = await startCountingServer();
    client = createAdobeCommerceClient({ auth: 'bearer', accessToken: 'tok' }, { flavour: 'paas', baseUrl: `${server.url}/shop/`, storeCode: 'default' });
  });
  afterEach(async () => server.close());

  it('should be registered under adobe-commerce', () => {
    const c = createConnectorRegistry().create('adobe-commerce', { auth: 'bearer', accessToken: 't' }, { flavour: 'paas', baseUrl: 'http://127.0.0.1:9' });
    expect(c).toBeInstanceOf(AdobeCommerceClient);
  });

  it('should create a missing date attribute globally and add it to the Default set General group', async () => {
    const code = VISMA_PRODUCT_ATTRIBUTES[2].code;
    server.route('GET', `/shop/rest/default/V1/products/attributes/${code}`, [{ status: 404, body: { message: 'The attribute with a "%1" attributeCode doesn\'t exist.', parameters: [code] } }]);
    server.route('POST', '/shop/rest/all/V1/products/attributes', [{ body: { attribute_id: 300, attribute_code: code, frontend_input: 'date', entity_type_id: '4', is_required: false, frontend_labels: [] } }]);
    server.route('GET', '/shop/rest/default/V1/products/attribute-sets/groups/list', [{ body: { items: [{ attribute_group_id: '7', attribute_group_name: 'Content', attribute_set_id: 4 }, { attribute_group_id: '8', attribute_group_name: 'General', attribute_set_id: 4 }], search_criteria: {}, total_count: 2 } }]);
    server.route('POST', '/shop/rest/all/V1/products/attribute-sets/attributes', [{ body: '555' }]);
    const out = await client.productAttributes.ensure(VISMA_PRODUCT_ATTRIBUTES[2]);
    expect(out.created).toBe(true);
    const create = server.requests.find((r) => r.path === '/shop/rest/all/V1/products/attributes');
    expect(create?.json).toMatchObject({ attribute: { attribute_code: code, frontend_input: 'date', backend_type: 'datetime', scope: 'global', entity_type_id: '4', is_required: false } });
    const groups = server.requests.find((r) => r.path.endsWith('/groups/list'));
    expect(groups?.query.get('searchCriteria[filter_groups][0][filters][0][field]')).toBe('attribute_set_id');
    expect(groups?.query.get('searchCriteria[filter_groups][0][filters][0][value]')).toBe('4');
    expect(server.requests.find((r) => r.path.endsWith('/attribute-sets/attributes'))?.json).toEqual({ attributeSetId: 4, attributeGroupId: 8, attributeCode: code, sortOrder: 900 });
  });

  it('should leave an existing attribute alone', async () => {
    server.route('GET', '/shop/rest/default/V1/products/attributes/visma_last_purchase_order', [{ body: { attribute_code: 'visma_last_purchase_order', frontend_input: 'text', entity_type_id: '4', is_required: false, frontend_labels: [] } }]);
    expect((await client.productAttributes.ensure(VISMA_PRODUCT_ATTRIBUTES[1])).created).toBe(false);
    expect(server.requests).toHaveLength(1);
  });

  it('should list, subscribe and unsubscribe webhooks in the global scope and never retry the POST', async () => {
    server.route('GET', '/shop/rest/all/V1/webhooks/list', [{ body: [] }]);
    server.route('POST', '/shop/rest/all/V1/webhooks/subscribe', [{ status: 503, body: { message: 'down' } }, { body: [] }]);
    server.route('POST', '/shop/rest/all/V1/webhooks/unsubscribe', [{ body: [] }]);
    expect(await client.webhooks.list()).toEqual([]);
    const [order] = adobeCommerceWebhookSubscriptions({ url: 'https://connector.test/hooks/ac/1' });
    if (!order) throw new Error('no subscription');
    await expect(client.webhooks.subscribe(order)).rejects.toMatchObject({ code: 'server_error' });
    expect(server.count('POST', '/shop/rest/all/V1/webhooks/subscribe')).toBe(1);
    await client.webhooks.subscribe(order);
    expect(server.requests.filter((r) => r.path.endsWith('/subscribe')).at(-1)?.json).toEqual({ webhook: order });
    await client.webhooks.unsubscribe(order);
    expect(server.requests.at(-1)?.json).toEqual({ webhook: { webhook_method: order.webhook_method, webhook_type: 'after', batch_name: order.batch_name, hook_name: order.hook_name } });
  });
});
