import { startBigCommerceSandbox, type RunningBigCommerceSandbox } from '../../../../apps/sandbox/src/bigcommerce';
import specOrder218 from '../../../../apps/sandbox/src/bigcommerce/seed/orders.v2.order_Resp.Response.json';
import { api, fmt4, schemaErrors, toTenThousandths } from './support';

type Order = Record<string, unknown> & { id: number };
type Product = Record<string, unknown> & { id: number; applied_discounts: Array<{ amount: string }> };

const billing = {
  first_name: 'Aino', last_name: 'Virtanen', street_1: 'Mannerheimintie 1', city: 'Helsinki', zip: '00100',
  country: 'Finland', country_iso2: 'FI', email: 'aino@example.fi',
};
const posted = {
  status_id: 11,
  customer_id: 0,
  default_currency_code: 'EUR',
  billing_address: billing,
  shipping_addresses: [{ ...billing, shipping_method: 'Posti' }],
  products: [
    { name: 'Wool Socks', sku: 'SOCK-1', quantity: 2, price_ex_tax: 12.4, price_inc_tax: 15.5 },
    { name: 'Rye Bread', sku: 'RYE-1', quantity: 3, price_ex_tax: '9.99', price_inc_tax: '11.19' },
  ],
  shipping_cost_ex_tax: '4.00',
  shipping_cost_inc_tax: '5.00',
  discount_amount: '2.50',
};

