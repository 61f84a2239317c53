import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  adobeCommerceInvoiceOrder,
  adobeCommercePlaceOrder,
  adobeCommerceRefundOrder,
  startAdobeCommerceSandbox,
  type RunningAdobeCommerceSandbox,
} from '../../../../apps/sandbox/src/adobe-commerce';
import { criteria, paas } from './support';

const SEED = join(__dirname, '../../../../apps/sandbox/src/adobe-commerce/seed');
const example = (file: string): unknown => JSON.parse(readFileSync(join(SEED, file), 'utf8'));

describe('Adobe Commerce sandbox sales, customers and catalog', () => {
  let sandbox: RunningAdobeCommerceSandbox;

  beforeAll(async () => {
    sandbox = await startAdobeCommerceSandbox({ port: 0 });
  });
  afterAll(() => sandbox.close());
  beforeEach(() => sandbox.reset());

  it('should serve the tutorial records exactly as the docs show them', async () => {
    expect((await paas(sandbox, 'GET', '/orders/3')).json).toEqual(example('tutorial.GET-v1-orders-3.response.elided.json'));
    expect((await paas(sandbox, 'GET', '/invoices/3')).json).toEqual(example('tutorial.GET-v1-invoices-3.response.json'));
    expect((await paas(sandbox, 'GET', '/customers/2')).json).toEqual(example('tutorial.POST-v1-customers.response.json'));
  });

  it('should total the Norwegian demo order with VAT per line and on shipping', async () => {
    const order = (await paas(sandbox, 'GET', '/orders/4')).json;
    expect(order).toMatchObject({ order_currency_code: 'NOK', subtotal: 516.9, shipping_amount: 49, shipping_tax_amount: 12.25, tax_amount: 128.58, grand_total: 694.48, total_paid: 694.48, total_refunded: 186.25, state: 'processing' });
    const wax = order.items.find((i: { sku: string }) => i.sku === 'NL-WAX/50');
    expect(wax).toMatchObject({ price: 89.9, tax_percent: 25, tax_amount: 22.48, price_incl_tax: 112.38, row_total: 89.9, discount_amount: 0 });
    const coffee = order.items.find((i: { sku: string }) => i.sku === 'NL-COFFEE-500');
    expect(coffee).toMatchObject({ tax_percent: 15, tax_amount: 19.35 });
    expect(order.created_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect((await paas(sandbox, 'GET', '/invoices/4')).json).toMatchObject({ state: 2, grand_total: 694.48, order_id: 4 });
    expect((await paas(sandbox, 'GET', '/creditmemo/4')).json).toMatchObject({ state: 2, grand_total: 186.25, subtotal: 149, tax_amount: 37.25, order_id: 4 });
  });

  it('should keep base amounts in NOK for the SEK order and leave its invoice open', async () => {
    const order = (await paas(sandbox, 'GET', '/orders/5')).json;
    expect(order).toMatchObject({ order_currency_code: 'SEK', base_currency_code: 'NOK', base_to_order_rate: 0.98, base_subtotal: 1097 });
    expect(order.total_paid).toBeUndefined();
    const invoice = (await paas(sandbox, 'GET', '/invoices/5')).json;
    expect(invoice.state).toBe(1);
    expect((await paas(sandbox, 'POST', '/invoices/5/capture')).json).toBe('true');
    expect((await paas(sandbox, 'GET', '/invoices/5')).json.state).toBe(2);
    expect((await paas(sandbox, 'GET', '/orders/5')).json.total_paid).toBe(order.grand_total);
  });

  it('should place, invoice and fully refund an order over REST, then close it', async () => {
    const placed = await paas(sandbox, 'POST', '/orders', { body: { entity: { customer_id: 10, order_currency_code: 'NOK', items: [{ sku: 'MH01-S-Gray', qty_ordered: 2 }] } } });
    expect(placed.status).toBe(200);
    const id = placed.json.entity_id as number;
    expect(placed.json.items).toHaveLength(2);
    const invoiceId = (await paas(sandbox, 'POST', `/order/${id}/invoice`, { body: { capture: true, notify: true } })).json;
    expect(typeof invoiceId).toBe('number');
    expect((await paas(sandbox, 'POST', `/order/${id}/invoice`, { body: { capture: true } })).json.message).toBe('The order does not allow an invoice to be created.');
    const memoId = (await paas(sandbox, 'POST', `/order/${id}/refund`, { body: { notify: true } })).json;
    const memo = (await paas(sandbox, 'GET', `/creditmemo/${memoId as number}`)).json;
    const order = (await paas(sandbox, 'GET', `/orders/${id}`)).json;
    expect(memo.grand_total).toBe(order.grand_total);
    expect(order).toMatchObject({ state: 'closed', status: 'closed', total_refunded: order.grand_total });
    expect((await paas(sandbox, 'POST', `/order/${id}/refund`, {})).json.message).toBe('The order does not allow a creditmemo to be created.');
  });

  it('should refuse to refund more than was paid', async () => {
    const answer = await paas(sandbox, 'POST', '/order/4/refund', { body: { items: [], arguments: { adjustment_positive: 5000 } } });
    expect(answer).toMatchObject({ status: 400, json: { message: 'The most money available to refund is %1.', parameters: ['508.23'] } });
  });

  it('should create orders, invoices and credit memos through the HTTP helpers', async () => {
    const order = await adobeCommercePlaceOrder(sandbox.url, { email: 'guest@example.se', currency: 'SEK', address: { firstname: 'A', lastname: 'B', street: ['Gatan 1'], city: 'Malmö', postcode: '211 20', country_id: 'SE' }, lines: [{ sku: 'NL-COFFEE-500', qty: 3 }] });
    expect(order.items).toEqual([expect.objectContaining({ tax_percent: 12 })]);
    const invoice = await adobeCommerceInvoiceOrder(sandbox.url, order['entity_id'] as number, { capture: true });
    expect(invoice['state']).toBe(2);
    const memo = await adobeCommerceRefundOrder(sandbox.url, order['entity_id'] as number, { arguments: { shipping_amount: 0 } });
    expect(memo['shipping_amount']).toBe(0);
  });

  it('should filter with OR inside a group and AND across groups, and page without pageSize to all', async () => {
    const either = await paas(sandbox, 'GET', `/orders?${criteria({ '[filter_groups][0][filters][0][field]': 'order_currency_code', '[filter_groups][0][filters][0][value]': 'SEK', '[filter_groups][0][filters][1][field]': 'increment_id', '[filter_groups][0][filters][1][value]': '000000003' })}`);
    expect(either.json.items.map((o: { entity_id: number }) => o.entity_id)).toEqual([3, 5]);
    const both = await paas(sandbox, 'GET', `/orders?${criteria({ '[filter_groups][0][filters][0][field]': 'base_currency_code', '[filter_groups][0][filters][0][value]': 'NOK', '[filter_groups][1][filters][0][field]': 'state', '[filter_groups][1][filters][0][value]': 'new' })}`);
    expect(both.json.items.map((o: { entity_id: number }) => o.entity_id)).toEqual([6]);
    const since = await paas(sandbox, 'GET', `/orders?${criteria({ '[filterGroups][0][filters][0][field]': 'updated_at', '[filterGroups][0][filters][0][value]': '2025-11-05 00:00:00', '[filterGroups][0][filters][0][conditionType]': 'gteq' })}`);
    expect(since.json.total_count).toBe(3);
    expect((await paas(sandbox, 'GET', '/invoices?searchCriteria[filter_groups][0][filters][0][field]=order_id&searchCriteria[filter_groups][0][filters][0][value]=4')).json.total_count).toBe(1);
    expect((await paas(sandbox, 'GET', '/orders')).json).toMatchObject({ message: '"%fieldName" is required. Enter and try again.', parameters: { fieldName: 'searchCriteria' } });
  });

  it('should create and search customers, refusing a duplicate email', async () => {
    const body = example('tutorial.POST-v1-customers.request.json') as { customer: Record<string, unknown> };
    const created = await paas(sandbox, 'POST', '/customers', { body: { customer: { ...body.customer, email: 'jane.new@example.com' }, password: 'Password1' } });
    expect(created.json).toMatchObject({ email: 'jane.new@example.com', addresses: [{ region: { region_code: 'NY', region: 'New York', region_id: 43 }, default_billing: true }] });
    expect(created.json.default_billing).toBe(String(created.json.addresses[0].id));
    expect((await paas(sandbox, 'POST', '/customers', { body })).json.message).toBe('A customer with the same email address already exists in an associated website.');
    const found = await paas(sandbox, 'GET', `/customers/search?${criteria({ '[filter_groups][0][filters][0][field]': 'email', '[filter_groups][0][filters][0][value]': '%@example.se', '[filter_groups][0][filters][0][condition_type]': 'like' })}`);
    expect(found.json.items.map((c: { id: number }) => c.id)).toEqual([11]);
  });

  it('should store a custom attribute only after the attribute exists', async () => {
    const put = (value: string): ReturnType<typeof paas> => paas(sandbox, 'PUT', '/products/NL-MUG-01', { store: 'all', body: { product: { custom_attributes: [{ attribute_code: 'visma_last_supplier_invoice', value }] } } });
    expect((await put('SI-1')).json.custom_attributes.some((a: { attribute_code: string }) => a.attribute_code === 'visma_last_supplier_invoice')).toBe(false);
    expect((await paas(sandbox, 'GET', '/products/attributes/visma_last_supplier_invoice')).json).toEqual({ message: 'The attribute with a "%1" attributeCode doesn\'t exist. Verify the attribute and try again.', parameters: ['visma_last_supplier_invoice'] });
    const attribute = await paas(sandbox, 'POST', '/products/attributes', { store: 'all', body: { attribute: { attribute_code: 'visma_last_supplier_invoice', frontend_input: 'text', default_frontend_label: 'Last Visma supplier invoice', is_required: false, scope: 'global' } } });
    expect(attribute.json).toMatchObject({ attribute_code: 'visma_last_supplier_invoice', backend_type: 'varchar', is_user_defined: true });
    expect(typeof (await paas(sandbox, 'POST', '/products/attribute-sets/attributes', { body: { attributeSetId: 4, attributeGroupId: 7, attributeCode: 'visma_last_supplier_invoice', sortOrder: 90 } })).json).toBe('number');
    expect((await put('SI-2')).json.custom_attributes).toContainEqual({ attribute_code: 'visma_last_supplier_invoice', value: 'SI-2' });
    const byAttribute = await paas(sandbox, 'GET', `/products?${criteria({ '[filter_groups][0][filters][0][field]': 'visma_last_supplier_invoice', '[filter_groups][0][filters][0][value]': 'SI-2' })}`);
    expect(byAttribute.json.items.map((p: { sku: string }) => p.sku)).toEqual(['NL-MUG-01']);
    expect((await paas(sandbox, 'GET', '/products/NO-SUCH')).json.message).toBe("The product that was requested doesn't exist. Verify the product and try again.");
  });

  it('should list store views and the modules, with the webhook module only when enabled', async () => {
    expect((await paas(sandbox, 'GET', '/store/storeViews')).json.map((s: { code: string }) => s.code)).toEqual(['admin', 'default', 'se_sv']);
    expect((await paas(sandbox, 'GET', '/modules')).json).toContain('Magento_AdobeCommerceWebhooks');
    sandbox.configure({ isWebhookModuleEnabled: false });
    expect((await paas(sandbox, 'GET', '/modules')).json).not.toContain('Magento_AdobeCommerceWebhooks');
    expect((await paas(sandbox, 'GET', '/webhooks/list')).json.message).toBe('Request does not match any route.');
  });

  it('should answer a 404 in Magento\'s words for an unknown order', async () => {
    expect(await paas(sandbox, 'GET', '/orders/999')).toMatchObject({ status: 404, json: { message: "The entity that was requested doesn't exist. Verify the entity and try again." } });
  });
});
