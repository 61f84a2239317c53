import { createHmac } from 'node:crypto';
import { ConnectorError, verifyBigCommerceWebhook, type VerifyBigCommerceWebhookInput } from '@mlc/connectors';
import { Webhook } from 'standardwebhooks';

const CLIENT_SECRET = 'unit-client-secret-0001';
const HOOK_SECRET = 'per-connection-hook-secret-xyz';
const NOW = 1_700_000_000;
const BODY = Buffer.from('{"scope":"store/order/created","store_id":"1025646","data":{"type":"order","id":250},"hash":"dd70c0976e06b67aaf671e73f49dcb79230ebf9d","created_at":1561479335,"producer":"stores/abc123"}');

/** Standard Webhooks signature computed independently: HMAC-SHA256 keyed with the raw client secret bytes. */
function sign(secret: string, id: string, ts: number, body: Buffer): string {
  return `v1,${createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${id}.${ts}.${body.toString('utf8')}`).digest('base64')}`;
}

function signedHeaders(options: { secret?: string; ts?: number; body?: Buffer } = {}): Record<string, string> {
  const ts = options.ts ?? NOW;
  return { 'Webhook-Id': 'msg_1', 'Webhook-Timestamp': String(ts), 'Webhook-Signature': sign(options.secret ?? CLIENT_SECRET, 'msg_1', ts, options.body ?? BODY) };
}

type Row = [name: string, input: Partial<VerifyBigCommerceWebhookInput>, expected: string];

describe('verifyBigCommerceWebhook', () => {
  const base: VerifyBigCommerceWebhookInput = { rawBody: BODY, headers: {}, nowSeconds: NOW };
  const both = { clientSecret: CLIENT_SECRET, hookSecret: HOOK_SECRET };
  const withHook = (h: Record<string, string>, secret = HOOK_SECRET): Record<string, string> => ({ ...h, 'X-Mlc-Hook-Secret': secret });

  const rows: Row[] = [
    ['a valid signature (signature only)', { clientSecret: CLIENT_SECRET, headers: signedHeaders() }, 'ok'],
    [
      'a delivery signed by the standardwebhooks library, as BigCommerce\'s sample keys it',
      { clientSecret: CLIENT_SECRET, headers: { 'webhook-id': 'msg_1', 'webhook-timestamp': String(NOW), 'webhook-signature': new Webhook(Buffer.from(CLIENT_SECRET).toString('base64')).sign('msg_1', new Date(NOW * 1000), BODY.toString('utf8')) } },
      'ok',
    ],
    ['a forged body (signature only)', { clientSecret: CLIENT_SECRET, headers: signedHeaders(), rawBody: Buffer.from(BODY.toString().replace('250', '251')) }, 'bad-signature'],
    ['an unsigned delivery (signature only)', { clientSecret: CLIENT_SECRET, headers: {} }, 'missing-signature'],
    ['a signature header without webhook-id', { clientSecret: CLIENT_SECRET, headers: { 'webhook-timestamp': String(NOW), 'webhook-signature': signedHeaders()['Webhook-Signature'] ?? '' } }, 'missing-signature'],
    ['a timestamp older than the tolerance', { clientSecret: CLIENT_SECRET, headers: signedHeaders({ ts: NOW - 301 }) }, 'stale-timestamp'],
    ['a timestamp too far in the future', { clientSecret: CLIENT_SECRET, headers: signedHeaders({ ts: NOW + 301 }) }, 'stale-timestamp'],
    ['a timestamp inside a custom tolerance', { clientSecret: CLIENT_SECRET, headers: signedHeaders({ ts: NOW - 500 }), toleranceSeconds: 600 }, 'ok'],
    ['a non-numeric timestamp', { clientSecret: CLIENT_SECRET, headers: { ...signedHeaders(), 'Webhook-Timestamp': 'yesterday' } }, 'malformed'],
    ['a signature made with another client secret', { clientSecret: CLIENT_SECRET, headers: signedHeaders({ secret: 'other-secret' }) }, 'bad-signature'],
    ['several signatures of which one matches', { clientSecret: CLIENT_SECRET, headers: { ...signedHeaders(), 'Webhook-Signature': `v1,AAAA ${signedHeaders()['Webhook-Signature'] ?? ''}` } }, 'ok'],
    ['a matching signature under another version tag', { clientSecret: CLIENT_SECRET, headers: { ...signedHeaders(), 'Webhook-Signature': (signedHeaders()['Webhook-Signature'] ?? '').replace('v1,', 'v2,') } }, 'bad-signature'],
    ['the right hook secret (hook secret only)', { hookSecret: HOOK_SECRET, headers: withHook({}) }, 'ok'],
    ['a wrong hook secret (hook secret only)', { hookSecret: HOOK_SECRET, headers: withHook({}, 'guess') }, 'wrong-hook-secret'],
    ['a missing hook secret header (hook secret only)', { hookSecret: HOOK_SECRET, headers: {} }, 'wrong-hook-secret'],
    ['a hook secret in a custom header name', { hookSecret: HOOK_SECRET, expectedHookSecretHeader: 'X-Custom-Auth', headers: { 'x-custom-auth': HOOK_SECRET } }, 'ok'],
    ['both mechanisms valid', { ...both, headers: withHook(signedHeaders()) }, 'ok'],
    ['both configured, valid signature but wrong hook secret', { ...both, headers: withHook(signedHeaders(), 'guess') }, 'wrong-hook-secret'],
    ['both configured, right hook secret but unsigned', { ...both, headers: withHook({}) }, 'missing-signature'],
    ['both configured, right hook secret but forged body', { ...both, headers: withHook(signedHeaders()), rawBody: Buffer.from(BODY.toString().replace('250', '999')) }, 'bad-signature'],
    ['a validly signed body that is not a stub', { clientSecret: CLIENT_SECRET, rawBody: Buffer.from('{"hello":1}'), headers: signedHeaders({ body: Buffer.from('{"hello":1}') }) }, 'malformed'],
    ['a validly signed body that is not JSON', { clientSecret: CLIENT_SECRET, rawBody: Buffer.from('not json'), headers: signedHeaders({ body: Buffer.from('not json') }) }, 'malformed'],
  ];

  it.each(rows)('should answer %s with the expected verdict', (_name, input, expected) => {
    const result = verifyBigCommerceWebhook({ ...base, ...input });
    expect(result.ok ? 'ok' : result.reason).toBe(expected);
  });

  it('should return the typed stub and the webhook id when the delivery is valid', () => {
    const result = verifyBigCommerceWebhook({ ...base, clientSecret: CLIENT_SECRET, headers: signedHeaders() });
    expect(result).toMatchObject({ ok: true, webhookId: 'msg_1', stub: { scope: 'store/order/created', store_id: '1025646', data: { type: 'order', id: 250 }, created_at: 1561479335 } });
  });

  it('should throw a configuration error when neither secret is configured', () => {
    expect(() => verifyBigCommerceWebhook({ ...base, headers: signedHeaders() })).toThrow(ConnectorError);
  });
});
