import { BIGCOMMERCE_HOOK_SECRET_HEADER, type BigCommerceWebhookStub, verifyBigCommerceWebhook } from '@mlc/connectors';
import type { VerifiedDelivery, WebhookCapability, WebhookRecordKey, WebhookRejection } from '../systems/capabilities';
import { bigCommerceRefundRecordId } from './bigcommerce-records.adapter';

/** Header carrying the per-connection secret we register in each hook's custom `headers` (the connector's default). */
export const HOOK_SECRET_HEADER = BIGCOMMERCE_HOOK_SECRET_HEADER;

/**
 * Which sync record a webhook scope concerns (webhooks.v3.yml event list): `store/order/*` → the order,
 * `store/order/refund/created` → the refund `<order>:<refund>`, `store/customer/created|updated` → the customer.
 * Other scopes are stored but not synced.
 */
export function recordKeyOf(stub: BigCommerceWebhookStub): WebhookRecordKey | undefined {
  const data = stub.data as { type?: string; id?: number | string; refund?: { refund_id?: number | string } };
  if (data.id === undefined) return undefined;
  if (stub.scope === 'store/order/refund/created' && data.refund?.refund_id !== undefined) {
    return { entityType: 'refund', externalId: bigCommerceRefundRecordId(data.id, data.refund.refund_id), isFinalOncePosted: true };
  }
  if (stub.scope.startsWith('store/order/')) return { entityType: 'order', externalId: String(data.id), isFinalOncePosted: true };
  if (stub.scope === 'store/customer/created' || stub.scope === 'store/customer/updated') return { entityType: 'customer', externalId: String(data.id), isFinalOncePosted: false };
  return undefined;
}

const isSynced = (scope: string): boolean => scope.startsWith('store/order/') || scope === 'store/customer/created' || scope === 'store/customer/updated';
const isId = (v: unknown): boolean => (typeof v === 'number' ? Number.isSafeInteger(v) && v > 0 : typeof v === 'string' && /^[1-9]\d{0,18}$/.test(v));

/**
 * The field of a stub of a synced scope that cannot name its record, if any: `data.id` must be a positive integer
 * (orders and customers have integer ids, webhooks.v3.yml callbacks `store_order_*`, `store_customer_*`), and so must
 * `data.refund.refund_id` of `store/order/refund/created`.
 */
export function invalidFieldOf(stub: BigCommerceWebhookStub): string | undefined {
  if (!isSynced(stub.scope)) return undefined;
  const data = stub.data as { id?: unknown; refund?: { refund_id?: unknown } };
  if (!isId(data.id)) return 'data.id';
  if (stub.scope === 'store/order/refund/created' && !isId(data.refund?.refund_id)) return 'data.refund.refund_id';
  return undefined;
}

/**
 * BigCommerce deliveries: a Standard Webhooks signature (HMAC-SHA256 over `{webhook-id}.{webhook-timestamp}.{body}`
 * with the app's client secret, 300 s tolerance) or the per-connection hook secret we register in the hook's custom
 * headers; both in constant time, on the raw body bytes. A delivery is de-duplicated on its `webhook-id` (BigCommerce
 * re-sends on failure and may deliver twice, with the same id), or on scope + the stub's `hash` without one.
 */
export const bigCommerceWebhookVerifier: WebhookCapability = {
  verify({ rawBody, headers, credentials, nowSeconds }): { ok: true; delivery: VerifiedDelivery } | WebhookRejection {
    const clientSecret = typeof credentials['clientSecret'] === 'string' ? credentials['clientSecret'] : undefined;
    const hookSecret = typeof credentials['hookSecret'] === 'string' ? credentials['hookSecret'] : undefined;
    if (!clientSecret && !hookSecret) return { ok: false, reason: 'not-configured' };
    const verified = verifyBigCommerceWebhook({
      rawBody,
      headers,
      ...(clientSecret ? { clientSecret } : {}),
      ...(hookSecret ? { hookSecret, expectedHookSecretHeader: HOOK_SECRET_HEADER } : {}),
      nowSeconds,
    });
    if (!verified.ok) return { ok: false, reason: verified.reason };
    const stub = verified.stub;
    const invalid = invalidFieldOf(stub);
    if (invalid) return { ok: false, reason: `invalid-field:${invalid}` };
    const webhookId = typeof headers['webhook-id'] === 'string' ? headers['webhook-id'] : null;
    // A delivery is what its `webhook-id` names (the same on every retry and duplicate copy of one event); the payload
    // `hash` covers only the stub (id + created_at in seconds), so two updates within one second would share it.
    const deliveryKey = webhookId ? `id:${webhookId}` : `${stub.scope}:${stub.hash}`;
    return { ok: true, delivery: { scope: stub.scope, deliveryKey, webhookId, payload: stub, record: recordKeyOf(stub) } };
  },
};
