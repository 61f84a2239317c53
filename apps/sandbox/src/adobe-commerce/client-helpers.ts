/**
 * Helpers for the demo and end-to-end tests: create records in a running Adobe Commerce sandbox over HTTP through its
 * control routes (`/_sandbox/adobe-commerce/...`, control.routes.ts), which run the same code as the REST API and
 * fire the same webhooks, without signing requests. `baseUrl` is the sandbox URL (`RunningAdobeCommerceSandbox.url`).
 */
import type { PlaceOrderInput } from './order-builder';
import type { Json } from './state';

async function post(baseUrl: string, path: string, body: unknown): Promise<Json> {
  const res = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`Adobe Commerce sandbox answered ${res.status} to POST ${path}: ${text}`);
  return JSON.parse(text) as Json;
}

/** Places an order (`sales-data-order-interface` answered, state new / status pending). */
export function adobeCommercePlaceOrder(baseUrl: string, input: PlaceOrderInput): Promise<Json> {
  return post(baseUrl, '/_sandbox/adobe-commerce/orders', input);
}

/** Invoices an order (everything left, or `items`); `capture: true` makes the invoice paid (state 2), else open (1). */
export function adobeCommerceInvoiceOrder(baseUrl: string, orderId: number, options: { capture?: boolean; items?: Array<{ order_item_id: number; qty: number }> } = {}): Promise<Json> {
  return post(baseUrl, `/_sandbox/adobe-commerce/orders/${orderId}/invoice`, options);
}

/** Refunds an order offline (a credit memo of everything refundable, or `items`, with `arguments`). */
export function adobeCommerceRefundOrder(
  baseUrl: string,
  orderId: number,
  options: { items?: Array<{ order_item_id: number; qty: number }>; arguments?: { shipping_amount?: number; adjustment_positive?: number; adjustment_negative?: number } } = {},
): Promise<Json> {
  return post(baseUrl, `/_sandbox/adobe-commerce/orders/${orderId}/refund`, options);
}

/** Creates a customer from a `customer-data-customer-interface` object. */
export function adobeCommerceCreateCustomer(baseUrl: string, customer: Json): Promise<Json> {
  return post(baseUrl, '/_sandbox/adobe-commerce/customers', { customer });
}

/** The public key (PEM) the sandbox signs webhook deliveries with. */
export async function adobeCommerceWebhookPublicKey(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/_sandbox/adobe-commerce/webhook-public-key`);
  return ((await res.json()) as { publicKey: string }).publicKey;
}
