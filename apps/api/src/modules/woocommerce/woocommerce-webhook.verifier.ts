import { verifyWooCommerceWebhook } from '@mlc/connectors';
import type { VerifiedDelivery, WebhookCapability, WebhookRecordKey, WebhookRejection } from '../systems/capabilities';
import { wooCommerceRefundRecordId } from './woocommerce-records.adapter';

type Related = NonNullable<VerifiedDelivery['related']>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Which records a topic concerns (WooCommerce REST API docs, "Webhooks" → topics): `order.created|updated` → the order,
 * and each refund its payload lists (`refunds[]`: refunds have no topic of their own, a refund updates its order);
 * `customer.created|updated` → the customer. `*.deleted` (payload `{id}`) and other topics are stored, not synced.
 */
export function recordsOf(topic: string, payload: unknown): { record: WebhookRecordKey | undefined; related: Related } {
  if (!isObject(payload) || (typeof payload['id'] !== 'number' && typeof payload['id'] !== 'string')) return { record: undefined, related: [] };
  const id = String(payload['id']);
  if (topic === 'order.created' || topic === 'order.updated') {
    const refunds = Array.isArray(payload['refunds']) ? payload['refunds'].filter(isObject) : [];
    const related: Related = refunds
      .filter((r) => typeof r['id'] === 'number' || typeof r['id'] === 'string')
      .map((r) => ({
        key: { entityType: 'refund', externalId: wooCommerceRefundRecordId(id, String(r['id'])), isFinalOncePosted: true },
        payload: { id: r['id'], order_id: payload['id'], total: r['total'] ?? null, via: 'order-webhook' },
      }));
    return { record: { entityType: 'order', externalId: id, isFinalOncePosted: true }, related };
  }
  if (topic === 'customer.created' || topic === 'customer.updated') return { record: { entityType: 'customer', externalId: id, isFinalOncePosted: false }, related: [] };
  return { record: undefined, related: [] };
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
    const { record, related } = recordsOf(verified.topic, verified.payload);
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
