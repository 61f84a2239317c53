import { startWooCommerceSandbox, type RunningWooCommerceSandbox } from '../../../../apps/sandbox/src/woocommerce';
import refundRequest from '../../../../apps/sandbox/src/woocommerce/seed/wc-v3.order-refunds.create-a-refund.request.corrected.json';
import refundsResponse from '../../../../apps/sandbox/src/woocommerce/seed/wc-v3.order-refunds.list-all-refunds.response.json';
import customerRequest from '../../../../apps/sandbox/src/woocommerce/seed/wc-v3.customers.create-a-customer.request.json';
import customerResponse from '../../../../apps/sandbox/src/woocommerce/seed/wc-v3.customers.create-a-customer.response.json';
import customerUpdate from '../../../../apps/sandbox/src/woocommerce/seed/wc-v3.customers.update-a-customer.request.json';
import { call, oauthClient, raw } from './support';

describe('WooCommerce sandbox refunds and customers', () => {
  let sandbox: RunningWooCommerceSandbox;
  let clock = Date.UTC(2025, 6, 1, 12, 0, 0);
  const api = () => oauthClient(sandbox);

  beforeAll(async () => {
    sandbox = await startWooCommerceSandbox({ now: () => clock });
  });
  beforeEach(() => {
    clock = Date.UTC(2025, 6, 1, 12, 0, 0);
    sandbox.reset();
  });
  afterAll(async () => {
    await sandbox.close();
  });

  describe('refunds', () => {
    it('should list and get the official example refunds of order 723', async () => {
      const list = await call(api().get('orders/723/refunds'));
      expect(list.headers['x-wp-total']).toBe('2');
      expect(list.data.map((r: { id: number }) => r.id)).toEqual([726, 724]);
      expect(list.data[0]).toEqual(JSON.parse(JSON.stringify(refundsResponse[0]).replace(/https:\/\/example\.com/g, sandbox.url)));
      // Current WooCommerce prints a refund line's price as total / quantity (-9 / -1); the 2017 example shows -9.
      expect(list.data[1].line_items[0]).toMatchObject({ quantity: -1, total: '-9.00', price: 9, meta_data: [{ id: 2076, key: '_refunded_item_id', value: '311' }] });
      expect((await call(api().get('orders/723/refunds/724'))).data.amount).toBe('9.00');
    });

    it('should refuse api_refund (the default) on an order paid with a gateway that cannot refund, and keep the order as it was', async () => {
      const before = (await call(api().get('orders/727'))).data;
      const res = await call(api().post('orders/727/refunds', { amount: '5.00' }));
      expect(res.status).toBe(500);
      expect(res.data).toEqual({ code: 'woocommerce_rest_cannot_create_order_refund', message: 'The payment gateway for this order does not support automatic refunds.', data: 500 });
      expect((await call(api().get('orders/727'))).data).toEqual(before);
    });

    it('should refuse the official example request on order 723 because 30 is more than the 20 left', async () => {
      const res = await call(api().post('orders/723/refunds', { ...refundRequest, api_refund: false }));
      expect(res.status).toBe(500);
      expect(res.data).toEqual({ code: 'woocommerce_rest_cannot_create_order_refund', message: 'Invalid refund amount.', data: 500 });
    });

    it('should refund line items without the gateway and update the parent order (refunds[], date_modified, refunded when complete)', async () => {
      clock += 60_000;
      const res = await call(
        api().post('orders/727/refunds', { api_refund: false, reason: 'Broken', line_items: [{ id: 315, quantity: 1, refund_total: 3, refund_tax: [{ id: 75, refund_total: 0.23 }] }] }),
      );
      expect(res.status).toBe(201);
      expect(res.headers['location']).toBe(`${sandbox.url}/wp-json/wc/v3/orders/(?P<order_id>[\\d]+)/refunds/${res.data.id}`);
      expect(res.data).toMatchObject({ amount: '3.23', reason: 'Broken', refunded_by: 1, refunded_payment: false, date_created_gmt: '2025-07-01T12:01:00' });
      expect(res.data.line_items).toEqual([
        expect.objectContaining({ name: 'Woo Single #1', product_id: 93, quantity: -1, subtotal: '-3.00', total: '-3.00', total_tax: '-0.23', taxes: [{ id: 75, total: '-0.23', subtotal: '-0.23' }], price: 3 }),
      ]);
      expect(res.data.line_items[0].meta_data).toEqual([expect.objectContaining({ key: '_refunded_item_id', value: '315' })]);
      const parent = (await call(api().get('orders/727'))).data;
      expect(parent).toMatchObject({ status: 'processing', date_modified_gmt: '2025-07-01T12:01:00', refunds: [{ id: res.data.id, reason: 'Broken', total: '-3.23' }] });

      const rest = await call(api().post('orders/727/refunds', { amount: '26.12', api_refund: false }));
      expect(rest.status).toBe(201);
      expect((await call(api().get('orders/727'))).data.status).toBe('refunded');
      const more = await call(api().post('orders/727/refunds', { amount: '0.01', api_refund: false }));
      expect(more.data.message).toBe('Invalid refund amount.');
    });

    it('should keep WooCommerce error shapes: unknown order (HTTP 500, data 404), amount not a string, wrong parent, no trashing', async () => {
      const unknown = await call(api().post('orders/99999/refunds', { amount: '1.00' }));
      expect(unknown.status).toBe(500);
      expect(unknown.data).toEqual({ code: 'woocommerce_rest_invalid_order_id', message: 'Invalid order ID.', data: 404 });
      const numeric = await call(api().post('orders/727/refunds', { amount: 1 }));
      expect(numeric.status).toBe(400);
      expect(numeric.data.data.params).toEqual({ amount: 'amount is not of type string.' });
      const wrongParent = await call(api().get('orders/727/refunds/726'));
      expect(wrongParent.status).toBe(500);
      expect(wrongParent.data.code).toBe('woocommerce_rest_invalid_order_refund_id');
      const trash = await call(api().delete('orders/723/refunds/726', { force: false }));
      expect(trash.status).toBe(501);
      expect(trash.data.message).toBe('The shop_order_refund does not support trashing.');
      expect((await call(api().delete('orders/723/refunds/726'))).status).toBe(200);
      expect((await call(api().get('orders/723'))).data.refunds).toEqual([{ id: 724, reason: '', total: '-9.00' }]);
    });
  });

  describe('customers', () => {
    it('should refuse the official create request because its e-mail is already registered (customer 25)', async () => {
      const res = await call(api().post('customers', customerRequest));
      expect(res.status).toBe(400);
      expect(res.data).toEqual({
        code: 'registration-error-email-exists',
        message: 'An account is already registered with your email address. <a href="#" class="showlogin">Please log in.</a>',
        data: { status: 400 },
      });
    });

    it('should create, read, update (date_modified) and force-delete a customer with the official field set', async () => {
      const body = { ...customerRequest, email: 'jane.roe@example.com', username: undefined, billing: { ...customerRequest.billing, email: 'jane.roe@example.com' } };
      const created = await call(api().post('customers', body));
      expect(created.status).toBe(201);
      expect(Object.keys(created.data)).toEqual(Object.keys(customerResponse));
      expect(created.data).toMatchObject({ email: 'jane.roe@example.com', username: 'jane.roe', role: 'customer', first_name: 'John', is_paying_customer: false, date_created_gmt: '2025-07-01T12:00:00' });
      expect(created.data.shipping).toEqual(customerResponse.shipping);
      const id = created.data.id as number;
      clock += 5_000;
      const updated = await call(api().put(`customers/${id}`, customerUpdate));
      expect(updated.data).toMatchObject({ first_name: 'James', billing: { first_name: 'James', last_name: 'Doe' }, shipping: { first_name: 'James' }, date_modified_gmt: '2025-07-01T12:00:05' });
      expect((await call(api().put(`customers/${id}`, { username: 'other' }))).data.code).toBe('woocommerce_rest_customer_invalid_argument');
      expect((await call(api().put(`customers/${id}`, { email: 'joao.silva@example.com' }))).data).toEqual({ code: 'woocommerce_rest_customer_invalid_email', message: 'Email address is invalid.', data: { status: 400 } });
      const noForce = await call(api().delete(`customers/${id}`));
      expect(noForce.status).toBe(501);
      expect(noForce.data.message).toBe('Customers do not support trashing.');
      expect((await call(api().delete(`customers/${id}`, { force: true }))).data.id).toBe(id);
      const gone = await call(api().get(`customers/${id}`));
      expect(gone.status).toBe(404);
      expect(gone.data).toEqual({ code: 'wc_user_invalid_id', message: 'Invalid user ID.', data: { status: 404 } });
    });

    it('should list customers by name with role, email, orderby and paging; admins only with role=all', async () => {
      const usernames = async (params: Record<string, string | number>) => (await call(api().get('customers', params))).data.map((c: { username: string }) => c.username);
      expect(await usernames({})).toEqual(['aino.virtanen', 'erik.lindqvist', 'ingrid.hansen', 'joao.silva', 'john.doe']);
      expect(await usernames({ role: 'all', orderby: 'id', order: 'desc', per_page: 2 })).toEqual(['aino.virtanen', 'erik.lindqvist']);
      expect(await usernames({ role: 'all', orderby: 'id' })).toContain('admin');
      expect(await usernames({ email: 'john.doe@example.com' })).toEqual(['john.doe']);
      const paged = await call(api().get('customers', { per_page: 2, page: 2 }));
      expect(paged.headers['x-wp-total']).toBe('5');
      expect(paged.headers['x-wp-totalpages']).toBe('3');
      expect(paged.headers['link']).toContain('rel="prev"');
      expect((await call(api().delete('customers/1', { force: true }))).data.message).toBe('Sorry, users with administrator role cannot be deleted via this endpoint. Allowed roles: customer, subscriber');
    });

    it('should look the user up before checking credentials (404 even without keys)', async () => {
      const res = await raw(`${sandbox.apiUrl}/customers/999`);
      expect(res.status).toBe(404);
      expect(res.json.code).toBe('wc_user_invalid_id');
      expect((await raw(`${sandbox.apiUrl}/customers/25`)).status).toBe(401);
    });
  });
});
