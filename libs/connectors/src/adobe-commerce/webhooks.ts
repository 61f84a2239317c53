/**
 * Adobe Commerce webhooks: signature check, payload parser and the subscriptions we register.
 *
 * Signature (AdobeDocs/commerce-extensibility `src/pages/webhooks/signature-verification.md`): off by default; when
 * the merchant enables it (Stores > Settings > Configuration > Adobe Services > Webhooks, "Regenerate key pair"),
 * Commerce sends `x-adobe-commerce-webhook-signature`, a base64 RSA-SHA256 signature made with the private key of
 * that pair (the docs call it "HMAC SHA256 … based on the private key"; it is checked with the **public** key and
 * `crypto.createVerify('SHA256')`). The docs' verifiers feed the verifier the **base64-encoded** request body
 * (`Buffer.from(body).toString('base64')`, and App Builder's raw `__ow_body`, which is base64), so that is the
 * default signed form here; `signedForm: 'raw-body'` checks the raw bytes instead.
 *
 * Payload (same repo, `src/pages/webhooks/hooks.md`, `commands.md` `webhooks:info`, and the use-case pages): a JSON
 * object `{eventName, data: {…event arguments…}}`; `eventName` is the event without its `observer.` prefix
 * (`"eventName": "sales_order_place_before"`). For `*_save_after` observer events Magento dispatches
 * `['data_object' => $model, <eventObject> => $model]` (AbstractModel::_getEventData), so the record sits in
 * `data.order`, `data.invoice`, `data.creditmemo` (and `data.data_object`); `customer_save_after_data_object` carries
 * `data.customer_data_object` (and `orig_customer_data_object`). When a hook lists `fields`, Commerce sends only those
 * paths, each under its `name` (hooks.md) — our subscriptions name every field by its own source path, so the
 * filtered payload keeps the same shape: `{eventName, data: {order: {entity_id, increment_id, updated_at}}}`.
 */
