import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import {
  collectAll,
  ConnectorError,
  ConnectorTransientError,
  createWooCommerceClient,
  type Clock,
  type WooCommerceClientOptions,
  type WooCommerceOrderCursor,
} from '@mlc/connectors';
import { WOOCOMMERCE_SANDBOX_TLS_CERT, WOOCOMMERCE_SANDBOX_TLS_KEY } from '../../../../apps/sandbox/src/woocommerce/tls/self-signed';

type Seen = { method: string; path: string; query: URLSearchParams; headers: IncomingMessage['headers'] };
type Handler = (req: Seen, res: ServerResponse) => void;

const KEYS = { consumerKey: 'ck_test', consumerSecret: 'cs_test' };
const NO_SLEEP: Clock = { now: () => Date.now(), sleep: () => Promise.resolve() };

/** A stripe-style local server: every request is recorded, the handler decides the answer. */
async function startServer(handler: Handler, tls = false): Promise<{ url: string; seen: Seen[]; close: () => Promise<void> }> {
  const seen: Seen[] = [];
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const u = new URL(req.url ?? '/', 'http://x');
    const s: Seen = { method: req.method ?? '', path: u.pathname, query: u.searchParams, headers: req.headers };
    seen.push(s);
    req.resume();
    req.on('end', () => handler(s, res));
  };
  const server: Server = tls ? createHttpsServer({ key: WOOCOMMERCE_SANDBOX_TLS_KEY, cert: WOOCOMMERCE_SANDBOX_TLS_CERT }, listener) : createHttpServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`, seen, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
  res.end(JSON.stringify(body));
}

function order(id: number, modifiedGmt: string): Record<string, unknown> {
  const addr = { first_name: '', last_name: '', company: '', address_1: '', address_2: '', city: '', state: '', postcode: '', country: '' };
  return {
    id, parent_id: 0, number: String(id), order_key: `wc_order_${id}`, status: 'processing', currency: 'EUR', prices_include_tax: false,
    date_created: modifiedGmt, date_created_gmt: modifiedGmt, date_modified: modifiedGmt, date_modified_gmt: modifiedGmt,
    discount_total: '0.00', discount_tax: '0.00', shipping_total: '0.00', shipping_tax: '0.00', cart_tax: '0.00', total: '10.00', total_tax: '0.00',
    customer_id: 0, billing: { ...addr, email: 'a@b.c', phone: '' }, shipping: addr, payment_method: 'bacs', payment_method_title: 'Bank', transaction_id: '',
    date_paid: null, date_paid_gmt: null, line_items: [], tax_lines: [], shipping_lines: [], fee_lines: [], coupon_lines: [], refunds: [], meta_data: [],
  };
}

function customer(id: number): Record<string, unknown> {
  const addr = { first_name: '', last_name: '', company: '', address_1: '', address_2: '', city: '', state: '', postcode: '', country: '' };
  return { id, date_created: null, date_created_gmt: null, date_modified: null, date_modified_gmt: null, email: `c${id}@x.test`, first_name: '', last_name: '', role: 'customer', username: `c${id}`, billing: addr, shipping: addr, is_paying_customer: false, meta_data: [] };
}

const SEC = (n: number): string => new Date(Date.UTC(2024, 0, 1, 0, 0, n)).toISOString().slice(0, 19);

/** An /orders endpoint like WooCommerce's: modified_after/before exclusive, orderby=modified asc (ties by id), page/per_page. */
function ordersEndpoint(store: Map<number, string>): Handler {
  return (req, res) => {
    const after = req.query.get('modified_after');
    const before = req.query.get('modified_before');
    const perPage = Number(req.query.get('per_page'));
    const page = Number(req.query.get('page'));
    const all = [...store.entries()]
      .filter(([, m]) => (after === null || m > after) && (before === null || m < before))
      .sort(([ia, a], [ib, b]) => (a === b ? ia - ib : a < b ? -1 : 1));
    const items = all.slice((page - 1) * perPage, page * perPage).map(([id, m]) => order(id, m));
    json(res, 200, items, { 'x-wp-total': String(all.length), 'x-wp-totalpages': String(Math.ceil(all.length / perPage)) });
  };
}

function client(url: string, extra: Partial<WooCommerceClientOptions> = {}): ReturnType<typeof createWooCommerceClient> {
  return createWooCommerceClient(KEYS, { siteUrl: url, clock: NO_SLEEP, random: () => 0, ...extra });
}

describe('WooCommerceClient over HTTP (local server)', () => {
  const servers: Array<{ close: () => Promise<void> }> = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  async function serve(handler: Handler, tls = false): ReturnType<typeof startServer> {
    const s = await startServer(handler, tls);
    servers.push(s);
    return s;
  }

  describe('orders.listModified', () => {
    it('should page by the last date_modified_gmt with the documented query and stop on X-WP-TotalPages', async () => {
      const store = new Map<number, string>();
      for (let i = 1; i <= 250; i += 1) store.set(i, SEC(i));
      const s = await serve(ordersEndpoint(store));
      const orders = await collectAll(client(s.url).orders.listModified({ since: new Date(Date.UTC(2024, 0, 1)), until: new Date(Date.UTC(2024, 0, 2)) }));
      expect(orders.map((o) => o.id)).toEqual([...store.keys()]);
      expect(s.seen).toHaveLength(3);
      const q = s.seen[0]?.query;
      expect(Object.fromEntries(q ?? [])).toMatchObject({ modified_after: '2023-12-31T23:59:59', modified_before: '2024-01-02T00:00:01', dates_are_gmt: 'true', orderby: 'modified', order: 'asc', per_page: '100', page: '1' });
      expect(s.seen[1]?.query.get('modified_after')).toBe(SEC(99));
      expect(s.seen[1]?.query.get('page')).toBe('1');
    });

    it('should resume from a JSON round-tripped cursor without skipping an order that changed while paging', async () => {
      const store = new Map<number, string>();
      for (let i = 1; i <= 200; i += 1) store.set(i, SEC(i));
      const s = await serve(ordersEndpoint(store));
      const c = client(s.url);
      const window = { until: new Date(Date.UTC(2024, 0, 2)) };
      const first = await c.orders.listModified(window).next();
      if (first.done) throw new Error('no page');
      const saved = JSON.parse(JSON.stringify(first.value.nextCursor)) as WooCommerceOrderCursor;
      // Order 5 (already read) and order 150 (not yet read) change: page numbers would now skip order 101.
      store.set(5, SEC(500));
      store.set(150, SEC(501));
      const rest = await collectAll(c.orders.listModified(saved));
      const ids = [...first.value.items, ...rest].map((o) => o.id);
      for (let i = 1; i <= 200; i += 1) expect(ids).toContain(i);
      expect(rest.filter((o) => o.id === 150)).toHaveLength(1);
    });

    it('should step through pages under one bound when more than 100 orders share a second', async () => {
      const store = new Map<number, string>();
      for (let i = 1; i <= 230; i += 1) store.set(i, SEC(7));
      const s = await serve(ordersEndpoint(store));
      const orders = await collectAll(client(s.url).orders.listModified({ until: new Date(Date.UTC(2024, 0, 2)) }));
      expect(orders.map((o) => o.id)).toEqual([...store.keys()]);
      expect(s.seen.map((r) => `${r.query.get('modified_after')}#${r.query.get('page')}`)).toEqual(['null#1', `${SEC(6)}#1`, `${SEC(6)}#2`, `${SEC(6)}#3`]);
    });
  });

  describe('customers.scan', () => {
    it('should scan all roles by id and step back when customers before the cursor were deleted', async () => {
      let ids = Array.from({ length: 250 }, (_, i) => i + 1);
      const s = await serve((req, res) => {
        const offset = Number(req.query.get('offset'));
        const perPage = Number(req.query.get('per_page'));
        json(res, 200, ids.slice(offset, offset + perPage).map(customer), { 'x-wp-total': String(ids.length) });
      });
      const c = client(s.url);
      const first = await c.customers.scan({}).next();
      if (first.done || !first.value.nextCursor) throw new Error('no page');
      expect(Object.fromEntries(s.seen[0]?.query ?? [])).toMatchObject({ role: 'all', orderby: 'id', order: 'asc', per_page: '100', offset: '0' });
      ids = ids.filter((id) => id > 10); // 10 customers of the first page deleted: the list moves 10 places left
      const rest = await collectAll(c.customers.scan(first.value.nextCursor));
      expect([...first.value.items, ...rest].map((x) => x.id)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    });
  });

  describe('retries', () => {
    it.each([429, 501, 503])('should retry a GET answered %i and then succeed', async (status) => {
      let calls = 0;
      const s = await serve((_req, res) => {
        calls += 1;
        if (calls < 3) json(res, status, { code: 'blocked', message: 'slow down' });
        else json(res, 200, order(7, SEC(1)));
      });
      const o = await client(s.url).orders.get(7);
      expect(o.id).toBe(7);
      expect(s.seen).toHaveLength(3);
    });

    it('should never retry a POST that reached the server', async () => {
      const s = await serve((_req, res) => json(res, 503, { code: 'busy', message: 'try later' }));
      await expect(client(s.url).webhooks.create({ name: 'n', topic: 'order.updated', delivery_url: 'https://hooks.example.com/w', secret: 'x' })).rejects.toBeInstanceOf(ConnectorTransientError);
      expect(s.seen).toHaveLength(1);
    });

    it('should retry a DELETE answered 503 and always send force=true', async () => {
      let calls = 0;
      const hook = { id: 3, name: 'h', status: 'active', topic: 'order.updated', resource: 'order', event: 'updated', hooks: [], delivery_url: 'https://x.test/', date_created: null, date_created_gmt: null, date_modified: null, date_modified_gmt: null };
      const s = await serve((_req, res) => {
        calls += 1;
        if (calls === 1) json(res, 503, {});
        else json(res, 200, hook);
      });
      await client(s.url).webhooks.delete(3);
      expect(s.seen.map((r) => `${r.method} ${r.path}?force=${r.query.get('force')}`)).toEqual(['DELETE /wp-json/wc/v3/webhooks/3?force=true', 'DELETE /wp-json/wc/v3/webhooks/3?force=true']);
    });

    it('should not retry a 401 (static keys cannot be renewed)', async () => {
      const s = await serve((_req, res) => json(res, 401, { code: 'woocommerce_rest_authentication_error', message: 'Invalid signature - provided signature does not match.', data: { status: 401 } }));
      await expect(client(s.url).orders.get(1)).rejects.toMatchObject({ code: 'auth_failed', providerMessage: 'woocommerce_rest_authentication_error: Invalid signature - provided signature does not match.' });
      expect(s.seen).toHaveLength(1);
    });
  });

  describe('auth modes', () => {
    const okOrder: Handler = (_req, res) => json(res, 200, order(1, SEC(1)));
    const tlsAgent = (): Agent => new Agent({ connect: { ca: WOOCOMMERCE_SANDBOX_TLS_CERT } });

    it('should send OAuth 1.0a parameters in the query and no Authorization header over http', async () => {
      const s = await serve(okOrder);
      await client(s.url).orders.get(1);
      const req = s.seen[0];
      expect(req?.headers.authorization).toBeUndefined();
      expect(req?.query.get('oauth_consumer_key')).toBe('ck_test');
      expect(req?.query.get('oauth_signature_method')).toBe('HMAC-SHA256');
      expect(req?.query.get('oauth_signature')).toMatch(/^[A-Za-z0-9+/]+=*$/);
      expect(req?.query.has('consumer_secret')).toBe(false);
    });

    it('should send HTTP Basic over https in auto mode', async () => {
      const s = await serve(okOrder, true);
      const c = client(s.url, { dispatcher: tlsAgent() });
      expect(c.authMode).toBe('basic');
      await c.orders.get(1);
      expect(s.seen[0]?.headers.authorization).toBe(`Basic ${Buffer.from('ck_test:cs_test').toString('base64')}`);
      expect(s.seen[0]?.query.has('oauth_signature')).toBe(false);
    });

    it('should send the keys as query parameters in query-string mode over https', async () => {
      const s = await serve(okOrder, true);
      await client(s.url, { dispatcher: tlsAgent(), authMode: 'query-string' }).orders.get(1);
      expect(s.seen[0]?.headers.authorization).toBeUndefined();
      expect(s.seen[0]?.query.get('consumer_key')).toBe('ck_test');
      expect(s.seen[0]?.query.get('consumer_secret')).toBe('cs_test');
    });

    it.each(['basic', 'query-string'] as const)('should refuse %s over plain http before sending anything', async (authMode) => {
      const s = await serve(okOrder);
      expect(() => client(s.url, { authMode })).toThrow(ConnectorError);
      try {
        client(s.url, { authMode });
      } catch (e: unknown) {
        expect(e).toMatchObject({ code: 'configuration', system: 'woocommerce' });
      }
      expect(s.seen).toHaveLength(0);
    });
  });
});
