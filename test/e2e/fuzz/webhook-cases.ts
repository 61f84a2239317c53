import { createHmac, generateKeyPairSync, type KeyObject, sign as rsaSign } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { contentType, headerNoise, headerValue, jsonBody, rawBody } from './fuzz-kit';

/**
 * Webhook deliveries for the fuzz suite: official sample payloads (test/fixtures) as seeds, and one signer per system
 * that signs a case exactly as the shop would (or breaks it on purpose). A case is a plan; signing happens when it is
 * sent, so timestamps are fresh.
 */
const FIXTURES = join(__dirname, '..', '..', 'fixtures');
const readJson = (...parts: string[]): unknown => JSON.parse(readFileSync(join(FIXTURES, ...parts), 'utf8')) as unknown;

/** How a case authenticates: as the shop does, not at all, with garbage, with the wrong key, or half (one check only). */
export type Auth = 'valid' | 'none' | 'garbage' | 'wrong-key' | 'partial';

export type WebhookCase = { body: Buffer; auth: Auth; contentType: string | undefined; noise: Record<string, string>; variant: number; garbage: string };

/** Cases for one system: three in four bodies JSON (mostly mutated seeds), half of them validly signed. */
export function webhookCaseArb(seeds: readonly unknown[]): fc.Arbitrary<WebhookCase> {
  return fc.record({
    body: fc.oneof({ weight: 3, arbitrary: jsonBody(seeds) }, { weight: 1, arbitrary: rawBody(seeds) }),
    auth: fc.constantFrom<Auth>('valid', 'valid', 'valid', 'valid', 'none', 'garbage', 'wrong-key', 'partial'),
    contentType,
    noise: fc.oneof({ weight: 6, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: headerNoise }),
    variant: fc.nat(),
    garbage: headerValue,
  });
}

/** BigCommerce's official webhook callback samples (webhook-callbacks/, the scopes we subscribe) plus the other scopes. */
export function bigCommerceSeeds(): unknown[] {
  // Some of the official samples are empty files (scopes BigCommerce documents without a body): skipped.
  const dir = (d: string) =>
    readdirSync(join(FIXTURES, 'bigcommerce', d))
      .filter((f) => f.startsWith('store_') && readFileSync(join(FIXTURES, 'bigcommerce', d, f), 'utf8').trim())
      .map((f) => readJson('bigcommerce', d, f));
  return [...dir('webhook-callbacks'), ...dir('callbacks').slice(0, 12)];
}

/** WooCommerce's official order and customer bodies (a webhook delivers the resource as the REST API shows it). */
export function wooCommerceSeeds(): unknown[] {
  return ['orders.retrieve-an-order', 'orders.create-an-order', 'customers.retrieve-a-customer', 'order-refunds.retrieve-a-refund'].map((n) => readJson('woocommerce', `wc-v3.${n}.response.json`));
}

/** Adobe Commerce observer payloads (`{eventName, data: {<entity>: …}}`) around the tutorial's order, invoice and customer. */
export function adobeCommerceSeeds(): unknown[] {
  const order = readJson('adobe-commerce', 'tutorial.GET-v1-orders-3.response.elided.json');
  const invoice = readJson('adobe-commerce', 'tutorial.GET-v1-invoices-3.response.json');
  const customer = readJson('adobe-commerce', 'tutorial.POST-v1-customers.response.json');
  return [
    { eventName: 'observer.sales_order_save_after', data: { order } },
    { eventName: 'observer.sales_order_invoice_save_after', data: { invoice } },
    { eventName: 'observer.sales_order_creditmemo_save_after', data: { creditmemo: { entity_id: 7, order_id: 3, state: 2, updated_at: '2024-05-01 10:00:00' } } },
    { eventName: 'observer.customer_save_after_data_object', data: { customer_data_object: customer } },
    { data: { order } },
  ];
}

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;
const withType = (headers: Record<string, string>, c: WebhookCase): Record<string, string> => {
  const out = { ...headers, ...c.noise };
  if (c.contentType !== undefined) out['content-type'] = c.contentType;
  return out;
};

