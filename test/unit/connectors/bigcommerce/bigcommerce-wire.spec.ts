import {
  BC_ORDER,
  BC_REFUND,
  bigCommerceErrorMapper,
  ConnectorAuthError,
  ConnectorNotFoundError,
  ConnectorValidationError,
  requiredScopeFor,
  webhookReachability,
  type ErrorResponseContext,
} from '@mlc/connectors';

const ctx = (over: Partial<ErrorResponseContext>): ErrorResponseContext => ({ system: 'bigcommerce', method: 'GET', path: '/v2/orders', status: 400, headers: {}, body: undefined, requestId: undefined, waitMs: undefined, ...over });

describe('bigCommerceErrorMapper', () => {
  it('should name the missing orders scope when the store answers 403 on orders', () => {
    const err = bigCommerceErrorMapper(ctx({ status: 403, body: { status: 403, title: "You don't have a required scope to access the endpoint", type: 'x' } }));
    expect(err).toBeInstanceOf(ConnectorAuthError);
    expect(err?.code).toBe('forbidden');
    expect(err?.message).toContain('store_v2_orders_read_only');
  });

  it('should read the V2 array body when an order is missing', () => {
    const err = bigCommerceErrorMapper(ctx({ status: 404, path: '/v2/orders/9', body: [{ status: 404, message: 'The requested resource was not found.' }] }));
    expect(err).toBeInstanceOf(ConnectorNotFoundError);
    expect(err?.providerMessage).toBe('The requested resource was not found.');
  });

  it('should turn V3 `errors` into field errors when a hook is rejected with 422', () => {
    const err = bigCommerceErrorMapper(ctx({ status: 422, method: 'POST', path: '/v3/hooks', body: { status: 422, title: 'JSON data is missing or invalid', errors: { destination: 'The destination must use HTTPS.' } } }));
    expect(err).toBeInstanceOf(ConnectorValidationError);
    expect((err as ConnectorValidationError).fieldErrors).toEqual([{ field: 'destination', message: 'The destination must use HTTPS.' }]);
  });
});

describe('requiredScopeFor', () => {
  it.each([
    ['/v2/orders/1/coupons', 'store_v2_orders_read_only'],
    ['/v3/customers', 'store_v2_customers_read_only'],
    ['/v3/orders/5/transactions', 'store_v2_transactions_read_only'],
    ['/v3/orders/payment_actions/refunds/3', 'store_v2_orders_read_only'],
    ['/v2/store', 'store_v2_information_read_only'],
    ['/v3/hooks', undefined],
  ])('should map %s to %s when asked which scope it needs', (path, scope) => {
    expect(requiredScopeFor(path)).toBe(scope);
  });
});

describe('money on the wire', () => {
  it('should keep V2 decimal strings untouched when parsing an order', () => {
    const order = BC_ORDER.parse({ id: 1, status_id: 11, date_created: 'x', date_modified: 'y', total_inc_tax: '10.0000', fees: [{ id: 1, cost_inc_tax: 2.5 }] });
    expect(order.total_inc_tax).toBe('10.0000');
    expect(Array.isArray(order.fees) && order.fees[0]?.cost_inc_tax).toBe('2.5');
  });

  it('should turn V3 JSON-number amounts into their exact decimal text when parsing a refund', () => {
    const refund = BC_REFUND.parse({ id: 1, order_id: 2, total_amount: 1.99, total_tax: 0.1, payments: [{ amount: 109.9, provider_id: 'storecredit' }] });
    expect(refund.total_amount).toBe('1.99');
    expect(refund.total_tax).toBe('0.1');
    expect(refund.payments?.[0]?.amount).toBe('109.9');
  });

  it.each([
    ['a number in exponent form', 1e21],
    ['a boolean', true],
    ['an object', { value: 1 }],
    ['text that is not a decimal', '12,50'],
  ])('should reject %s as an amount, naming the field', (_name, amount) => {
    const result = BC_REFUND.safeParse({ id: 1, order_id: 2, total_amount: amount });
    expect(result.success).toBe(false);
    expect(!result.success && result.error.issues.map((i) => i.path.join('.'))).toEqual(['total_amount']);
  });

  it('should read the embedded consignments by their shape, and a link as a link', () => {
    const base = { id: 1, status_id: 11, date_created: 'x', date_modified: 'y' };
    const embedded = BC_ORDER.parse({ ...base, consignments: { shipping: [{ id: 4, base_cost: 99, cost_ex_tax: 79.2, line_items: [{ id: 7, quantity: 1, price_inc_tax: '10.0000' }] }] } });
    expect(embedded.consignments).toMatchObject({ shipping: [{ id: 4, base_cost: '99', cost_ex_tax: '79.2', line_items: [{ id: 7, quantity: 1 }] }] });
    const link = { url: 'https://api.bigcommerce.com/stores/x/v2/orders/1/consignments', resource: '/orders/1/consignments' };
    expect(BC_ORDER.parse({ ...base, consignments: link }).consignments).toEqual(link);
    const broken = BC_ORDER.safeParse({ ...base, consignments: { shipping: [{ id: 'four' }] } });
    expect(!broken.success && broken.error.issues.map((i) => i.path.join('.'))).toEqual(['consignments.shipping.0.id']);
  });
});

describe('webhookReachability', () => {
  it.each([
    ['https://connector.example.com', 'ok'],
    ['https://connector.example.com:443/base', 'ok'],
    ['http://connector.example.com', 'not_https'],
    ['https://connector.example.com:8443', 'not_port_443'],
    ['https://localhost', 'private_host'],
    ['https://192.168.1.10', 'private_host'],
    ['not a url', 'invalid_url'],
  ])('should classify %s as %s', (url, code) => {
    expect(webhookReachability(url).code).toBe(code);
  });

  it('should skip the check when no public URL is configured', () => {
    expect(webhookReachability(undefined).status).toBe('skipped');
  });
});
