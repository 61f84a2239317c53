import { createHmac, randomBytes } from 'node:crypto';
import { ADOBE_COMMERCE_DEMO, type RunningAdobeCommerceSandbox } from '../../../../apps/sandbox/src/adobe-commerce';

/**
 * A parsed JSON answer as the tests read it: `any` by design, as in test/support/api-harness.ts (eslint.config.mjs
 * switches the no-unsafe-* rules off for test/).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the one deliberate `any` of this harness, see above
export type JsonAnswer = any;

export type Credentials = { consumerKey: string; consumerSecret: string; accessToken: string; accessTokenSecret: string };

export const MAIN: Credentials = {
  consumerKey: ADOBE_COMMERCE_DEMO.consumerKey,
  consumerSecret: ADOBE_COMMERCE_DEMO.consumerSecret,
  accessToken: ADOBE_COMMERCE_DEMO.accessToken,
  accessTokenSecret: ADOBE_COMMERCE_DEMO.accessTokenSecret,
};

export const LIMITED: Credentials = {
  consumerKey: ADOBE_COMMERCE_DEMO.limited.consumerKey,
  consumerSecret: ADOBE_COMMERCE_DEMO.limited.consumerSecret,
  accessToken: ADOBE_COMMERCE_DEMO.limited.accessToken,
  accessTokenSecret: ADOBE_COMMERCE_DEMO.limited.accessTokenSecret,
};

/** RFC 3986 percent-encoding (RFC 5849 3.6): everything but ALPHA / DIGIT / - . _ ~. */
export function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export type SignOptions = { nonce?: string; timestamp?: number; signatureMethod?: string; omit?: string[]; hash?: 'sha256' | 'sha1' };

/**
 * An `Authorization: OAuth …` header for `method url`, written from RFC 5849 independently of the sandbox: the query is
 * decoded as application/x-www-form-urlencoded (`+` is a space), every name and value encoded once, pairs sorted,
 * base string METHOD & enc(URL without query) & enc(pairs), HMAC with enc(consumer secret) & enc(token secret).
 */
export function oauthHeader(method: string, url: string, creds: Credentials, options: SignOptions = {}): string {
  const oauth: Record<string, string> = {
    oauth_consumer_key: creds.consumerKey,
    oauth_nonce: options.nonce ?? randomBytes(16).toString('hex'),
    oauth_signature_method: options.signatureMethod ?? 'HMAC-SHA256',
    oauth_timestamp: String(options.timestamp ?? Math.floor(Date.now() / 1000)),
    oauth_token: creds.accessToken,
    oauth_version: '1.0',
  };
  for (const name of options.omit ?? []) delete oauth[name];
  const [base = '', query = ''] = url.split('?');
  const decode = (s: string): string => decodeURIComponent(s.replace(/\+/g, ' '));
  const pairs: Array<[string, string]> = Object.entries(oauth);
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    pairs.push(eq < 0 ? [decode(part), ''] : [decode(part.slice(0, eq)), decode(part.slice(eq + 1))]);
  }
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const normalized = pairs
    .map(([k, v]): [string, string] => [rfc3986(k), rfc3986(v)])
    .sort(([ka, va], [kb, vb]) => cmp(ka, kb) || cmp(va, vb))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const baseString = `${method.toUpperCase()}&${rfc3986(base)}&${rfc3986(normalized)}`;
  const signature = createHmac(options.hash ?? 'sha256', `${rfc3986(creds.consumerSecret)}&${rfc3986(creds.accessTokenSecret)}`).update(baseString).digest('base64');
  const header = { ...oauth, oauth_signature: signature };
  return `OAuth ${Object.entries(header)
    .map(([k, v]) => `${k}="${rfc3986(v)}"`)
    .join(',')}`;
}

export type Answer = { status: number; headers: Headers; text: string; json: JsonAnswer };

/** fetch + parse; `json` is the parsed body or undefined. */
export async function raw(url: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(url, init);
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** A signed PaaS call: `path` after `/rest/<store>/V1` (e.g. `/orders/4`), with a JSON body when given. */
export function paas(sandbox: RunningAdobeCommerceSandbox, method: string, path: string, options: { body?: unknown; creds?: Credentials; store?: string; sign?: SignOptions } = {}): Promise<Answer> {
  const url = `${sandbox.url}/rest/${options.store ?? 'default'}/V1${path}`;
  const headers: Record<string, string> = { Authorization: oauthHeader(method, url, options.creds ?? MAIN, options.sign) };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  return raw(url, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
}

/** An IMS token for the demo SaaS credential, from the sandbox's v3 endpoint. */
export async function imsToken(sandbox: RunningAdobeCommerceSandbox, scope = 'openid,AdobeID,additional_info.projectedProductContext,commerce.accs'): Promise<string> {
  const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: ADOBE_COMMERCE_DEMO.imsClientId, client_secret: ADOBE_COMMERCE_DEMO.imsClientSecret, scope });
  const answer = await raw(sandbox.imsTokenUrl, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });
  return String(answer.json.access_token);
}

/** A SaaS call with an IMS bearer token. */
export function saas(sandbox: RunningAdobeCommerceSandbox, method: string, path: string, token: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}`, 'x-api-key': ADOBE_COMMERCE_DEMO.imsClientId, 'x-gw-ims-org-id': ADOBE_COMMERCE_DEMO.imsOrgId, ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  return raw(`${sandbox.saasBaseUrl ?? ''}/V1${path}`, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
}

/** A searchCriteria query string with unencoded brackets. */
export function criteria(params: Record<string, string | number>): string {
  return Object.entries(params)
    .map(([k, v]) => `searchCriteria${k}=${encodeURIComponent(String(v))}`)
    .join('&');
}