import { createPublicKey, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { ConnectorError } from '../core';
import { ADOBE_COMMERCE_SYSTEM } from './adobe-commerce-errors';
import type { AdobeCommerceWebhookSubscription } from './schemas/catalog.schema';

export const ADOBE_COMMERCE_SIGNATURE_HEADER = 'x-adobe-commerce-webhook-signature';

export type VerifyAdobeCommerceWebhookInput = {
  /** The request body exactly as received. */
  rawBody: Buffer;
  headers: IncomingHttpHeaders;
  /** The public key PEM from the Commerce webhooks configuration (`-----BEGIN PUBLIC KEY-----…`). */
  publicKeyPem: string;
  /** What was signed: base64 of the body (documented, default) or the raw bytes. */
  signedForm?: 'base64-body' | 'raw-body' | undefined;
};

export type AdobeCommerceWebhookRejection = 'missing-signature' | 'malformed-signature' | 'bad-signature';
export type VerifyAdobeCommerceWebhookResult = { ok: true } | { ok: false; reason: AdobeCommerceWebhookRejection };

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Checks `x-adobe-commerce-webhook-signature` against the configured public key (RSA-SHA256, `crypto.verify`). A
 * pure function: no clock, no I/O. When the merchant has not enabled signing there is no header and the answer is
 * `missing-signature`: the caller decides whether its connection allows unsigned deliveries.
 * @throws ConnectorError `configuration` when `publicKeyPem` is empty or not a public key
 */
export function verifyAdobeCommerceWebhook(input: VerifyAdobeCommerceWebhookInput): VerifyAdobeCommerceWebhookResult {
  const key = publicKeyOf(input.publicKeyPem);
  const raw = input.headers[ADOBE_COMMERCE_SIGNATURE_HEADER];
  const signature = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  if (!signature) return { ok: false, reason: 'missing-signature' };
  if (!BASE64.test(signature)) return { ok: false, reason: 'malformed-signature' };
  const data = input.signedForm === 'raw-body' ? input.rawBody : Buffer.from(input.rawBody.toString('base64'), 'utf8');
  let isValid: boolean;
  try {
    isValid = cryptoVerify('sha256', data, key, Buffer.from(signature, 'base64'));
  } catch {
    return { ok: false, reason: 'bad-signature' };
  }
  return isValid ? { ok: true } : { ok: false, reason: 'bad-signature' };
}

function publicKeyOf(pem: string): KeyObject {
  const fail = (cause?: unknown): ConnectorError =>
    new ConnectorError({ system: ADOBE_COMMERCE_SYSTEM, code: 'configuration', retryable: false, message: 'Adobe Commerce webhook verification needs the public key (PEM) of the webhooks configuration', cause });
  if (!pem.trim()) throw fail();
  try {
    // The Admin shows the key with literal "\n" sequences when copied from env files: accept both.
    return createPublicKey(pem.includes('\\n') ? pem.replace(/\\n/g, '\n') : pem);
  } catch (e: unknown) {
    throw fail(e);
  }
}

/** Entity kinds our subscriptions announce. */
export type AdobeCommerceWebhookEntityType = 'order' | 'invoice' | 'credit-memo' | 'customer';

/** The typed stub of one delivery; the record itself is fetched by id. */
export type AdobeCommerceWebhookStub = {
  /** `eventName` without `observer.`/`plugin.` prefix, e.g. `sales_order_save_after`; undefined when absent. */
  eventName: string | undefined;
  entityType: AdobeCommerceWebhookEntityType | undefined;
  entityId: number | undefined;
  /** The parent order of an invoice or credit memo, when sent. */
  orderId: number | undefined;
  /** Magento UTC `YYYY-MM-DD HH:MM:SS`, when sent. */
  updatedAt: string | undefined;
  /**
   * The record's `state` (and an order's `status`) as sent, e.g. `1` or `processing/processing`: `updated_at` has
   * one-second granularity, so an invoice created open and captured within the same second differs only in its state.
   */
  state: string | undefined;
  /** `<entityType>:<entityId>:<updatedAt>:<state>` for de-duplication, when type and id are known. */
  dedupeKey: string | undefined;
};

/** Event names → entity type and the `data` keys that may hold the record (first present wins). */
const EVENTS: Record<string, { type: AdobeCommerceWebhookEntityType; keys: readonly string[] }> = {
  sales_order_save_after: { type: 'order', keys: ['order', 'data_object'] },
  sales_order_invoice_save_after: { type: 'invoice', keys: ['invoice', 'data_object'] },
  sales_order_creditmemo_save_after: { type: 'credit-memo', keys: ['creditmemo', 'data_object'] },
  customer_save_after_data_object: { type: 'customer', keys: ['customer_data_object', 'customer'] },
};
const KEY_TYPES: readonly [string, AdobeCommerceWebhookEntityType][] = [
  ['order', 'order'],
  ['invoice', 'invoice'],
  ['creditmemo', 'credit-memo'],
  ['customer_data_object', 'customer'],
];

/**
 * Parses a delivery body into its stub (see the file header for the shape). Unknown events give
 * `entityType: undefined`; the record is recognised by its `data` key when `eventName` was filtered out.
 * @throws ConnectorError `validation_failed` when the body is not a JSON object
 */
export function parseAdobeCommerceWebhook(rawBody: Buffer | string): AdobeCommerceWebhookStub {
  let payload: unknown;
  try {
    payload = JSON.parse(typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8')) as unknown;
  } catch (e: unknown) {
    throw new ConnectorError({ system: ADOBE_COMMERCE_SYSTEM, code: 'validation_failed', retryable: false, message: 'Adobe Commerce webhook body is not JSON', cause: e });
  }
  const root = asRecord(payload);
  if (!root) throw new ConnectorError({ system: ADOBE_COMMERCE_SYSTEM, code: 'validation_failed', retryable: false, message: 'Adobe Commerce webhook body is not a JSON object' });
  const rawName = typeof root['eventName'] === 'string' ? root['eventName'] : undefined;
  const eventName = rawName?.replace(/^(observer|plugin)\./, '');
  const data = asRecord(root['data']) ?? {};
  const known = eventName === undefined ? undefined : EVENTS[eventName];
  let entityType: AdobeCommerceWebhookEntityType | undefined = known?.type;
  let record: Record<string, unknown> | undefined;
  if (known) record = known.keys.map((k) => asRecord(data[k])).find((r) => r !== undefined);
  else if (eventName === undefined) {
    const hit = KEY_TYPES.find(([k]) => asRecord(data[k]) !== undefined);
    if (hit) {
      entityType = hit[1];
      record = asRecord(data[hit[0]]);
    }
  }
  const entityId = intOf(entityType === 'customer' ? (record?.['id'] ?? record?.['entity_id']) : (record?.['entity_id'] ?? record?.['id']));
  const orderId = entityType === 'invoice' || entityType === 'credit-memo' ? intOf(record?.['order_id']) : undefined;
  const updatedAt = typeof record?.['updated_at'] === 'string' ? record['updated_at'] : undefined;
  const state = stateOf(record);
  const dedupeKey = entityType && entityId !== undefined ? `${entityType}:${entityId}:${updatedAt ?? ''}:${state ?? ''}` : undefined;
  return { eventName, entityType, entityId, orderId, updatedAt, state, dedupeKey };
}

/**
 * A record's `state` and `status` joined by `/` (either may be absent), or undefined when neither was sent. Exported
 * so a catch-up listing stamps its stubs the same way: one state, one stub, however the record came.
 */
export function adobeCommerceStateOf(record: { state?: unknown; status?: unknown } | undefined): string | undefined {
  return stateOf(record);
}

function stateOf(record: Record<string, unknown> | { state?: unknown; status?: unknown } | undefined): string | undefined {
  const parts = [record?.state, record?.status].filter((v): v is string | number => typeof v === 'string' || typeof v === 'number').map(String);
  return parts.length ? parts.join('/') : undefined;
}

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function intOf(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return undefined;
}

/** Options of the subscriptions we register. */
export type AdobeCommerceSubscriptionOptions = {
  /** Our public endpoint, e.g. `https://connector.example.com/webhooks/adobe-commerce/<connectionId>`. */
  url: string;
  /** Batch name (letters, digits, `_`), default `ml_connector`. */
  batchName?: string | undefined;
  /** Hard timeout in ms (default 2 000); the hook is not `required`, so a timeout never blocks the merchant's save. */
  timeoutMs?: number | undefined;
  /** Extra headers Commerce sends (e.g. a shared secret when signing is off). */
  headers?: readonly { name: string; value: string }[] | undefined;
};

const FIELDS: Record<AdobeCommerceWebhookEntityType, { method: string; hook: string; paths: readonly string[] }> = {
  order: { method: 'observer.sales_order_save_after', hook: 'order_saved', paths: ['data.order.entity_id', 'data.order.increment_id', 'data.order.state', 'data.order.status', 'data.order.updated_at'] },
  invoice: { method: 'observer.sales_order_invoice_save_after', hook: 'invoice_saved', paths: ['data.invoice.entity_id', 'data.invoice.order_id', 'data.invoice.state', 'data.invoice.updated_at'] },
  'credit-memo': { method: 'observer.sales_order_creditmemo_save_after', hook: 'creditmemo_saved', paths: ['data.creditmemo.entity_id', 'data.creditmemo.order_id', 'data.creditmemo.state', 'data.creditmemo.updated_at'] },
  customer: { method: 'observer.customer_save_after_data_object', hook: 'customer_saved', paths: ['data.customer_data_object.id', 'data.customer_data_object.updated_at'] },
};

/**
 * The four after-event subscriptions we register (`POST /V1/webhooks/subscribe` bodies; every field the schema marks
 * required is set): `webhook_type: after`, `required: false` (a failure or timeout never stops the save), a small
 * `timeout`/`soft_timeout`, `ttl: 0` (no response caching), and `fields` limited to `eventName`, the ids, the state (so a change within one second differs from a repeat) and
 * `updated_at` (each named by its own source path, so the payload keeps the documented shape).
 */
export function adobeCommerceWebhookSubscriptions(options: AdobeCommerceSubscriptionOptions): AdobeCommerceWebhookSubscription[] {
  const timeout = Math.max(100, Math.floor(options.timeoutMs ?? 2_000));
  return (Object.keys(FIELDS) as AdobeCommerceWebhookEntityType[]).map((type) => {
    const f = FIELDS[type];
    return {
      webhook_method: f.method,
      webhook_type: 'after',
      batch_name: options.batchName ?? 'ml_connector',
      batch_order: 100,
      hook_name: f.hook,
      url: options.url,
      priority: 100,
      required: false,
      soft_timeout: Math.floor(timeout / 2),
      timeout,
      method: 'POST',
      fallback_error_message: '',
      ttl: 0,
      fields: ['eventName', ...f.paths].map((p) => ({ name: p, source: p })),
      rules: [],
      headers: [...(options.headers ?? [])],
    };
  });
}
