import { BIGCOMMERCE_DEMO, type RunningSandboxes } from '@mlc/sandbox';

/** The store's answer; `body` is whatever JSON it sent (callers narrow the fields they read). */
type Store = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: unknown }>;

/** The `id` of a created resource's JSON answer. @throws Error when the answer has none. */
function idOf(body: unknown): string {
  const id = body && typeof body === 'object' ? (body as { id?: unknown }).id : undefined;
  if (typeof id !== 'number' && typeof id !== 'string') throw new Error(`the store's answer has no id: ${JSON.stringify(body)}`);
  return String(id);
}

/** Calls the sandbox store as any BigCommerce client would (X-Auth-Token). */
export function sandboxStore(sandboxes: Pick<RunningSandboxes, 'bigcommerce'>): Store {
  return async (method, path, body) => {
    const res = await fetch(`${sandboxes.bigcommerce.url}/stores/${BIGCOMMERCE_DEMO.storeHash}${path}`, {
      method,
      headers: { 'x-auth-token': BIGCOMMERCE_DEMO.accessToken, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
}

const customers = [
  { first: 'Kari', last: 'Nordmann', email: 'kari.nordmann@example.no', street: 'Storgata 1', zip: '0155', city: 'Oslo' },
  { first: 'Ola', last: 'Hansen', email: 'ola.hansen@example.no', street: 'Bryggen 3', zip: '5003', city: 'Bergen' },
  { first: 'Kari', last: 'Nordmann', email: 'kari.nordmann@example.no', street: 'Storgata 1', zip: '0155', city: 'Oslo' },
];

/**
 * Live shop activity for the demo: three paid Norwegian orders created through POST /v2/orders (their
 * webhooks reach ml-connector), the second buyer returning as the third, and a partial refund of the first
 * order once it is invoiced. Returns the created order ids.
 */
export async function playDemoOrders(sandboxes: Pick<RunningSandboxes, 'bigcommerce'>, waitForInvoice: (orderId: string) => Promise<void>): Promise<string[]> {
  const store = sandboxStore(sandboxes);
  const ids: string[] = [];
  for (const [i, c] of customers.entries()) {
    const address = { first_name: c.first, last_name: c.last, company: '', street_1: c.street, street_2: '', city: c.city, state: '', zip: c.zip, country: 'Norway', country_iso2: 'NO', phone: '', email: c.email };
    const created = await store('POST', '/v2/orders', {
      status_id: 11,
      customer_id: 0,
      default_currency_code: 'NOK',
      billing_address: address,
      shipping_addresses: [{ ...address, shipping_method: 'Bring' }],
      products: [
        { name: 'Ski Wax Kit', sku: 'SKI-WAX', quantity: 1 + i, price_ex_tax: '399.20', price_inc_tax: '499.00' },
        { name: 'Brown Cheese 500 g', sku: 'CHEESE-BR', quantity: 2, price_ex_tax: '86.09', price_inc_tax: '99.00' },
      ],
      shipping_cost_ex_tax: '79.20',
      shipping_cost_inc_tax: '99.00',
      payment_method: 'Test Payment Gateway',
    });
    if (created.status !== 200) throw new Error(`demo order could not be created: ${created.status} ${JSON.stringify(created.body)}`);
    ids.push(idOf(created.body));
  }
  const first = ids[0];
  if (first) {
    await waitForInvoice(first);
    const products = (await store('GET', `/v2/orders/${first}/products`)).body as { id: number; sku: string }[];
    const wax = products.find((p) => p.sku === 'SKI-WAX');
    if (wax) {
      await store('POST', `/v3/orders/${first}/payment_actions/refunds`, {
        items: [{ item_type: 'PRODUCT', item_id: wax.id, quantity: 1, reason: 'Changed mind' }],
        payments: [{ provider_id: 'custom', amount: 499, offline: true }],
      });
    }
  }
  return ids;
}
