import { verifyWooCommerceWebhook } from '@mlc/connectors';
import type { VerifiedDelivery, WebhookCapability, WebhookRecordKey, WebhookRejection } from '../systems/capabilities';
import { wooCommerceRefundRecordId } from './woocommerce-records.adapter';

type Related = NonNullable<VerifiedDelivery['related']>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A WooCommerce resource id as the REST API gives it: a positive integer (or its digits), else undefined. */
function idOf(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? String(value) : undefined;
  return typeof value === 'string' && /^[1-9]\d{0,18}$/.test(value) ? value : undefined;
}

/**
 * Which records a topic concerns (WooCommerce REST API docs, "Webhooks" → topics): `order.created|updated` → the order,
 * and each refund its payload lists (`refunds[]`: refunds have no topic of their own, a refund updates its order);
 * `customer.created|updated` → the customer. `*.deleted` (payload `{id}`) and other topics are stored, not synced.
 * `invalid` names the field (`id`, `refunds[].id`) when a synced topic's payload carries no usable id (a positive
 * integer, docs "Order properties" / "Customer properties"): such a delivery is refused rather than stored unsynced.
 */
export function recordsOf(topic: string, payload: unknown): { record: WebhookRecordKey | undefined; related: Related; invalid?: string } {
  const isOrder = topic === 'order.created' || topic === 'order.updated';
  const isCustomer = topic === 'customer.created' || topic === 'customer.updated';
  if (!isOrder && !isCustomer) return { record: undefined, related: [] };
  const id = isObject(payload) ? idOf(payload['id']) : undefined;
  if (!isObject(payload) || id === undefined) return { record: undefined, related: [], invalid: 'id' };
  if (isCustomer) return { record: { entityType: 'customer', externalId: id, isFinalOncePosted: false }, related: [] };
  const listed: unknown[] = Array.isArray(payload['refunds']) ? payload['refunds'] : [];
  const refunds = listed.map((r) => (isObject(r) ? { refund: r, refundId: idOf(r['id']) } : { refund: undefined, refundId: undefined }));
  if (refunds.some((r) => r.refundId === undefined)) return { record: undefined, related: [], invalid: 'refunds[].id' };
  const related: Related = refunds.map(({ refund, refundId }) => ({
    key: { entityType: 'refund', externalId: wooCommerceRefundRecordId(id, refundId ?? ''), isFinalOncePosted: true },
    payload: { id: refund?.['id'], order_id: payload['id'], total: refund?.['total'] ?? null, via: 'order-webhook' },
  }));
  return { record: { entityType: 'order', externalId: id, isFinalOncePosted: true }, related };
}

/**
 * WooCommerce deliveries, verified on the raw body bytes (WordPress escapes `/` as `\/`, so re-serialised JSON never
 * matches): `X-WC-Webhook-Signature` = base64(HMAC-SHA256(body, the hook's secret)) in constant time
 * (class-wc-webhook.php `generate_signature()`). The unsigned form-encoded ping `webhook_id=<id>` a new hook sends is
 * accepted (answered 200; rejecting it makes the shop ping again). `X-WC-Webhook-Delivery-ID` is not unique (a hash of
 * the hook id and the time to the second), so a delivery is de-duplicated on topic + resource id + the payload's
 * `date_modified_gmt`, which is also its version: an older one than the record holds is stale and changes nothing.
 */
export const wooCommerceWebhookVerifier: WebhookCapability = {
  verify({ rawBody, headers, credentials }): { ok: true; delivery: VerifiedDelivery } | WebhookRejection {
    const secret = typeof credentials['hookSecret'] === 'string' ? credentials['hookSecret'] : undefined;
    if (!secret) return { ok: false, reason: 'not-configured' };
    const verified = verifyWooCommerceWebhook({ rawBody, headers, secret });
    if (!verified.ok) return { ok: false, reason: verified.reason };
    if (verified.kind === 'ping') {
      return { ok: true, delivery: { scope: 'ping', deliveryKey: `ping:${verified.webhookId}:${Date.now()}`, webhookId: null, payload: { webhook_id: verified.webhookId }, record: undefined } };
    }
    const { record, related, invalid } = recordsOf(verified.topic, verified.payload);
    if (invalid) return { ok: false, reason: `invalid-field:${invalid}` };
    return {
      ok: true,
      delivery: {
        scope: verified.topic,
        deliveryKey: verified.dedupeKey,
        // Not unique across deliveries (see above): kept for the record only, never used to de-duplicate.
        webhookId: null,
        payload: verified.payload,
        record,
        ...(verified.version ? { version: verified.version } : {}),
        ...(related.length ? { related } : {}),
      },
    };
  },
};
