import { startWooCommerceSandbox, type RunningWooCommerceSandbox } from '../../../../apps/sandbox/src/woocommerce';
import createRequest from '../../../../apps/sandbox/src/woocommerce/seed/wc-v3.orders.create-an-order.request.json';
import createResponse from '../../../../apps/sandbox/src/woocommerce/seed/wc-v3.orders.create-an-order.response.json';
import retrieveResponse from '../../../../apps/sandbox/src/woocommerce/seed/wc-v3.orders.retrieve-an-order.response.json';
import batchResponse from '../../../../apps/sandbox/src/woocommerce/seed/wc-v3.orders.batch-update-orders.response.json';
import listResponse from '../../../../apps/sandbox/src/woocommerce/seed/wc-v3.orders.list-all-orders.response.json';
import { call, oauthClient, withHost, type JsonAnswer } from './support';

describe('WooCommerce sandbox orders', () => {
  let sandbox: RunningWooCommerceSandbox;
  let clock = Date.UTC(2025, 6, 1, 12, 0, 0);
  const api = () => oauthClient(sandbox);

  beforeAll(async () => {
    sandbox = await startWooCommerceSandbox({ now: () => clock });
  });
  beforeEach(() => sandbox.reset());
  afterAll(async () => {
    await sandbox.close();
  });

  it('should serve the official example orders exactly as the docs show them (links on the sandbox host)', async () => {
    expect((await call(api().get('orders/727'))).data).toEqual(withHost(retrieveResponse, sandbox.url));
    for (const example of batchResponse.create) expect((await call(api().get(`orders/${example.id}`))).data).toEqual(withHost(example, sandbox.url));
    // 723: current WooCommerce names the refund entry's reason `reason` (the 2017 example shows `refund`).
    const example723 = listResponse.find((o) => o.id === 723) as (typeof listResponse)[number];
    const expected = withHost({ ...example723, refunds: example723.refunds.map((r) => ({ id: r.id, reason: r.refund, total: r.total })) }, sandbox.url);
    expect((await call(api().get('orders/723'))).data).toEqual(expected);
  });

  it('should page the list newest first with X-WP-Total, X-WP-TotalPages and RFC 5988 Link headers', async () => {
    const first = await call(api().get('orders', { per_page: 2 }));
    expect(first.status).toBe(200);
    expect(first.data.map((o: { id: number }) => o.id)).toEqual([742, 741]);
    expect(first.headers['x-wp-total']).toBe('7');
    expect(first.headers['x-wp-totalpages']).toBe('4');
    expect(first.headers['link']).toMatch(/<http:\/\/127\.0\.0\.1:\d+\/wp-json\/wc\/v3\/orders\?[^>]*per_page=2[^>]*page=2[^>]*>; rel="next"/);
    const second = await call(api().get('orders', { per_page: 2, page: 2 }));
    expect(second.data.map((o: { id: number }) => o.id)).toEqual([740, 729]);
    expect(second.headers['link']).toContain('rel="prev"');
    expect(second.headers['link']).toContain('rel="next"');
    const last = await call(api().get('orders', { per_page: 2, page: 4 }));
    expect(last.data.map((o: { id: number }) => o.id)).toEqual([723]);
    expect(last.headers['link']).not.toContain('rel="next"');
    const ascending = await call(api().get('orders', { per_page: 3, order: 'asc', orderby: 'id', offset: 1 }));
    expect(ascending.data.map((o: { id: number }) => o.id)).toEqual([727, 728, 729]);
  });

  it('should filter by status, customer, product and modified date (local, or GMT with dates_are_gmt)', async () => {
    const ids = async (params: Record<string, string | number>) => (await call(api().get('orders', params))).data.map((o: { id: number }) => o.id);
    expect(await ids({ status: 'completed' })).toEqual([741, 727, 723].filter((id) => id !== 727));
    expect(await ids({ status: 'processing,pending', per_page: 100 })).toEqual([742, 740, 729, 728, 727]);
    expect(await ids({ customer: 26 })).toEqual([723]);
    expect(await ids({ product: 93 })).toEqual([728, 727]);
    // 727 was modified 2017-03-22T16:28:08 local = 19:28:08 GMT.
    expect(await ids({ modified_after: '2017-03-22T19:00:00', dates_are_gmt: 'true', modified_before: '2017-03-22T19:30:00' })).toEqual([727]);
    expect(await ids({ modified_after: '2017-03-22T16:00:00', modified_before: '2017-03-22T16:30:00' })).toEqual([727]);
    expect(await ids({ after: '2025-06-03T00:00:00Z', before: '2025-06-05T00:00:00Z' })).toEqual([741]);
  });

  it('should create the official example order with WooCommerce totals, taxes and a float price, and read it back', async () => {
    const created = await call(api().post('orders', createRequest));
    expect(created.status).toBe(201);
    expect(created.headers['location']).toBe(`${sandbox.url}/wp-json/wc/v3/orders/${created.data.id}`);
    const o = created.data;
    const pick = (order: JsonAnswer) => ({
      status: order.status, currency: order.currency, created_via: order.created_via, prices_include_tax: order.prices_include_tax, customer_id: order.customer_id,
      discount_total: order.discount_total, discount_tax: order.discount_tax, shipping_total: order.shipping_total, shipping_tax: order.shipping_tax,
      cart_tax: order.cart_tax, total: order.total, total_tax: order.total_tax, billing: order.billing, shipping: order.shipping,
      payment_method: order.payment_method, payment_method_title: order.payment_method_title,
      line_items: order.line_items.map((l: (typeof createResponse)['line_items'][number]) => ({ ...l, id: 0, meta_data: l.meta_data.map((m) => ({ key: m.key, value: m.value })) })),
      tax_lines: order.tax_lines.map((l: (typeof createResponse)['tax_lines'][number]) => ({ ...l, id: 0 })),
      shipping_lines: order.shipping_lines.map((l: (typeof createResponse)['shipping_lines'][number]) => ({ ...l, id: 0 })),
      fee_lines: order.fee_lines, coupon_lines: order.coupon_lines, refunds: order.refunds,
    });
    expect(pick(o)).toEqual(pick(createResponse));
    expect(Object.keys(o)).toEqual(Object.keys(createResponse));
    expect(o.line_items[0].price).toBe(3);
    expect(o.date_paid_gmt).toBe('2025-07-01T12:00:00');
    expect(o.date_created).toBe('2025-07-01T05:00:00');
    expect(o.order_key).toMatch(/^wc_order_[A-Za-z0-9]{13}$/);
    expect(o.meta_data).toEqual([]);
    expect((await call(api().get(`orders/${o.id}`))).data).toEqual(o);
  });

  it('should move date_modified and set date_completed when a PUT completes the order', async () => {
    const id = (await call(api().post('orders', createRequest))).data.id;
    clock += 90_000;
    const updated = await call(api().put(`orders/${id}`, { status: 'completed' }));
    expect(updated.status).toBe(200);
    expect(updated.data).toMatchObject({ status: 'completed', date_modified_gmt: '2025-07-01T12:01:30', date_completed_gmt: '2025-07-01T12:01:30', date_paid_gmt: '2025-07-01T12:00:00', total: '29.35' });
    const unknown = await call(api().put('orders/99999', { status: 'completed' }));
    expect(unknown.status).toBe(400);
    expect(unknown.data).toEqual({ code: 'woocommerce_rest_shop_order_invalid_id', message: 'Invalid ID.', data: { status: 400 } });
  });

  it('should recalculate when items change: quantity edits, removal by quantity 0, fees and a coupon', async () => {
    const order = (await call(api().post('orders', { ...createRequest, set_paid: false }))).data;
    const [single, variation] = order.line_items;
    const res = await call(
      api().put(`orders/${order.id}`, {
        line_items: [{ id: single.id, quantity: 4, total: '12.00', subtotal: '12.00' }, { id: variation.id, quantity: 0 }],
        fee_lines: [{ name: 'Gift wrap', total: '2.00' }],
        coupon_lines: [{ code: 'spring10' }],
      }),
    );
    expect(res.status).toBe(200);
    expect(res.data.line_items).toHaveLength(1);
    expect(res.data.line_items[0]).toMatchObject({ quantity: 4, subtotal: '12.00', total: '10.80', total_tax: '0.81', price: 2.7 });
    expect(res.data.coupon_lines).toEqual([expect.objectContaining({ code: 'spring10', discount: '1.20', discount_tax: '0.09' })]);
    expect(res.data.fee_lines[0]).toMatchObject({ name: 'Gift wrap', total: '2.00', total_tax: '0.15' });
    // 10.80 + 2.00 fee + 10.00 shipping + taxes 0.81 + 0.15 (State Tax does not apply to shipping).
    expect(res.data).toMatchObject({ discount_total: '1.20', discount_tax: '0.09', cart_tax: '0.96', total: '23.76', status: 'pending' });
  });

  it('should refuse malformed bodies the way WordPress validates them', async () => {
    const numeric = await call(api().post('orders', { line_items: [{ product_id: 93, quantity: 1, total: 3 }] }));
    expect(numeric.status).toBe(400);
    expect(numeric.data).toMatchObject({ code: 'rest_invalid_param', message: 'Invalid parameter(s): line_items', data: { params: { line_items: 'line_items[0][total] is not of type string.' } } });
    const status = await call(api().post('orders', { status: 'shipped' }));
    expect(status.data.data.params.status).toBe('status is not one of auto-draft, pending, processing, on-hold, completed, cancelled, refunded, failed, and checkout-draft.');
    const noProduct = await call(api().post('orders', { line_items: [{ quantity: 1 }] }));
    expect(noProduct.data).toEqual({ code: 'woocommerce_rest_required_product_reference', message: 'Product ID or SKU is required.', data: { status: 400 } });
    const customer = await call(api().post('orders', { customer_id: 4242 }));
    expect(customer.data).toEqual({ code: 'woocommerce_rest_invalid_customer_id', message: 'Customer ID is invalid.', data: { status: 400 } });
  });

  it('should keep the order it already saved when a coupon turns out invalid (400), as WooCommerce does', async () => {
    const before = (await call(api().get('orders', { per_page: 1 }))).headers['x-wp-total'];
    const res = await call(api().post('orders', { ...createRequest, coupon_lines: [{ code: 'expired2024' }] }));
    expect(res.status).toBe(400);
    expect(res.data).toEqual({ code: 'woocommerce_rest_invalid_coupon', message: 'This coupon has expired.', data: { status: 400 } });
    const after = await call(api().get('orders', { per_page: 1 }));
    expect(Number(after.headers['x-wp-total'])).toBe(Number(before) + 1);
    expect(after.data[0].status).toBe('pending');
  });

  it('should trash on DELETE, answer 410 the second time, and delete for good with force=true', async () => {
    const trashed = await call(api().delete('orders/728'));
    expect(trashed.data).toMatchObject({ id: 728, status: 'pending' });
    expect((await call(api().get('orders/728'))).data.status).toBe('trash');
    expect((await call(api().get('orders', { per_page: 100 }))).data.map((o: { id: number }) => o.id)).not.toContain(728);
    expect((await call(api().get('orders', { status: 'trash' }))).data.map((o: { id: number }) => o.id)).toEqual([728]);
    const again = await call(api().delete('orders/728'));
    expect(again.status).toBe(410);
    expect(again.data).toEqual({ code: 'woocommerce_rest_already_trashed', message: 'The shop_order has already been deleted.', data: { status: 410 } });
    expect((await call(api().delete('orders/728', { force: true }))).status).toBe(200);
    const gone = await call(api().get('orders/728'));
    expect(gone.status).toBe(404);
    expect(gone.data).toEqual({ code: 'woocommerce_rest_shop_order_invalid_id', message: 'Invalid ID.', data: { status: 404 } });
  });

  it('should honour dp and answer refund ids as unknown orders', async () => {
    const order = (await call(api().get('orders/727', { dp: 4 }))).data;
    expect(order.total).toBe('29.3500');
    expect(order.line_items[0].subtotal).toBe('6.0000');
    expect((await call(api().get('orders/726'))).status).toBe(404);
  });
});
