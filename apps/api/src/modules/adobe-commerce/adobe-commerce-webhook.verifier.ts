import { createHash, timingSafeEqual } from 'node:crypto';
import { parseAdobeCommerceWebhook, verifyAdobeCommerceWebhook, type AdobeCommerceWebhookStub } from '@mlc/connectors';
import type { VerifiedDelivery, WebhookCapability, WebhookRecordKey, WebhookRejection } from '../systems/capabilities';
import { adobeCommerceChildRecordId } from './adobe-commerce-records.adapter';

/** The header our subscriptions ask the store to send (its value is the connection's generated hook secret). */
export const ADOBE_COMMERCE_HOOK_SECRET_HEADER = 'x-mlc-hook-secret';

/** Which record a delivery concerns: an order, a capture (Commerce invoice) or credit memo of an order, a customer. */
export function recordOfStub(stub: AdobeCommerceWebhookStub): WebhookRecordKey | undefined {
  if (stub.entityId === undefined) return undefined;
  switch (stub.entityType) {
    case 'order':
      return { entityType: 'order', externalId: String(stub.entityId), isFinalOncePosted: true };
    case 'invoice':
      return stub.orderId === undefined ? undefined : { entityType: 'capture', externalId: adobeCommerceChildRecordId(stub.orderId, stub.entityId), isFinalOncePosted: false };
    case 'credit-memo':
      return stub.orderId === undefined ? undefined : { entityType: 'refund', externalId: adobeCommerceChildRecordId(stub.orderId, stub.entityId), isFinalOncePosted: true };
    case 'customer':
      return { entityType: 'customer', externalId: String(stub.entityId), isFinalOncePosted: false };
    default:
      return undefined;
  }
}

const isId = (v: number | undefined): boolean => v !== undefined && Number.isSafeInteger(v) && v > 0;

/**
 * The field of a stub of a known entity that cannot name its record, if any: its `entity_id` (a customer's `id`), and
 * an invoice's or credit memo's `order_id`, must be positive integers (sales-data-order-interface and siblings).
 */
export function invalidFieldOf(stub: AdobeCommerceWebhookStub): string | undefined {
  if (stub.entityType === undefined) return undefined;
  if (!isId(stub.entityId)) return stub.entityType === 'customer' ? 'id' : 'entity_id';
  if ((stub.entityType === 'invoice' || stub.entityType === 'credit-memo') && !isId(stub.orderId)) return 'order_id';
  return undefined;
}

function sameSecret(given: string | string[] | undefined, secret: string): boolean {
  if (typeof given !== 'string') return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(secret).digest();
  return timingSafeEqual(a, b);
}

/**
 * Adobe Commerce webhook deliveries (module `magento/commerce-webhooks`; AdobeDocs/commerce-extensibility
 * `webhooks/hooks.md`, `webhooks/signature-verification.md`). Two checks, both on the raw bytes:
 * - our subscriptions carry a header with the connection's generated secret (`x-mlc-hook-secret`), compared in
 *   constant time; a delivery without it is refused;
 * - when the admin pasted the store's webhook public key (signature verification on), `x-adobe-commerce-webhook-signature`
 *   must be a valid RSA-SHA256 signature (as the docs' verification sample computes it).
 * Deliveries are stubs (ids, state and `updated_at`); they are de-duplicated on entity + id + `updated_at` + a hash of the
 * body, and the worker fetches the whole record. Answered `{"op":"success"}`: the store reads the answer
 * of a synchronous hook, and anything else is an error at checkout.
 */
export const adobeCommerceWebhookVerifier: WebhookCapability = {
  verify({ rawBody, headers, settings, credentials }): { ok: true; delivery: VerifiedDelivery } | WebhookRejection {
    const secret = typeof credentials['hookSecret'] === 'string' ? credentials['hookSecret'] : undefined;
    if (!secret) return { ok: false, reason: 'not-configured' };
    if (!sameSecret(headers[ADOBE_COMMERCE_HOOK_SECRET_HEADER], secret)) return { ok: false, reason: 'bad-secret' };
    const publicKeyPem = typeof settings['webhookPublicKey'] === 'string' ? settings['webhookPublicKey'] : undefined;
    if (publicKeyPem) {
      const verified = verifyAdobeCommerceWebhook({ rawBody, headers, publicKeyPem });
      if (!verified.ok) return { ok: false, reason: verified.reason };
    }
    let stub: AdobeCommerceWebhookStub;
    try {
      stub = parseAdobeCommerceWebhook(rawBody);
    } catch {
      return { ok: false, reason: 'malformed-body' };
    }
    const invalid = invalidFieldOf(stub);
    if (invalid) return { ok: false, reason: `invalid-field:${invalid}` };
    const record = recordOfStub(stub);
    // `updated_at` has one-second granularity: an order placed and invoiced within one second shows the same stamp, so
    // the body (which carries the state, see the subscription fields) tells a real change from a repeated delivery.
    const bodyHash = createHash('sha256').update(rawBody).digest('hex').slice(0, 16);
    const deliveryKey = stub.dedupeKey ? `${stub.dedupeKey}:${bodyHash}` : `body:${bodyHash}`;
    return {
      ok: true,
      delivery: {
        scope: stub.eventName ?? 'unknown',
        deliveryKey,
        webhookId: null,
        // The state is in the stub, so a change within one second (an invoice captured as it was created) is a new
        // payload, not a duplicate of the record's last one (RecordsService.receive compares payload hashes).
        payload: { eventName: stub.eventName ?? null, entityType: stub.entityType ?? null, id: stub.entityId ?? null, order_id: stub.orderId ?? null, state: stub.state ?? null, updated_at: stub.updatedAt ?? null, via: 'webhook' },
        // No version: a stub is fetched whole anyway, and a change within the same second must not count as stale.
        record,
      },
    };
  },
  acknowledgement: () => ({ op: 'success' }),
};
