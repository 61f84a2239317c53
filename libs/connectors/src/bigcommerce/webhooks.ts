/**
 * Verifying and parsing BigCommerce webhook deliveries (pure functions: no I/O, time passed in).
 *
 * Two independent mechanisms; configure either or both (both are checked when both are configured):
 * 1. Standard Webhooks signature: headers `webhook-id`, `webhook-timestamp` (UNIX seconds) and `webhook-signature`
 *    (`v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, several separated by spaces), keyed with the app's
 *    client secret base64-encoded: BigCommerce's own sample does
 *    `new Webhook(Buffer.from(client_secret).toString('base64')).verify(payload, headers)`.
 *    Source: bigcommerce/docs `docs/integrations/webhooks/https-webhook-overview.mdx` ("Security", "Webhook
 *    signature"), and the scheme at https://www.standardwebhooks.com (spec: signature over `msg_id.timestamp.payload`,
 *    5-minute default tolerance against replays).
 * 2. A per-connection random secret we put in the hook's custom `headers` when creating it (POST /v3/hooks
 *    `headers`: "accept a header object in every HTTP webhook, which you can use to authenticate callback requests",
 *    same page), compared in constant time.
 *
 * The signature is the spec's HMAC-SHA256 computed with node:crypto (the `standardwebhooks` package signs with a
 * JavaScript SHA-256, several times slower on every delivery; the BigCommerce sandbox signs with that package, so the
 * tests check one against the other). `Webhook.verify` is not used because it reads `Date.now()` and fixes the
 * tolerance at 300 s, while this function takes `nowSeconds` and `toleranceSeconds`.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ConnectorError, ConnectorSchemaMismatchError } from '../core';
import { BIGCOMMERCE_SYSTEM } from './bigcommerce-errors';
import { BC_WEBHOOK_STUB, type BigCommerceWebhookStub } from './schemas/webhook-stub.schema';

/** Default name of the custom header carrying the per-connection hook secret. */
export const BIGCOMMERCE_HOOK_SECRET_HEADER = 'x-mlc-hook-secret';
/** Default replay window in seconds (Standard Webhooks' default tolerance). */
export const BIGCOMMERCE_WEBHOOK_TOLERANCE_SECONDS = 300;

export type BigCommerceWebhookRejection = 'missing-signature' | 'bad-signature' | 'stale-timestamp' | 'wrong-hook-secret' | 'malformed';

/** Request headers as Node gives them (any case; arrays for repeated headers). */
export type BigCommerceWebhookHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

export type VerifyBigCommerceWebhookInput = {
  /** The request body exactly as received (never re-serialised JSON). */
  rawBody: Buffer;
  headers: BigCommerceWebhookHeaders;
  /** App client secret (plain, as shown in the Developer Portal); enables the signature check. */
  clientSecret?: string | undefined;
  /** Per-connection secret expected in `expectedHookSecretHeader`; enables the header check. */
  hookSecret?: string | undefined;
  /** Header carrying `hookSecret` (default `x-mlc-hook-secret`), case-insensitive. */
  expectedHookSecretHeader?: string | undefined;
  /** Maximum distance between `webhook-timestamp` and now, either way (default 300 s). */
  toleranceSeconds?: number | undefined;
  /** Current time in UNIX seconds. */
  nowSeconds: number;
};

export type VerifyBigCommerceWebhookResult =
  | { ok: true; stub: BigCommerceWebhookStub; webhookId: string | undefined }
  | { ok: false; reason: BigCommerceWebhookRejection; detail: string };

/**
 * Verifies one delivery and parses its stub. Check order: signature (when `clientSecret` is set), hook secret (when
 * `hookSecret` is set), then the body.
 * @returns `{ok: true, stub}` or `{ok: false, reason}`: `missing-signature` (a `webhook-*` header absent),
 *   `stale-timestamp` (too old or too far in the future), `bad-signature` (no `v1` signature matches),
 *   `wrong-hook-secret` (header absent or different), `malformed` (timestamp not an integer, body not a valid stub)
 * @throws ConnectorError `configuration` when neither `clientSecret` nor `hookSecret` is given (never accept
 *   unauthenticated deliveries by accident)
 */
