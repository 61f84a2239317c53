/**
 * Verifying WooCommerce webhook deliveries (a pure function of raw body, headers and secret). Rules from
 * woocommerce/woocommerce `plugins/woocommerce/includes/class-wc-webhook.php` @ 77ab3bf5:
 * - `deliver()`: POST, body `trim(wp_json_encode($payload))` (WordPress escapes `/` as `\/`, so re-serialised JSON
 *   never matches), headers `X-WC-Webhook-Source` (home_url('/')), `-Topic`, `-Resource`, `-Event`, `-Signature`,
 *   `-ID`, `-Delivery-ID`;
 * - `generate_signature()`: base64(HMAC-SHA256(body, wp_specialchars_decode(secret, ENT_QUOTES))), so secrets must
 *   not contain HTML entities (ours are random base64url);
 * - `get_new_delivery_id()`: wp_hash(webhook id . strtotime('now')) — the same for two deliveries of one hook in the
 *   same second, so it is no de-duplication key;
 * - `build_payload()`: a `deleted` event sends just `{id}`;
 * - `deliver_ping()`: wp_safe_remote_post with the form body `webhook_id=<id>` and no X-WC-Webhook-* headers; any
 *   answer but 200 fails the ping.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { ConnectorError } from '../core';
import { WOOCOMMERCE_SYSTEM } from './woocommerce-errors';
import { wooCommerceGmtMs } from './resources/woocommerce-resource';

export type VerifyWooCommerceWebhookInput = {
  /** The request body exactly as received. */
  rawBody: Buffer;
  headers: IncomingHttpHeaders;
  /** The hook's `secret`. */
  secret: string;
};

export type WooCommerceWebhookRejection = 'missing-signature' | 'bad-signature' | 'missing-topic' | 'bad-json';

export type VerifyWooCommerceWebhookResult =
  | { ok: true; kind: 'ping'; webhookId: string }
  | {
      ok: true;
      kind: 'delivery';
      topic: string;
      resource: string;
      event: string;
      webhookId: string | null;
      deliveryId: string | null;
      source: string | null;
      payload: unknown;
      /** `${topic}:${id}:${date_modified_gmt ?? 'deleted'}`. */
      dedupeKey: string;
      /** The payload's `date_modified_gmt` as ISO-8601 UTC with milliseconds (`2017-03-22T19:28:08.000Z`). */
      version: string | undefined;
    }
  | { ok: false; reason: WooCommerceWebhookRejection };

const PING_BODY = /^webhook_id=(\d+)$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Verifies one request to our webhook endpoint.
 * - No `X-WC-Webhook-Signature`, no `X-WC-Webhook-Topic` and the body `webhook_id=<id>` → `{kind: 'ping'}` (answer 200);
 * - otherwise the signature must equal base64(HMAC-SHA256(raw body bytes, secret)), compared with timingSafeEqual on
 *   the decoded bytes → `missing-signature` / `bad-signature`; then `X-WC-Webhook-Topic` (`missing-topic`) and a
 *   JSON body (`bad-json`).
 * @throws ConnectorError `configuration` when `secret` is empty (never accept unsigned deliveries by accident)
 */
export function verifyWooCommerceWebhook(input: VerifyWooCommerceWebhookInput): VerifyWooCommerceWebhookResult {
  if (!input.secret) throw new ConnectorError({ system: WOOCOMMERCE_SYSTEM, code: 'configuration', retryable: false, message: 'WooCommerce webhook verification needs the hook secret' });
  const header = (name: string): string | undefined => {
    const v = input.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const signature = header('x-wc-webhook-signature')?.trim();
  const topic = header('x-wc-webhook-topic')?.trim();
  if (!signature) {
    const ping = topic ? null : PING_BODY.exec(input.rawBody.toString('utf8').trim());
    if (ping?.[1] !== undefined) return { ok: true, kind: 'ping', webhookId: ping[1] };
    return { ok: false, reason: 'missing-signature' };
  }
  const expected = createHmac('sha256', input.secret).update(input.rawBody).digest();
  const given = BASE64.test(signature) ? Buffer.from(signature, 'base64') : Buffer.alloc(0);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-signature' };
  if (!topic) return { ok: false, reason: 'missing-topic' };
  let payload: unknown;
  try {
    payload = JSON.parse(input.rawBody.toString('utf8')) as unknown;
  } catch {
    return { ok: false, reason: 'bad-json' };
  }
  const [topicResource = '', topicEvent = ''] = topic.split('.', 2);
  const record = typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? (payload as Record<string, unknown>) : {};
  const rawId = record['id'];
  const id = typeof rawId === 'number' || typeof rawId === 'string' ? String(rawId) : `body-${createHash('sha256').update(input.rawBody).digest('hex').slice(0, 16)}`;
  const gmt = typeof record['date_modified_gmt'] === 'string' ? record['date_modified_gmt'] : undefined;
  return {
    ok: true,
    kind: 'delivery',
    topic,
    resource: header('x-wc-webhook-resource') ?? topicResource,
    event: header('x-wc-webhook-event') ?? topicEvent,
    webhookId: header('x-wc-webhook-id') ?? null,
    deliveryId: header('x-wc-webhook-delivery-id') ?? null,
    source: header('x-wc-webhook-source') ?? null,
    payload,
    dedupeKey: `${topic}:${id}:${gmt ?? 'deleted'}`,
    version: wooCommerceVersion(gmt),
  };
}

/** A `date_*_gmt` value as ISO-8601 UTC with `Z` and milliseconds; undefined when absent or not a date. */
export function wooCommerceVersion(gmt: string | null | undefined): string | undefined {
  if (!gmt) return undefined;
  const ms = wooCommerceGmtMs(gmt);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** How a payload's version relates to the one already stored. */
export type WooCommerceVersionComparison = 'newer' | 'same' | 'older' | 'unknown';

/**
 * Stale-delivery check: compares a payload's `date_modified_gmt` (or a version from `wooCommerceVersion`) with the one
 * stored for the same record. WooCommerce never retries a failed delivery and builds each payload when it is sent
 * (class-wc-webhook.php `deliver()` → `build_payload()`), so deliveries of one record may arrive out of order: an
 * `older` one must change nothing. Dates have second precision: two changes in one second compare `same` (post the
 * delivery anyway when its body differs from the stored one). `unknown` when either side has no readable date.
 */
export function compareWooCommerceVersions(incoming: string | null | undefined, stored: string | null | undefined): WooCommerceVersionComparison {
  const a = wooCommerceVersion(incoming);
  const b = wooCommerceVersion(stored);
  if (a === undefined || b === undefined) return 'unknown';
  return a > b ? 'newer' : a < b ? 'older' : 'same';
}

/** True when `payload.date_modified_gmt` is older than `storedGmt` (see `compareWooCommerceVersions`). */
export function isStaleWooCommercePayload(payload: unknown, storedGmt: string | null | undefined): boolean {
  const gmt = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>)['date_modified_gmt'] : undefined;
  return compareWooCommerceVersions(typeof gmt === 'string' ? gmt : undefined, storedGmt) === 'older';
}
