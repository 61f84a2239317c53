import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { Agent } from 'node:https';
import type { AddressInfo } from 'node:net';
import WooCommerceRestApi from '@woocommerce/woocommerce-rest-api';
import { WOOCOMMERCE_DEMO, type RunningWooCommerceSandbox } from '../../../../apps/sandbox/src/woocommerce';

/**
 * A parsed JSON answer as the tests read it: `any` by design, as in test/support/api-harness.ts (eslint.config.mjs
 * switches the no-unsafe-* rules off for test/): tests reach into answers of many shapes, where casts prove nothing.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the one deliberate `any` of this harness, see above
export type JsonAnswer = any;

/** What an axios call of the official client resolves or rejects with. */
export type ClientResult = { status: number; headers: Record<string, string>; data: JsonAnswer };

type Keys = { consumerKey?: string; consumerSecret?: string };

/** The official client over plain HTTP: it signs every request with OAuth 1.0a HMAC-SHA256 (query string). */
export function oauthClient(sandbox: RunningWooCommerceSandbox, keys: Keys = {}): WooCommerceRestApi {
  return new WooCommerceRestApi({
    url: sandbox.url,
    consumerKey: keys.consumerKey ?? WOOCOMMERCE_DEMO.consumerKey,
    consumerSecret: keys.consumerSecret ?? WOOCOMMERCE_DEMO.consumerSecret,
    version: 'wc/v3',
  });
}

/** The official client over HTTPS, trusting the sandbox's self-signed certificate: HTTP Basic, or query-string keys. */
export function httpsClient(sandbox: RunningWooCommerceSandbox, options: Keys & { queryStringAuth?: boolean } = {}): WooCommerceRestApi {
  if (!sandbox.httpsUrl || !sandbox.tlsCert) throw new Error('start the sandbox with tls: true');
  return new WooCommerceRestApi({
    url: sandbox.httpsUrl,
    consumerKey: options.consumerKey ?? WOOCOMMERCE_DEMO.consumerKey,
    consumerSecret: options.consumerSecret ?? WOOCOMMERCE_DEMO.consumerSecret,
    version: 'wc/v3',
    queryStringAuth: options.queryStringAuth ?? false,
    axiosConfig: { httpsAgent: new Agent({ ca: sandbox.tlsCert }) },
  });
}

/** Runs a client call and returns status, headers and body whether it succeeded or not. */
export async function call(request: Promise<JsonAnswer>): Promise<ClientResult> {
  try {
    const res = await request;
    return { status: res.status, headers: res.headers as Record<string, string>, data: res.data };
  } catch (err) {
    const response = (err as { response?: { status: number; headers: Record<string, string>; data: unknown } }).response;
    if (!response) throw err;
    return { status: response.status, headers: response.headers, data: response.data };
  }
}

/** Plain fetch against the sandbox (raw bodies, unauthenticated calls, hand-made signatures). */
export async function raw(url: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; text: string; json: JsonAnswer }> {
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

export type ReceivedWebhook = { headers: IncomingHttpHeaders; rawBody: Buffer; text: string; json: JsonAnswer };

/** A webhook receiver on 127.0.0.1:0 recording raw bytes; answers `statusFor(n)` (n counts from 1, pings included). */
export async function startReceiver(statusFor: (n: number, req: ReceivedWebhook) => number = () => 200): Promise<{ url: string; received: ReceivedWebhook[]; close(): Promise<void> }> {
  const received: ReceivedWebhook[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      const text = rawBody.toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      const hook: ReceivedWebhook = { headers: req.headers, rawBody, text, json };
      received.push(hook);
      res.statusCode = statusFor(received.length, hook);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Polls until `check` passes or the deadline (ms) passes. */
export async function until(check: () => boolean, deadlineMs = 5000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met before the deadline');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The official example payload with the host of its `_links` replaced by the sandbox's (they say https://example.com). */
export function withHost<T>(example: T, siteUrl: string): T {
  return JSON.parse(JSON.stringify(example).replace(/https:\/\/example\.com/g, siteUrl)) as T;
}
