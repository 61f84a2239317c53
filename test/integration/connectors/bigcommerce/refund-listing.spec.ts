import { collectAll, createBigCommerceClient, type BigCommerceClient, type BigCommerceRefundCursor, type Clock } from '@mlc/connectors';
import { BIGCOMMERCE_DEMO, startBigCommerceSandbox, type RunningBigCommerceSandbox } from '../../../../apps/sandbox/src/bigcommerce';
import { clearSandboxRequests, sandboxRequests, storeCall } from './support';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 2, 1, 10, 0, 0);

/**
 * `GET /v3/orders/payment_actions/refunds` ("Get All Refunds", orders.v3.yml `getOrdersRefunds`) through
 * `refunds.listCreatedSince`: `created:min` / `created:max` inclusive, ordered by refund id, `meta` without pagination.
 */
describe('BigCommerceRefundClient.listCreatedSince against the sandbox', () => {
  /** The store's clock stamps each refund's `created`; the client's clock freezes the window's upper bound. */
  let storeNow = T0;
  let clientNow = T0;
  const clock: Clock = { now: () => clientNow, sleep: () => Promise.resolve() };
  let sandbox: RunningBigCommerceSandbox;
  let client: BigCommerceClient;

  beforeAll(async () => {
    sandbox = await startBigCommerceSandbox({ quota: { requests: 10_000, windowMs: 30_000 }, now: () => storeNow });
  });
  beforeEach(() => {
    sandbox.reset();
    storeNow = T0;
    clientNow = T0;
    client = createBigCommerceClient({ accessToken: BIGCOMMERCE_DEMO.accessToken }, { storeHash: BIGCOMMERCE_DEMO.storeHash, apiBaseUrl: sandbox.url, clock });
  });
  afterAll(async () => sandbox.close());

  /** Creates a 1.00 order-level refund on `orderId` at store time `atMs`; returns its id. */
  async function refundAt(orderId: number, atMs: number): Promise<number> {
    storeNow = atMs;
    const res = await storeCall(sandbox, 'POST', `/v3/orders/${orderId}/payment_actions/refunds`, {
      items: [{ item_type: 'ORDER', item_id: orderId, amount: 1, reason: 'catch-up test' }],
      payments: [{ provider_id: 'custom', amount: 1, offline: true }],
    });
    expect(res.status).toBe(201);
    return (res.json as { data: { id: number } }).data.id;
  }

  /** Refunds A…E one hour apart on orders 301 and 302. */
  async function fiveRefunds(): Promise<number[]> {
    const ids: number[] = [];
    for (const [i, orderId] of [301, 302, 301, 302, 301].entries()) ids.push(await refundAt(orderId, T0 + i * HOUR));
    return ids;
  }

  it('should list only the refunds created inside the window when both bounds are given', async () => {
    const [, b, c, d] = await fiveRefunds();
    await clearSandboxRequests(sandbox);
    const listed = await collectAll(client.refunds.listCreatedSince({ since: new Date(T0 + HOUR), until: new Date(T0 + 3 * HOUR) }));
    expect(listed.map((r) => r.id)).toEqual([b, c, d]);
    expect(listed.map((r) => r.order_id)).toEqual([302, 301, 302]);
    expect(listed.every((r) => typeof r.total_amount === 'string')).toBe(true);

    const asked = (await sandboxRequests(sandbox, '/v3/orders/payment_actions/refunds')).map((r) => new URLSearchParams(r.query));
    expect(asked).toHaveLength(1);
    expect(Object.fromEntries(asked[0] ?? [])).toEqual({ page: '1', limit: '50', 'created:min': '2026-03-01T11:00:00Z', 'created:max': '2026-03-01T13:00:00Z' });
  });

  it('should default the upper bound to the client clock and leave out refunds created after it', async () => {
    const ids = await fiveRefunds();
    clientNow = T0 + 2 * HOUR + 30 * 60_000;
    const listed = await collectAll(client.refunds.listCreatedSince({}));
    expect(listed.map((r) => r.id)).toEqual(ids.slice(0, 3));
  });

  it('should resume from a JSON cursor saved after one page and keep the frozen upper bound when refunds arrive meanwhile', async () => {
    const [, b, c, d] = await fiveRefunds();
    clientNow = T0 + 3 * HOUR + 30 * 60_000;
    const pages = client.refunds.listCreatedSince({ since: new Date(T0 + HOUR), limit: 1 });
    const first = await pages.next();
    if (first.done) throw new Error('expected a first page');
    expect(first.value.items.map((r) => r.id)).toEqual([b]);
    const saved = JSON.stringify(first.value.nextCursor);
    await pages.return(undefined);

    // The worker dies here. Meanwhile a refund is created (after the frozen bound) and time moves on.
    const late = await refundAt(303, T0 + 3 * HOUR + 45 * 60_000);
    clientNow = T0 + 5 * HOUR;

    const cursor = JSON.parse(saved) as BigCommerceRefundCursor;
    expect(cursor).toEqual({ since: '2026-03-01T11:00:00Z', until: '2026-03-01T13:30:00Z', page: 2, limit: 1 });
    await clearSandboxRequests(sandbox);
    const rest = [];
    for await (const page of client.refunds.listCreatedSince(cursor)) rest.push(page);
    expect(rest.flatMap((p) => p.items.map((r) => r.id))).toEqual([c, d]);
    expect(rest.flatMap((p) => p.items.map((r) => r.id))).not.toContain(late);
    // Full pages of 1 with no `meta.pagination`: the run ends on the first short (here empty) page.
    expect(rest.map((p) => p.items.length)).toEqual([1, 1, 0]);
    expect(rest.at(-1)?.nextCursor).toBeUndefined();
    const asked = (await sandboxRequests(sandbox, '/v3/orders/payment_actions/refunds')).map((r) => new URLSearchParams(r.query));
    expect(asked.map((q) => q.get('page'))).toEqual(['2', '3', '4']);
    expect(asked.every((q) => q.get('created:max') === '2026-03-01T13:30:00Z')).toBe(true);
  });

  it('should stop after one request when the first page is short', async () => {
    await fiveRefunds();
    clientNow = T0 + 10 * HOUR;
    await clearSandboxRequests(sandbox);
    const pages = [];
    for await (const page of client.refunds.listCreatedSince({ limit: 10 })) pages.push(page);
    expect(pages.map((p) => [p.items.length, p.nextCursor])).toEqual([[5, undefined]]);
    expect(await sandboxRequests(sandbox, '/v3/orders/payment_actions/refunds')).toHaveLength(1);
  });
});
