import { createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { ConnectorError, verifyWooCommerceWebhook } from '@mlc/connectors';

const SECRET = 'hook-secret-Zq9';
/** What wp_json_encode sends: `/` escaped as `\/`. */
const BODY = Buffer.from('{"id":727,"status":"processing","date_modified_gmt":"2017-03-22T19:28:08","_links":{"self":[{"href":"https:\\/\\/example.com\\/wp-json\\/wc\\/v3\\/orders\\/727"}]}}');

function sign(body: Buffer, secret = SECRET): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

function headers(body: Buffer, extra: IncomingHttpHeaders = {}): IncomingHttpHeaders {
  return {
    'content-type': 'application/json',
    'x-wc-webhook-source': 'https://example.com/',
    'x-wc-webhook-topic': 'order.updated',
    'x-wc-webhook-resource': 'order',
    'x-wc-webhook-event': 'updated',
    'x-wc-webhook-signature': sign(body),
    'x-wc-webhook-id': '142',
    'x-wc-webhook-delivery-id': 'a1b2c3',
    ...extra,
  };
}

describe('verifyWooCommerceWebhook', () => {
  it('should accept a delivery signed over the raw bytes and derive dedupe key and version', () => {
    const result = verifyWooCommerceWebhook({ rawBody: BODY, headers: headers(BODY), secret: SECRET });
    expect(result).toMatchObject({
      ok: true,
      kind: 'delivery',
      topic: 'order.updated',
      resource: 'order',
      event: 'updated',
      webhookId: '142',
      deliveryId: 'a1b2c3',
      source: 'https://example.com/',
      dedupeKey: 'order.updated:727:2017-03-22T19:28:08',
      version: '2017-03-22T19:28:08.000Z',
    });
    expect(result.ok && result.kind === 'delivery' && (result.payload as { id: number }).id).toBe(727);
  });

  it('should reject a forged signature', () => {
    expect(verifyWooCommerceWebhook({ rawBody: BODY, headers: headers(BODY, { 'x-wc-webhook-signature': sign(BODY, 'other') }), secret: SECRET })).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyWooCommerceWebhook({ rawBody: BODY, headers: headers(BODY, { 'x-wc-webhook-signature': 'not base64!' }), secret: SECRET })).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('should reject a body re-serialised by JSON.stringify (the signature covers WordPress\' escaped bytes)', () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(BODY.toString('utf8'))));
    expect(reserialised.equals(BODY)).toBe(false);
    expect(verifyWooCommerceWebhook({ rawBody: reserialised, headers: headers(BODY), secret: SECRET })).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('should reject a delivery without signature, and a signed body that is not JSON', () => {
    const { 'x-wc-webhook-signature': _s, ...unsigned } = headers(BODY);
    expect(verifyWooCommerceWebhook({ rawBody: BODY, headers: unsigned, secret: SECRET })).toEqual({ ok: false, reason: 'missing-signature' });
    const notJson = Buffer.from('{"id":1');
    expect(verifyWooCommerceWebhook({ rawBody: notJson, headers: headers(notJson), secret: SECRET })).toEqual({ ok: false, reason: 'bad-json' });
  });

  it('should recognise the unsigned form-encoded ping', () => {
    const ping = Buffer.from('webhook_id=142');
    expect(verifyWooCommerceWebhook({ rawBody: ping, headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'WooCommerce/8.7.0 Hookshot (WordPress/6.5)' }, secret: SECRET })).toEqual({ ok: true, kind: 'ping', webhookId: '142' });
  });

  it('should not take a ping body with a topic header for a ping', () => {
    const ping = Buffer.from('webhook_id=142');
    expect(verifyWooCommerceWebhook({ rawBody: ping, headers: { 'x-wc-webhook-topic': 'order.updated' }, secret: SECRET })).toEqual({ ok: false, reason: 'missing-signature' });
  });

  it('should key a deleted resource ({id} only) as deleted, without version', () => {
    const body = Buffer.from('{"id":727}');
    const result = verifyWooCommerceWebhook({ rawBody: body, headers: headers(body, { 'x-wc-webhook-topic': 'order.deleted', 'x-wc-webhook-event': 'deleted' }), secret: SECRET });
    expect(result).toMatchObject({ ok: true, kind: 'delivery', dedupeKey: 'order.deleted:727:deleted', version: undefined, event: 'deleted' });
  });

  it('should give two deliveries of the same change the same dedupe key despite different delivery ids', () => {
    const a = verifyWooCommerceWebhook({ rawBody: BODY, headers: headers(BODY, { 'x-wc-webhook-delivery-id': 'x' }), secret: SECRET });
    const b = verifyWooCommerceWebhook({ rawBody: BODY, headers: headers(BODY, { 'x-wc-webhook-delivery-id': 'y' }), secret: SECRET });
    expect(a.ok && a.kind === 'delivery' ? a.dedupeKey : 'a').toBe(b.ok && b.kind === 'delivery' ? b.dedupeKey : 'b');
  });

  it('should refuse to verify without a secret', () => {
    expect(() => verifyWooCommerceWebhook({ rawBody: BODY, headers: headers(BODY), secret: '' })).toThrow(ConnectorError);
  });
});
