import {
  collectAll,
  ConnectorError,
  ConnectorNotFoundError,
  createCommercetoolsClient,
  type Clock,
  type CommercetoolsClientOptions,
  type CommercetoolsCredentials,
  type CommercetoolsListCursor,
} from '@mlc/connectors';
import { AT, CLIENT_ID, CLIENT_SECRET, fixture, orderRow, PROJECT, startFakeCommercetools, type FakeCommercetools, type Row } from './fake-commercetools';

const NO_SLEEP: Clock = { now: () => Date.now(), sleep: () => Promise.resolve() };
const CREDS: CommercetoolsCredentials = { projectKey: PROJECT, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, region: 'europe-west1.gcp' };

/** `n` inventory entries; every third shares its lastModifiedAt with the previous one (ties broken by id). */
function inventoryRows(n: number, firstSecond = 1): Row[] {
  const base = fixture('inventory.example.json');
  return Array.from({ length: n }, (_, i) => ({ ...base, id: `ie-${String(i).padStart(6, '0')}`, sku: `sku-${i}`, lastModifiedAt: AT(firstSecond + i - Math.floor(i / 3)) }));
}

describe('commercetools delta listing', () => {
  let fake: FakeCommercetools;
  beforeEach(async () => {
    fake = await startFakeCommercetools();
  });
  afterEach(async () => fake.close());

  const client = (options: CommercetoolsClientOptions = {}, creds: Partial<CommercetoolsCredentials> = {}) =>
    createCommercetoolsClient({ ...CREDS, ...creds }, { authUrl: fake.url, apiUrl: fake.url, clock: NO_SLEEP, random: () => 0, ...options });

  it('should send the documented query: frozen until, since, sort by lastModifiedAt and id, limit, withTotal=false', async () => {
    fake.collection('/inventory', inventoryRows(5));
    const until = new Date(AT(100));
    const pages = await collectAll(client().inventory.listModified({ since: new Date(AT(0)), until, limit: 10 }));
    expect(pages).toHaveLength(5);
    const q = fake.requests.find((r) => r.path === `/${PROJECT}/inventory`)?.query;
    expect(q?.getAll('where')).toEqual(['lastModifiedAt <= :until', 'lastModifiedAt > :since']);
    expect(q?.get('var.until')).toBe(until.toISOString());
    expect(q?.get('var.since')).toBe(AT(0));
    expect(q?.getAll('sort')).toEqual(['lastModifiedAt asc', 'id asc']);
    expect(q?.get('limit')).toBe('10');
    expect(q?.get('withTotal')).toBe('false');
    expect(q?.has('offset')).toBe(false);
  });

  it('should list more than 10 000 records by key cursor, never by offset, without duplicates or gaps', async () => {
    const rows = inventoryRows(10_250);
    fake.collection('/inventory', rows);
    const seen: string[] = [];
    let pages = 0;
    for await (const page of client().inventory.listModified({ until: new Date(AT(20_000)), limit: 500 })) {
      pages += 1;
      seen.push(...page.items.map((i) => i.id));
      const last = page.items[page.items.length - 1];
      expect(page.checkpoint).toEqual(last ? { lastModifiedAt: last.lastModifiedAt, id: last.id } : null);
    }
    expect(pages).toBe(21);
    expect(seen).toEqual(rows.map((r) => r.id));
    const queries = fake.requests.filter((r) => r.path === `/${PROJECT}/inventory`).map((r) => r.query);
    expect(queries.every((q) => !q.has('offset'))).toBe(true);
    expect(queries[1]?.getAll('where')).toEqual(['lastModifiedAt <= :until', '(lastModifiedAt > :afterAt or (lastModifiedAt = :afterAt and id > :afterId))']);
    expect(queries[1]?.get('var.afterId')).toBe(rows[499]?.id);
    expect(queries[1]?.get('var.afterAt')).toBe(rows[499]?.lastModifiedAt);
  });

  it('should keep the upper bound frozen: records changed after until are left for the next run', async () => {
    const rows = inventoryRows(30);
    fake.collection('/inventory', rows);
    const it = client().inventory.listModified({ until: new Date(AT(100)), limit: 10 });
    const first = await it.next();
    // While the run pages, record 15 (not yet read) and record 2 (read) change: both move past `until`.
    const moved = rows[15];
    if (moved) moved.lastModifiedAt = AT(5_000);
    const re = rows[2];
    if (re) re.lastModifiedAt = AT(5_001);
    if (first.done) throw new Error('no page');
    const rest: string[] = [];
    for await (const p of it) rest.push(...p.items.map((i) => i.id));
    const ids = [...first.value.items.map((i) => i.id), ...rest];
    expect(ids).toHaveLength(29);
    expect(ids).not.toContain(moved?.id);
    expect(new Set(fake.requests.filter((r) => r.path.endsWith('/inventory')).map((r) => r.query.get('var.until')))).toEqual(new Set([AT(100)]));
  });

  it('should resume from a JSON round-tripped cursor, and start the next run after the persisted checkpoint', async () => {
    const rows = inventoryRows(25);
    fake.collection('/inventory', rows);
    const c = client();
    const first = await c.inventory.listModified({ until: new Date(AT(100)), limit: 10 }).next();
    if (first.done) throw new Error('no page');
    const saved = JSON.parse(JSON.stringify(first.value.nextCursor)) as CommercetoolsListCursor;
    const pages = await collectAllPages(c.inventory.listModified(saved));
    expect([...first.value.items, ...pages.flatMap((p) => p.items)].map((i) => i.id)).toEqual(rows.map((r) => r.id));
    const checkpoint = pages[pages.length - 1]?.checkpoint;
    expect(checkpoint).toEqual({ lastModifiedAt: rows[24]?.lastModifiedAt, id: rows[24]?.id });
    // Next run: two records change after the checkpoint.
    rows.push(...inventoryRows(2, 200).map((r, i) => ({ ...r, id: `ie-new-${i}` })));
    const next = await collectAll(c.inventory.listModified({ after: checkpoint ?? undefined, until: new Date(AT(300)) }));
    expect(next.map((i) => i.id)).toEqual(['ie-new-0', 'ie-new-1']);
  });

  it('should refuse a limit above 500 and a window that starts after it ends', async () => {
    const c = client();
    await expect(c.inventory.listModified({ until: new Date(AT(1)), limit: 501 }).next()).rejects.toMatchObject({ code: 'configuration' });
    await expect(c.inventory.listModified({ since: new Date(AT(2)), until: new Date(AT(1)) }).next()).rejects.toThrow(ConnectorError);
    await expect(c.inventory.query({ offset: 10_001 })).rejects.toMatchObject({ code: 'configuration' });
    expect(fake.requests.filter((r) => r.path !== '/oauth/token')).toHaveLength(0);
  });

  it('should find an inventory entry by SKU with predicate variables', async () => {
    fake.collection('/inventory', inventoryRows(5));
    const entry = await client().inventory.findBySku('sku-3');
    expect(entry?.id).toBe('ie-000003');
    const q = fake.requests.find((r) => r.path.endsWith('/inventory'))?.query;
    expect(q?.getAll('where')).toEqual(['sku = :sku', 'supplyChannel is not defined']);
    expect(q?.get('var.sku')).toBe('sku-3');
  });
});