export function verifyBigCommerceWebhook(input: VerifyBigCommerceWebhookInput): VerifyBigCommerceWebhookResult {
  const hasSignatureCheck = input.clientSecret !== undefined && input.clientSecret !== '';
  const hasHookSecretCheck = input.hookSecret !== undefined && input.hookSecret !== '';
  if (!hasSignatureCheck && !hasHookSecretCheck) {
    throw new ConnectorError({ system: BIGCOMMERCE_SYSTEM, code: 'configuration', retryable: false, message: 'webhook verification needs a client secret, a hook secret, or both' });
  }
  const headers = lowerCaseHeaders(input.headers);
  let webhookId: string | undefined;
  if (hasSignatureCheck) {
    const failure = checkSignature(input, headers, input.clientSecret ?? '');
    if (failure) return failure;
    webhookId = headers['webhook-id'];
  }
  if (hasHookSecretCheck) {
    const name = (input.expectedHookSecretHeader ?? BIGCOMMERCE_HOOK_SECRET_HEADER).toLowerCase();
    const got = headers[name];
    if (got === undefined) return { ok: false, reason: 'wrong-hook-secret', detail: `header ${name} is missing` };
    if (!constantTimeEqual(got, input.hookSecret ?? '')) return { ok: false, reason: 'wrong-hook-secret', detail: `header ${name} does not match` };
  }
  try {
    return { ok: true, stub: parseBigCommerceWebhookStub(input.rawBody), webhookId };
  } catch (e: unknown) {
    return { ok: false, reason: 'malformed', detail: e instanceof Error ? e.message : 'body is not a webhook stub' };
  }
}

/**
 * Parses a delivery body (Buffer, JSON text or already-parsed JSON) into the typed stub
 * (schemas/webhook-stub.schema.ts, from the official callback schemas).
 * @throws ConnectorSchemaMismatchError when the body is not JSON or not a stub
 */
export function parseBigCommerceWebhookStub(body: unknown): BigCommerceWebhookStub {
  let json: unknown = body;
  if (Buffer.isBuffer(body) || typeof body === 'string') {
    try {
      json = JSON.parse(Buffer.isBuffer(body) ? body.toString('utf8') : body) as unknown;
    } catch (e: unknown) {
      throw new ConnectorSchemaMismatchError({ system: BIGCOMMERCE_SYSTEM, issues: [{ code: 'custom', path: [], message: 'body is not JSON' }], what: 'webhook body', cause: e });
    }
  }
  const parsed = BC_WEBHOOK_STUB.safeParse(json);
  if (!parsed.success) throw new ConnectorSchemaMismatchError({ system: BIGCOMMERCE_SYSTEM, issues: parsed.error.issues, what: 'webhook body' });
  return parsed.data;
}

/** A fresh per-connection hook secret (32 random bytes, base64url), to store encrypted and send in the hook's `headers`. */
export function createBigCommerceHookSecret(): string {
  return randomBytes(32).toString('base64url');
}

function checkSignature(input: VerifyBigCommerceWebhookInput, headers: Record<string, string>, clientSecret: string): VerifyBigCommerceWebhookResult | undefined {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (!id || !timestamp || !signatures) return { ok: false, reason: 'missing-signature', detail: 'webhook-id, webhook-timestamp or webhook-signature is missing' };
  if (!/^\d{1,12}$/.test(timestamp.trim())) return { ok: false, reason: 'malformed', detail: 'webhook-timestamp is not UNIX seconds' };
  const sentAt = Number(timestamp.trim());
  const tolerance = input.toleranceSeconds ?? BIGCOMMERCE_WEBHOOK_TOLERANCE_SECONDS;
  if (Math.abs(input.nowSeconds - sentAt) > tolerance) {
    return { ok: false, reason: 'stale-timestamp', detail: `webhook-timestamp is ${input.nowSeconds - sentAt} s from now (tolerance ${tolerance} s)` };
  }
  // Standard Webhooks: base64(HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{body}")); BigCommerce's key is the
  // client secret's bytes (its sample base64-encodes them for the library, which decodes them again).
  const expected = createHmac('sha256', Buffer.from(clientSecret, 'utf8')).update(`${id}.${sentAt}.`).update(input.rawBody).digest('base64');
  for (const versioned of signatures.split(' ')) {
    const [version, signature] = versioned.split(',');
    if (version === 'v1' && signature !== undefined && constantTimeEqual(signature, expected)) return undefined;
  }
  return { ok: false, reason: 'bad-signature', detail: 'no v1 signature matches' };
}

/** Constant-time equality of two strings (SHA-256 first, so lengths do not leak and timingSafeEqual never throws). */
function constantTimeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb);
}

/** Lower-cased header names; repeated headers joined with a space (Standard Webhooks separates signatures by spaces). */
function lowerCaseHeaders(headers: BigCommerceWebhookHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k.toLowerCase()] = typeof v === 'string' ? v : v.join(' ');
  return out;
}