describe('BigCommerce sandbox orders v2', () => {
  let sandbox: RunningBigCommerceSandbox;
  let now = Date.parse('2026-02-02T10:00:00Z');

  beforeEach(async () => {
    now = Date.parse('2026-02-02T10:00:00Z');
    sandbox = await startBigCommerceSandbox({ now: () => now });
  });
  afterEach(async () => {
    await sandbox.close();
  });

  it('should compute totals to the cent and return the posted products when an order is created', async () => {
    const created = await api(sandbox, 'POST', '/v2/orders', { body: posted });
    expect(created.status).toBe(200);
    const order = created.body as Order;
    expect(schemaErrors('orders.v2', 'components/schemas/order_Resp', order)).toBe('');

    const lines = posted.products.map((p) => ({ q: p.quantity, ex: toTenThousandths(p.price_ex_tax), inc: toTenThousandths(p.price_inc_tax) }));
    const subEx = lines.reduce((a, l) => a + l.q * l.ex, 0);
    const subInc = lines.reduce((a, l) => a + l.q * l.inc, 0);
    const shipEx = toTenThousandths(posted.shipping_cost_ex_tax);
    const shipInc = toTenThousandths(posted.shipping_cost_inc_tax);
    const discount = toTenThousandths(posted.discount_amount);
    expect(order).toMatchObject({
      subtotal_ex_tax: fmt4(subEx),
      subtotal_inc_tax: fmt4(subInc),
      subtotal_tax: fmt4(subInc - subEx),
      shipping_cost_tax: fmt4(shipInc - shipEx),
      discount_amount: fmt4(discount),
      total_ex_tax: fmt4(subEx + shipEx - discount),
      total_inc_tax: fmt4(subInc + shipInc - discount),
      total_tax: fmt4(subInc - subEx + shipInc - shipEx),
      currency_code: 'EUR',
      default_currency_code: 'EUR',
      items_total: 5,
      status_id: 11,
      status: 'Awaiting Fulfillment',
      products: { resource: `/orders/${order.id}/products`, url: `${sandbox.storeUrl}/v2/orders/${order.id}/products` },
      shipping_addresses: { resource: `/orders/${order.id}/shippingaddresses` },
      coupons: { resource: `/orders/${order.id}/coupons` },
    });

    const fetched = await api(sandbox, 'GET', `/v2/orders/${order.id}`);
    expect(fetched.body).toEqual(order);

    const products = (await api(sandbox, 'GET', `/v2/orders/${order.id}/products`)).body as Product[];
    expect(products).toHaveLength(2);
    products.forEach((p, i) => {
      expect(schemaErrors('orders.v2', 'components/schemas/orderProducts', p)).toBe('');
      const l = lines[i] ?? { q: 0, ex: 0, inc: 0 };
      expect(p).toMatchObject({
        name: posted.products[i]?.name, sku: posted.products[i]?.sku, quantity: l.q,
        price_ex_tax: fmt4(l.ex), price_inc_tax: fmt4(l.inc), price_tax: fmt4(l.inc - l.ex),
        total_ex_tax: fmt4(l.q * l.ex), total_inc_tax: fmt4(l.q * l.inc), total_tax: fmt4(l.q * (l.inc - l.ex)),
      });
      const share = toTenThousandths(p.applied_discounts[0]?.amount ?? '0');
      expect(p['discounted_total_inc_tax']).toBe(fmt4(l.q * l.inc - share));
    });
    const shares = products.map((p) => toTenThousandths(p.applied_discounts[0]?.amount ?? '0'));
    expect(shares.reduce((a, b) => a + b, 0)).toBe(discount);
  });

  it('should serve shipping addresses, taxes and consignments that match the order', async () => {
    const order = (await api(sandbox, 'POST', '/v2/orders', { body: posted })).body as Order;
    const addresses = (await api(sandbox, 'GET', `/v2/orders/${order.id}/shipping_addresses`)).body as Array<Record<string, unknown>>;
    expect(addresses).toHaveLength(1);
    expect(schemaErrors('orders.v2', 'components/schemas/orderShippingAddress', addresses[0])).toBe('');
    expect(addresses[0]).toMatchObject({ zip: billing.zip, cost_ex_tax: '4.0000', cost_inc_tax: '5.0000', shipping_method: 'Posti', items_total: 5 });

    const taxes = (await api(sandbox, 'GET', `/v2/orders/${order.id}/taxes?details=true`)).body as Array<Record<string, unknown>>;
    taxes.forEach((t) => expect(schemaErrors('orders.v2', 'components/schemas/orderTaxes_Base', t)).toBe(''));
    const taxSum = taxes.reduce((a, t) => a + toTenThousandths(String(t['line_amount'])), 0);
    expect(fmt4(taxSum)).toBe(order['total_tax']);
    expect(taxes.map((t) => t['line_item_type'])).toEqual(['item', 'item', 'shipping']);

    const coupons = await api(sandbox, 'GET', `/v2/orders/${order.id}/coupons`);
    expect(coupons.status).toBe(204);

    const linked = (await api(sandbox, 'GET', `/v2/orders/${order.id}?include=consignments&consignment_structure=object`)).body as Order;
    expect(schemaErrors('orders.v2', 'components/schemas/orderConsignment_Get', linked['consignments'])).toBe('');
    // With line items embedded, the spec's `line_items: oneOf [products_Resource[], orderProducts[]]` is
    // ambiguous (a full product also satisfies the open products_Resource), so each item is checked alone.
    const full = (await api(sandbox, 'GET', `/v2/orders/${order.id}?include=consignments.line_items&consignment_structure=object`)).body as Order;
    const shipping = (full['consignments'] as { shipping: Array<{ line_items: Array<{ id: number }> }> }).shipping;
    shipping[0]?.line_items.forEach((p) => expect(schemaErrors('orders.v2', 'components/schemas/orderProducts', p)).toBe(''));
    expect(shipping[0]?.line_items.map((p) => p.id)).toEqual(
      ((await api(sandbox, 'GET', `/v2/orders/${order.id}/products`)).body as Product[]).map((p) => p.id),
    );
  });

  it('should add order-level fees to the totals when an order is created with fees', async () => {
    const fee = { type: 'custom_fee', display_name_customer: 'Packaging', source: 'test', cost_ex_tax: '4.00', cost_inc_tax: '5.00' };
    const plain = (await api(sandbox, 'POST', '/v2/orders', { body: posted })).body as Order;
    const withFee = (await api(sandbox, 'POST', '/v2/orders', { body: { ...posted, fees: [fee] } })).body as Order;
    const inc = (o: Order): number => toTenThousandths(String(o['total_inc_tax']));
    expect(inc(withFee) - inc(plain)).toBe(toTenThousandths(fee.cost_inc_tax));
    const fees = (await api(sandbox, 'GET', `/v2/orders/${withFee.id}/fees`)).body as { fees: Array<Record<string, unknown>> };
    fees.fees.forEach((f) => expect(schemaErrors('orders.v2', 'components/schemas/orderFees_Resp', f)).toBe(''));
    expect(fees.fees[0]).toMatchObject({ cost_ex_tax: '4.0000', cost_inc_tax: '5.0000', cost_tax: '1.0000', display_name_merchant: 'Packaging' });
  });

  it('should answer 400 naming the field when a read-only field is posted', async () => {
    const res = await api(sandbox, 'POST', '/v2/orders', { body: { ...posted, currency_code: 'EUR' } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual([{ status: 400, message: expect.stringContaining("'currency_code'") }]);
  });

  it('should answer 400 when billing_address is missing', async () => {
    const { billing_address: _b, ...withoutBilling } = posted;
    const res = await api(sandbox, 'POST', '/v2/orders', { body: withoutBilling });
    expect(res.status).toBe(400);
  });

  it('should answer the V2 404 body when the order does not exist', async () => {
    const res = await api(sandbox, 'GET', '/v2/orders/999999');
    expect(res.status).toBe(404);
    expect(res.body).toEqual([{ status: 404, message: 'The requested resource was not found.' }]);
  });

  it('should page the list by id and answer 204 past the last page', async () => {
    const all = (await api(sandbox, 'GET', '/v2/orders?limit=250')).body as Order[];
    all.forEach((o) => expect(schemaErrors('orders.v2', 'components/schemas/order_Resp', o)).toBe(''));
    const ids = all.map((o) => o.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const page1 = (await api(sandbox, 'GET', '/v2/orders?limit=2&page=1')).body as Order[];
    const page2 = (await api(sandbox, 'GET', '/v2/orders?limit=2&page=2')).body as Order[];
    expect([...page1, ...page2].map((o) => o.id)).toEqual(ids.slice(0, 4));
    const beyond = await api(sandbox, 'GET', `/v2/orders?limit=2&page=${Math.ceil(ids.length / 2) + 1}`);
    expect(beyond.status).toBe(204);
    expect(beyond.text).toBe('');
    const desc = (await api(sandbox, 'GET', '/v2/orders?sort=id:desc&limit=1')).body as Order[];
    expect(desc[0]?.id).toBe(Math.max(...ids));
  });

  it('should return only orders modified since min_date_modified (RFC-2822 or ISO-8601)', async () => {
    const first = (await api(sandbox, 'POST', '/v2/orders', { body: posted })).body as Order;
    now += 60_000;
    const second = (await api(sandbox, 'POST', '/v2/orders', { body: posted })).body as Order;
    const since = String(second['date_modified']);
    const rfc = (await api(sandbox, 'GET', `/v2/orders?min_date_modified=${encodeURIComponent(since)}`)).body as Order[];
    expect(rfc.map((o) => o.id)).toEqual([second.id]);
    now += 60_000;
    await api(sandbox, 'PUT', `/v2/orders/${first.id}`, { body: { staff_notes: 'touched' } });
    const iso = new Date(Date.parse(since) + 1000).toISOString();
    const changed = (await api(sandbox, 'GET', `/v2/orders?min_date_modified=${encodeURIComponent(iso)}`)).body as Order[];
    expect(changed.map((o) => o.id)).toEqual([first.id]);
    expect(changed[0]?.['staff_notes']).toBe('touched');
  });

  it('should change the status and recompute totals when an order is updated', async () => {
    const order = (await api(sandbox, 'POST', '/v2/orders', { body: posted })).body as Order;
    const updated = await api(sandbox, 'PUT', `/v2/orders/${order.id}`, { body: { status_id: 2, shipping_cost_ex_tax: '8.00', shipping_cost_inc_tax: '10.00' } });
    expect(updated.status).toBe(200);
    const body = updated.body as Order;
    expect(body).toMatchObject({ status_id: 2, status: 'Shipped', shipping_cost_inc_tax: '10.0000' });
    const delta = toTenThousandths('10.00') - toTenThousandths(posted.shipping_cost_inc_tax);
    expect(body['total_inc_tax']).toBe(fmt4(toTenThousandths(String(order['total_inc_tax'])) + delta));
  });

  it('should serve the official example order 218 as the spec gives it', async () => {
    const res = (await api(sandbox, 'GET', '/v2/orders/218')).body as Order;
    const { products: _p, shipping_addresses: _s, coupons: _c, ...expected } = specOrder218;
    expect(res).toMatchObject(expected);
    expect(schemaErrors('orders.v2', 'components/schemas/order_Resp', res)).toBe('');
  });

  it.each([301, 302, 303, 304])('should serve demo order %i with sub-resources that add up to its totals', async (id) => {
    const order = (await api(sandbox, 'GET', `/v2/orders/${id}`)).body as Order;
    expect(schemaErrors('orders.v2', 'components/schemas/order_Resp', order)).toBe('');
    // order_Resp.consignments is `oneOf [orderConsignments_Resource, orderConsignment_Get]` and the
    // resource schema is open, so an embedded object matches both; it is validated on its own below.
    const withConsignments = (await api(sandbox, 'GET', `/v2/orders/${id}?include=consignments&consignment_structure=object`)).body as Order;
    const products = (await api(sandbox, 'GET', `/v2/orders/${id}/products`)).body as Product[];
    products.forEach((p) => expect(schemaErrors('orders.v2', 'components/schemas/orderProducts', p)).toBe(''));
    const sum = (field: string): number => products.reduce((a, p) => a + toTenThousandths(String(p[field])), 0);
    expect(fmt4(sum('total_ex_tax'))).toBe(order['subtotal_ex_tax']);
    expect(fmt4(sum('total_inc_tax'))).toBe(order['subtotal_inc_tax']);
    const taxes = await api(sandbox, 'GET', `/v2/orders/${id}/taxes?details=true`);
    const taxLines = (taxes.status === 204 ? [] : taxes.body) as Array<Record<string, unknown>>;
    const fees = ((await api(sandbox, 'GET', `/v2/orders/${id}/fees`)).body as { fees: Array<Record<string, unknown>> }).fees;
    const feeTax = fees.reduce((a, f) => a + toTenThousandths(String(f['cost_tax'])), 0);
    expect(fmt4(taxLines.reduce((a, t) => a + toTenThousandths(String(t['line_amount'])), 0) + feeTax)).toBe(order['total_tax']);
    expect(schemaErrors('orders.v2', 'components/schemas/orderConsignment_Get', withConsignments['consignments'])).toBe('');
  });

  it('should list the order statuses of the spec', async () => {
    const res = await api(sandbox, 'GET', '/v2/order_statuses');
    const statuses = res.body as Array<{ id: number; name: string }>;
    expect(statuses.map((s) => s.id)).toEqual(Array.from({ length: 15 }, (_, i) => i));
    statuses.forEach((s) => expect(schemaErrors('orders.v2', 'components/schemas/orderStatus_Base', s)).toBe(''));
  });
});