describe('commercetools store-scoped reads', () => {
  let fake: FakeCommercetools;
  beforeEach(async () => {
    fake = await startFakeCommercetools();
  });
  afterEach(async () => fake.close());

  const client = (storeKeys?: string[]) =>
    createCommercetoolsClient({ ...CREDS, ...(storeKeys ? { storeKeys } : {}) }, { authUrl: fake.url, apiUrl: fake.url, clock: NO_SLEEP, random: () => 0 });

  it('should read orders and customers through in-store/key={storeKey} and request store-bound scopes', async () => {
    fake.collection('/in-store/key=store-a/orders', [orderRow('o-a', AT(1))]);
    fake.collection('/in-store/key=store-a/customers', [{ ...fixture('customer.example.json'), id: 'c-a', lastModifiedAt: AT(1) }]);
    const c = client(['store-a']);
    expect((await c.orders.get('o-a', { expand: ['paymentInfo.payments[*]'] })).id).toBe('o-a');
    const customer = await c.customers.get('c-a');
    expect(customer.id).toBe('c-a');
    expect(customer).not.toHaveProperty('password');
    const orders = await collectAll(c.orders.listModified({ until: new Date(AT(10)) }));
    expect(orders.map((o) => o.id)).toEqual(['o-a']);
    const get = fake.requests.find((r) => r.path === `/${PROJECT}/in-store/key=store-a/orders/o-a`);
    expect(get?.query.getAll('expand')).toEqual(['paymentInfo.payments[*]']);
    expect(fake.count('GET', `/${PROJECT}/orders*`)).toBe(0);
    const scope = new URLSearchParams(fake.tokenRequests()[0]?.body).get('scope') ?? '';
    expect(scope.split(' ')).toEqual(expect.arrayContaining([`view_orders:${PROJECT}:store-a`, `view_customers:${PROJECT}:store-a`, `view_payments:${PROJECT}`]));
  });

  it('should look an order up in each configured store until one has it', async () => {
    fake.collection('/in-store/key=store-a/orders', []);
    fake.collection('/in-store/key=store-b/orders', [orderRow('o-b', AT(1))]);
    const c = client(['store-a', 'store-b']);
    expect((await c.orders.get('o-b')).id).toBe('o-b');
    await expect(c.orders.get('nope')).rejects.toBeInstanceOf(ConnectorNotFoundError);
    expect(fake.requests.filter((r) => r.path.endsWith('/o-b')).map((r) => r.path)).toEqual([`/${PROJECT}/in-store/key=store-a/orders/o-b`, `/${PROJECT}/in-store/key=store-b/orders/o-b`]);
  });

  it('should require the store of a listing when the connection has several, and refuse unknown stores', async () => {
    fake.collection('/in-store/key=store-b/orders', [orderRow('o-b', AT(1))]);
    const c = client(['store-a', 'store-b']);
    await expect(c.orders.listModified({ until: new Date(AT(10)) }).next()).rejects.toMatchObject({ code: 'configuration' });
    await expect(c.orders.get('o-b', { storeKey: 'store-z' })).rejects.toMatchObject({ code: 'configuration' });
    const page = await c.orders.listModified({ until: new Date(AT(10)), storeKey: 'store-b' }).next();
    if (page.done) throw new Error('no page');
    expect(page.value.items.map((o) => o.id)).toEqual(['o-b']);
    expect(page.value.nextCursor).toBeUndefined();
    expect(fake.requests.filter((r) => r.path.endsWith('/orders')).map((r) => r.path)).toEqual([`/${PROJECT}/in-store/key=store-b/orders`]);
  });

  it('should use the project paths when the connection has no store keys', async () => {
    fake.collection('/orders', [orderRow('o-1', AT(1))]);
    fake.route('GET', `/${PROJECT}/orders/order-number=10001`, [{ body: orderRow('o-1', AT(1), { orderNumber: '10001' }) }]);
    const c = client();
    expect((await c.orders.get('o-1')).id).toBe('o-1');
    expect((await c.orders.getByOrderNumber('10001')).orderNumber).toBe('10001');
    expect(fake.requests.filter((r) => r.path !== '/oauth/token').map((r) => r.path)).toEqual([`/${PROJECT}/orders/o-1`, `/${PROJECT}/orders/order-number=10001`]);
  });
});

async function collectAllPages<P>(it: AsyncIterable<P>): Promise<P[]> {
  const out: P[] = [];
  for await (const p of it) out.push(p);
  return out;
}
