import { startBigCommerceSandbox, type RunningBigCommerceSandbox } from '../../../../apps/sandbox/src/bigcommerce';
import { api, fmt4, schemaErrors, toTenThousandths } from './support';

type Order = Record<string, unknown> & { id: number };
type Product = Record<string, unknown> & { id: number; discounted_total_inc_tax: string; quantity: number };

const billing = { first_name: 'Erik', last_name: 'Lindqvist', street_1: 'Drottninggatan 5', city: 'Stockholm', zip: '11151', country: 'Sweden', country_iso2: 'SE', email: 'erik@example.se' };
const body = {
  customer_id: 0,
  status_id: 11,
  billing_address: billing,
  products: [
    { name: 'Jacket', quantity: 2, price_ex_tax: '80.00', price_inc_tax: '100.00' },
    { name: 'Jam', quantity: 1, price_ex_tax: '8.93', price_inc_tax: '10.00' },
  ],
  shipping_cost_ex_tax: '8.00',
  shipping_cost_inc_tax: '10.00',
};

/** Cents of a 2-decimal JSON number, without float arithmetic on the sum. */
const cents = (n: unknown): number => toTenThousandths(String(n)) / 100;

describe('BigCommerce sandbox refunds and transactions v3', () => {
  let sandbox: RunningBigCommerceSandbox;

  beforeEach(async () => {
    sandbox = await startBigCommerceSandbox();
  });
  afterEach(async () => {
    await sandbox.close();
  });

  async function createOrder(): Promise<{ order: Order; products: Product[]; addressId: number }> {
    const order = (await api(sandbox, 'POST', '/v2/orders', { body })).body as Order;
    const products = (await api(sandbox, 'GET', `/v2/orders/${order.id}/products`)).body as Product[];
    const addresses = (await api(sandbox, 'GET', `/v2/orders/${order.id}/shipping_addresses`)).body as Array<{ id: number }>;
    return { order, products, addressId: addresses[0]?.id ?? 0 };
  }

  it('should quote a product and shipping refund from the order lines', async () => {
    const { order, products, addressId } = await createOrder();
    const jacket = products[0] as Product;
    const res = await api(sandbox, 'POST', `/v3/orders/${order.id}/payment_actions/refund_quotes`, {
      body: { items: [{ item_type: 'PRODUCT', item_id: jacket.id, quantity: 1 }, { item_type: 'SHIPPING', item_id: addressId, amount: 5 }] },
    });
    expect(res.status).toBe(201);
    expect(schemaErrors('orders.v3', 'responses/RefundQuote_Resp', res.body)).toBe('');
    const quote = (res.body as { data: { total_refund_amount: number; refund_methods: Array<Array<{ provider_id: string; amount: number }>> } }).data;
    const expected = toTenThousandths(jacket.discounted_total_inc_tax) / jacket.quantity + toTenThousandths('5');
    expect(cents(quote.total_refund_amount) * 100).toBe(expected);
    expect(quote.refund_methods.map((m) => m[0]?.provider_id)).toEqual(['custom']);
  });

  it('should record a refund, a refund transaction and update the order', async () => {
    const { order, products } = await createOrder();
    const jam = products[1] as Product;
    const amount = Number(jam.discounted_total_inc_tax);
    const res = await api(sandbox, 'POST', `/v3/orders/${order.id}/payment_actions/refunds`, {
      body: { items: [{ item_type: 'PRODUCT', item_id: jam.id, quantity: 1, reason: 'Broken jar' }], payments: [{ provider_id: 'custom', amount, offline: true }] },
    });
    expect(res.status).toBe(201);
    expect(schemaErrors('orders.v3', 'responses/Refund_Resp', res.body)).toBe('');
    const refund = (res.body as { data: Record<string, unknown> & { id: number; payments: Array<{ transaction_id: string }> } }).data;
    expect(refund).toMatchObject({ order_id: order.id, total_amount: amount, reason: 'Broken jar', items: [{ item_type: 'PRODUCT', item_id: jam.id, quantity: 1 }] });

    const transactions = await api(sandbox, 'GET', `/v3/orders/${order.id}/transactions`);
    expect(transactions.status).toBe(200);
    expect(schemaErrors('orders.v3', 'responses/TransactionCollection_Resp', transactions.body)).toBe('');
    const tx = (transactions.body as { data: Array<Record<string, unknown>> }).data;
    expect(tx).toEqual([expect.objectContaining({ event: 'refund', amount, gateway: 'custom', currency: 'USD', id: Number(refund.payments[0]?.transaction_id) })]);

    const updated = (await api(sandbox, 'GET', `/v2/orders/${order.id}`)).body as Order;
    expect(updated).toMatchObject({ refunded_amount: fmt4(toTenThousandths(String(amount))), status_id: 14, payment_status: 'partially refunded' });
    const jamAfter = ((await api(sandbox, 'GET', `/v2/orders/${order.id}/products`)).body as Product[])[1];
    expect(jamAfter).toMatchObject({ quantity_refunded: 1, is_refunded: true });

    const perOrder = await api(sandbox, 'GET', `/v3/orders/${order.id}/payment_actions/refunds`);
    expect(schemaErrors('orders.v3', 'responses/RefundCollection_Resp', perOrder.body)).toBe('');
    expect((perOrder.body as { data: Array<{ id: number }> }).data.map((r) => r.id)).toEqual([refund.id]);
    const storeWide = (await api(sandbox, 'GET', `/v3/orders/payment_actions/refunds?order_id:in=${order.id}`)).body as { data: Array<{ id: number }> };
    expect(storeWide.data.map((r) => r.id)).toEqual([refund.id]);
  });

  it('should mark the order Refunded when the whole total is refunded', async () => {
    const { order } = await createOrder();
    const total = Number(order['total_inc_tax']);
    const res = await api(sandbox, 'POST', `/v3/orders/${order.id}/payment_actions/refunds`, {
      body: { items: [{ item_type: 'ORDER', item_id: order.id, amount: total }], payments: [{ provider_id: 'custom', amount: total, offline: true }] },
    });
    expect(res.status).toBe(201);
    const updated = (await api(sandbox, 'GET', `/v2/orders/${order.id}`)).body as Order;
    expect(updated).toMatchObject({ status_id: 4, payment_status: 'refunded', refunded_amount: order['total_inc_tax'] });
    const again = await api(sandbox, 'POST', `/v3/orders/${order.id}/payment_actions/refunds`, {
      body: { items: [{ item_type: 'ORDER', item_id: order.id, amount: 1 }], payments: [{ provider_id: 'custom', amount: 1, offline: true }] },
    });
    expect(again.status).toBe(422);
  });

  it('should answer 422 when the payments do not add up to the refund total', async () => {
    const { order, products } = await createOrder();
    const res = await api(sandbox, 'POST', `/v3/orders/${order.id}/payment_actions/refunds`, {
      body: { items: [{ item_type: 'PRODUCT', item_id: products[0]?.id, quantity: 1 }], payments: [{ provider_id: 'custom', amount: 1, offline: true }] },
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ data: [{ status: 422 }] });
  });

  it('should answer 422 when store credit is asked for a guest order', async () => {
    const { order } = await createOrder();
    const res = await api(sandbox, 'POST', `/v3/orders/${order.id}/payment_actions/refunds`, {
      body: { items: [{ item_type: 'ORDER', item_id: order.id, amount: 1 }], payments: [{ provider_id: 'storecredit', amount: 1, offline: false }] },
    });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ data: [expect.objectContaining({ status: 422, title: 'Unable to provide store credit for a guest customer.' })] });
  });

  it('should answer 204 for an order without transactions and list the purchase of a demo order', async () => {
    const { order } = await createOrder();
    expect((await api(sandbox, 'GET', `/v3/orders/${order.id}/transactions`)).status).toBe(204);
    const demo = await api(sandbox, 'GET', '/v3/orders/301/transactions');
    expect(schemaErrors('orders.v3', 'responses/TransactionCollection_Resp', demo.body)).toBe('');
    const demoOrder = (await api(sandbox, 'GET', '/v2/orders/301')).body as Order;
    expect((demo.body as { data: Array<Record<string, unknown>> }).data[0]).toMatchObject({ event: 'purchase', amount: Number(demoOrder['total_inc_tax']), currency: 'EUR' });
  });
});
