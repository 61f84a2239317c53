import { createHmac } from 'node:crypto';
import OAuth from 'oauth-1.0a';
import { type RunningWooCommerceSandbox, WOOCOMMERCE_DEMO } from '@mlc/sandbox';

/** The shop's answer; `body` is whatever JSON it sent (callers narrow the fields they read). */
export type WooCommerceShop = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: unknown }>;

/**
 * Calls the WooCommerce sandbox shop as any WooCommerce client does over plain HTTP: one-legged OAuth 1.0a,
 * HMAC-SHA256, the signature and oauth parameters in the query string (WooCommerce REST API docs, "Authentication
 * over HTTP"), with the demo's read/write key. For the demo's shop activity and tests: the product itself never writes
 * to a shop's orders.
 */
export function wooCommerceShop(sandbox: Pick<RunningWooCommerceSandbox, 'apiUrl'>, keys = { key: WOOCOMMERCE_DEMO.consumerKey, secret: WOOCOMMERCE_DEMO.consumerSecret }): WooCommerceShop {
  const oauth = new OAuth({ consumer: keys, signature_method: 'HMAC-SHA256', hash_function: (base, key) => createHmac('sha256', key).update(base).digest('base64') });
  return async (method, path, body) => {
    const url = new URL(`${sandbox.apiUrl}${path}`);
    const signed = oauth.authorize({ url: url.toString(), method });
    for (const [k, v] of Object.entries(signed)) url.searchParams.set(k, String(v));
    const res = await fetch(url, { method, headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
}

function idOf(body: unknown): number {
  const id = body && typeof body === 'object' ? (body as { id?: unknown }).id : undefined;
  if (typeof id !== 'number') throw new Error(`the shop's answer has no id: ${JSON.stringify(body)}`);
  return id;
}

/** A paid Norwegian order of the demo catalogue (NOK, 25 % and 15 % VAT), as a checkout would create it. */
export function norwegianWooCommerceOrder(email: string, options: { coupon?: string; withFee?: boolean } = {}) {
  const address = { first_name: 'Ingrid', last_name: 'Solberg', address_1: 'Karl Johans gate 5', city: 'Oslo', postcode: '0154', country: 'NO', email, phone: '+47 22 11 22 33' };
  return {
    payment_method: 'bacs',
    payment_method_title: 'Direct bank transfer',
    set_paid: true,
    currency: 'NOK',
    billing: address,
    shipping: { ...address, email: undefined, phone: undefined },
    line_items: [
      { product_id: 504, quantity: 2 },
      { product_id: 502, quantity: 1 },
    ],
    shipping_lines: [{ method_id: 'flat_rate', method_title: 'Posten', total: '79.20' }],
    ...(options.withFee ? { fee_lines: [{ name: 'Gift wrap', total: '40.00', tax_status: 'taxable', tax_class: '' }] } : {}),
    ...(options.coupon ? { coupon_lines: [{ code: options.coupon }] } : {}),
  };
}

/**
 * Live shop activity for the demo: two paid Norwegian orders created through `POST /orders` (their `order.created`
 * webhooks reach ml-connector), one with a coupon and a gift-wrap fee, then a refund of the first once it is invoiced
 * (`api_refund: false`: the sandbox's offline gateways cannot move money). Returns the order ids.
 */
export async function playWooCommerceOrders(sandbox: Pick<RunningWooCommerceSandbox, 'apiUrl'>, waitForInvoice: (orderId: string) => Promise<void>): Promise<string[]> {
  const shop = wooCommerceShop(sandbox);
  const ids: string[] = [];
  for (const order of [norwegianWooCommerceOrder('ingrid.solberg@example.no'), norwegianWooCommerceOrder('per.berg@example.no', { coupon: 'spring10', withFee: true })]) {
    const created = await shop('POST', '/orders', order);
    if (created.status !== 201) throw new Error(`demo WooCommerce order could not be created: ${created.status} ${JSON.stringify(created.body)}`);
    ids.push(String(idOf(created.body)));
  }
  const first = ids[0];
  if (first) {
    await waitForInvoice(first);
    await shop('POST', `/orders/${first}/refunds`, { amount: '100.00', reason: 'Late delivery', api_refund: false, api_restock: false });
  }
  return ids;
}