/** Standard Webhooks headers (BigCommerce) plus our hook secret; `id` makes each delivery distinct. */
export function signBigCommerce(c: WebhookCase, id: string, secrets: { clientSecret: string; hookSecret: string }): Record<string, string> {
  const now = Math.floor(Date.now() / 1000);
  const sig = (key: string, ts: number) => `v1,${createHmac('sha256', Buffer.from(key, 'utf8')).update(`${id}.${ts}.`).update(c.body).digest('base64')}`;
  const signed = { 'webhook-id': id, 'webhook-timestamp': String(now), 'webhook-signature': sig(secrets.clientSecret, now), 'x-mlc-hook-secret': secrets.hookSecret };
  const h: Record<string, string> =
    c.auth === 'valid' ? signed
    : c.auth === 'none' ? {}
    : c.auth === 'wrong-key' ? { ...signed, 'webhook-signature': sig('not-the-secret', now) }
    : c.auth === 'partial' ? pick([{ ...signed, 'x-mlc-hook-secret': '' }, { 'x-mlc-hook-secret': secrets.hookSecret }, { ...signed, 'webhook-timestamp': String(now - 3_600) }], c.variant)
    : pick([{ ...signed, 'webhook-signature': c.garbage }, { ...signed, 'webhook-timestamp': c.garbage }, { ...signed, 'webhook-id': c.garbage }, { ...signed, 'x-mlc-hook-secret': c.garbage }], c.variant);
  return withType(h, c);
}

const WOO_TOPICS = ['order.created', 'order.updated', 'order.updated', 'customer.created', 'customer.updated', 'order.deleted', 'product.updated', 'action.woocommerce_x', ' ', 'order.'] as const;

/** WooCommerce headers: X-WC-Webhook-Signature = base64(HMAC-SHA256(body, secret)) and the topic headers. */
export function signWooCommerce(c: WebhookCase, secret: string): Record<string, string> {
  const topic = pick(WOO_TOPICS, c.variant);
  const sig = (key: string) => createHmac('sha256', key).update(c.body).digest('base64');
  const signed = { 'x-wc-webhook-topic': topic, 'x-wc-webhook-resource': topic.split('.')[0] ?? '', 'x-wc-webhook-event': topic.split('.')[1] ?? '', 'x-wc-webhook-id': '1', 'x-wc-webhook-delivery-id': 'd', 'x-wc-webhook-signature': sig(secret) };
  const h: Record<string, string> =
    c.auth === 'valid' ? signed
    : c.auth === 'none' ? {}
    : c.auth === 'wrong-key' ? { ...signed, 'x-wc-webhook-signature': sig('not-the-secret') }
    : c.auth === 'partial' ? { 'x-wc-webhook-signature': sig(secret) }
    : pick([{ ...signed, 'x-wc-webhook-signature': c.garbage }, { ...signed, 'x-wc-webhook-topic': c.garbage }], c.variant);
  return withType(h, c);
}

/**
 * A throw-away RSA key pair standing in for the store's webhook signing key (PEM public key for the connection);
 * 1024 bits, so signing ten thousand cases costs the suite little (the check is the same for any length).
 */
export function adobeKeys(): { publicKeyPem: string; privateKey: KeyObject } {
  // The private key stays a KeyObject: signing with the PEM text would parse it again for every case.
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  return { publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), privateKey };
}

/** Adobe Commerce headers: our hook secret, and x-adobe-commerce-webhook-signature = RSA-SHA256 over base64(body). */
export function signAdobeCommerce(c: WebhookCase, secrets: { hookSecret: string; privateKey: KeyObject }): Record<string, string> {
  const sig = () => rsaSign('sha256', Buffer.from(c.body.toString('base64'), 'utf8'), secrets.privateKey).toString('base64');
  const h: Record<string, string> =
    c.auth === 'valid' ? { 'x-mlc-hook-secret': secrets.hookSecret, 'x-adobe-commerce-webhook-signature': sig() }
    : c.auth === 'none' ? {}
    : c.auth === 'wrong-key' ? { 'x-mlc-hook-secret': 'not-the-secret-not-the-secret-not-the', 'x-adobe-commerce-webhook-signature': sig() }
    : c.auth === 'partial' ? { 'x-mlc-hook-secret': secrets.hookSecret }
    : pick([{ 'x-mlc-hook-secret': secrets.hookSecret, 'x-adobe-commerce-webhook-signature': c.garbage }, { 'x-mlc-hook-secret': c.garbage }], c.variant);
  return withType(h, c);
}
