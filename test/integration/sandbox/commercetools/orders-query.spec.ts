import type { Order } from '@commercetools/platform-sdk';
import { startCommercetoolsSandbox, type RunningCommercetoolsSandbox } from '../../../../apps/sandbox/src/commercetools';
import orderExample from '../../../../apps/sandbox/src/commercetools/seed/order.example.json';
import { api, sdk, sdkError, token } from './support';

describe('commercetools sandbox order queries (paging.raml, query.raml, sortable.raml, expandable.raml)', () => {
  let sandbox: RunningCommercetoolsSandbox;

  beforeAll(async () => {
    sandbox = await startCommercetoolsSandbox({ port: 0 });
  });
  afterAll(() => sandbox.close());

  it('should answer a PagedQueryResponse with limit, offset, count and total', async () => {
    const page = await sdk(sandbox).orders().get({ queryArgs: { limit: 3, offset: 1, sort: ['createdAt asc', 'id asc'] } }).execute();
    expect(page.body).toMatchObject({ limit: 3, offset: 1, count: 3, total: 8 });
    expect(Object.keys(page.body)).toEqual(['limit', 'offset', 'count', 'total', 'results']);
    const created = page.body.results.map((o) => o.createdAt);
    expect([...created].sort()).toEqual(created);
  });

  it('should default to limit 20 and leave out total with withTotal=false', async () => {
    const page = await sdk(sandbox).orders().get({ queryArgs: { withTotal: false } }).execute();
    expect(page.body.limit).toBe(20);
    expect(page.body.offset).toBe(0);
    expect(page.body).not.toHaveProperty('total');
  });

  it('should refuse limit above 500 and offset above 10000 with 400 InvalidInput', async () => {
    const client = sdk(sandbox);
    const limit = await sdkError(client.orders().get({ queryArgs: { limit: 501 } }).execute());
    expect(limit.statusCode).toBe(400);
    expect(limit.body.errors[0].code).toBe('InvalidInput');
    const offset = await sdkError(client.orders().get({ queryArgs: { offset: 10_001 } }).execute());
    expect(offset.body).toMatchObject({ statusCode: 400, errors: [{ code: 'InvalidInput' }] });
    expect(offset.body.message).toContain('offset');
    expect((await client.orders().get({ queryArgs: { offset: 10_000, limit: 500 } }).execute()).body.count).toBe(0);
  });

  it('should filter with where predicates, AND several where parameters and substitute var.*', async () => {
    const client = sdk(sandbox);
    const norway = await client.orders().get({ queryArgs: { where: 'store(key = "no")' } }).execute();
    expect(norway.body.results.map((o) => o.orderNumber).sort()).toEqual(['NO-1001', 'NO-1002', 'NO-1003', 'NO-1004']);
    const both = await client.orders().get({ queryArgs: { where: ['store(key = :store)', 'orderState = "Cancelled"'], 'var.store': 'no' } }).execute();
    expect(both.body.results.map((o) => o.orderNumber)).toEqual(['NO-1004']);
    const inList = await client.orders().get({ queryArgs: { where: 'orderNumber in ("SE-2001", "NO-1002") and not(paymentState = "Pending")', sort: 'orderNumber asc' } }).execute();
    expect(inList.body.results.map((o) => o.orderNumber)).toEqual(['NO-1002', 'SE-2001']);
    const bySku = await client.orders().get({ queryArgs: { where: 'lineItems(variant(sku = "CT-BOOK-01"))' } }).execute();
    expect(bySku.body.results.map((o) => o.orderNumber).sort()).toEqual(['NO-1002', 'NO-1003', 'SE-2003']);
  });

  it('should answer 400 InvalidInput for a malformed predicate', async () => {
    const err = await sdkError(sdk(sandbox).orders().get({ queryArgs: { where: 'orderNumber = ' } }).execute());
    expect(err.statusCode).toBe(400);
    expect(err.body.errors[0]).toMatchObject({ code: 'InvalidInput' });
    expect(err.body.message).toContain("Malformed parameter: where: Syntax error while parsing 'where'");
  });

  it('should page through every order exactly once with a lastModifiedAt + id key cursor, ties included', async () => {
    const client = sdk(sandbox);
    const all = (await client.orders().get({ queryArgs: { limit: 500 } }).execute()).body.results;
    const stamps = all.map((o) => o.lastModifiedAt);
    expect(new Set(stamps).size).toBeLessThan(stamps.length);
    const seen: Order[] = [];
    let cursor: { t: string; id: string } | undefined;
    for (let i = 0; i < 10; i += 1) {
      const queryArgs = cursor
        ? { where: 'lastModifiedAt > :t or (lastModifiedAt = :t and id > :id)', 'var.t': cursor.t, 'var.id': cursor.id, sort: ['lastModifiedAt asc', 'id asc'], limit: 2, withTotal: false }
        : { sort: ['lastModifiedAt asc', 'id asc'], limit: 2, withTotal: false };
      const page = (await client.orders().get({ queryArgs }).execute()).body;
      seen.push(...page.results);
      const last = page.results[page.results.length - 1];
      if (!last || page.count < 2) break;
      cursor = { t: last.lastModifiedAt, id: last.id };
    }
    expect(seen.map((o) => o.id).sort()).toEqual(all.map((o) => o.id).sort());
    expect(new Set(seen.map((o) => o.id)).size).toBe(all.length);
  });

  it('should read a store through /in-store/key={storeKey}/orders and hide other stores there', async () => {
    const client = sdk(sandbox);
    const se = await client.inStoreKeyWithStoreKeyValue({ storeKey: 'se' }).orders().get().execute();
    expect(se.body.results.every((o) => o.store?.key === 'se')).toBe(true);
    expect(se.body.total).toBe(3);
    const norwegian = (await client.orders().withOrderNumber({ orderNumber: 'NO-1001' }).get().execute()).body;
    const hidden = await sdkError(client.inStoreKeyWithStoreKeyValue({ storeKey: 'se' }).orders().withId({ ID: norwegian.id }).get().execute());
    expect(hidden.statusCode).toBe(404);
    const customers = await client.inStoreKeyWithStoreKeyValue({ storeKey: 'no' }).customers().get().execute();
    expect(customers.body.results.map((c) => c.email)).toContain('kari.nordmann@example.no');
    expect(customers.body.results.map((c) => c.email)).not.toContain('sven.svensson@example.se');
  });

  it('should expand paymentInfo.payments[*] into the referenced Payments', async () => {
    const order = await sdk(sandbox).orders().withOrderNumber({ orderNumber: 'NO-1003' }).get({ queryArgs: { expand: 'paymentInfo.payments[*]' } }).execute();
    const payments = order.body.paymentInfo?.payments ?? [];
    expect(payments).toHaveLength(2);
    expect(payments.map((p) => p.obj?.paymentMethodInfo.method).sort()).toEqual(['creditCard', 'giftcard']);
    const charged = payments.reduce((sum, p) => sum + (p.obj?.transactions.filter((t) => t.type === 'Charge' && t.state === 'Success').reduce((a, t) => a + t.amount.centAmount, 0) ?? 0), 0);
    expect(charged).toBe(order.body.totalPrice.centAmount);
    const plain = await sdk(sandbox).orders().withId({ ID: order.body.id }).get().execute();
    expect(plain.body.paymentInfo?.payments[0]?.obj).toBeUndefined();
  });

  it('should answer 404 ResourceNotFound for an unknown id or order number', async () => {
    const bearer = await token(sandbox);
    const byId = await api(sandbox, 'GET', '/orders/00000000-0000-4000-8000-000000000000', bearer);
    expect(byId.status).toBe(404);
    expect(byId.json).toEqual({ statusCode: 404, message: "The Resource with ID '00000000-0000-4000-8000-000000000000' was not found.", errors: [{ code: 'ResourceNotFound', message: "The Resource with ID '00000000-0000-4000-8000-000000000000' was not found." }] });
    const byNumber = await api(sandbox, 'GET', '/orders/order-number=NOPE', bearer);
    expect(byNumber.json.errors[0].code).toBe('ResourceNotFound');
  });

  it('should serve the seeded official example order byte-for-byte and as the SDK type', async () => {
    const order = await sdk(sandbox).orders().withId({ ID: orderExample.id }).get().execute();
    expect(order.body).toEqual(orderExample);
  });

  it('should build demo orders whose taxes and totals balance to the cent', async () => {
    const orders = (await sdk(sandbox).orders().get({ queryArgs: { where: 'store is defined', limit: 100 } }).execute()).body.results;
    expect(orders).toHaveLength(7);
    for (const order of orders) {
      const taxed = order.taxedPrice;
      if (!taxed) throw new Error(`order ${order.orderNumber ?? ''} has no taxedPrice`);
      expect(taxed.totalGross.centAmount - taxed.totalNet.centAmount).toBe(taxed.taxPortions.reduce((a, p) => a + p.amount.centAmount, 0));
      expect(taxed.totalTax?.centAmount).toBe(taxed.totalGross.centAmount - taxed.totalNet.centAmount);
      expect(order.totalPrice.centAmount).toBe(taxed.totalGross.centAmount);
      const shipping = order.shippingInfo ? order.shippingInfo.price.centAmount : order.shipping.reduce((a, s) => a + s.shippingInfo.price.centAmount, 0);
      const items = [...order.lineItems, ...order.customLineItems].reduce((a, l) => a + l.totalPrice.centAmount, 0);
      expect(order.totalPrice.centAmount).toBe(items + shipping - (order.discountOnTotalPrice?.discountedAmount.centAmount ?? 0));
      for (const line of order.lineItems) expect(line.taxRate?.amount).toBeLessThan(1);
    }
    const no1001 = orders.find((o) => o.orderNumber === 'NO-1001');
    // 2 × 199.00 + 149.00 + 49.00 shipping; 25 % on 398.00 → net 318.40, 15 % on 149.00 → net 129.57, 25 % on 49.00 → net 39.20.
    expect(no1001?.totalPrice.centAmount).toBe(59_600);
    expect(no1001?.taxedPrice?.totalNet.centAmount).toBe(31_840 + 12_957 + 3_920);
    const se2002 = orders.find((o) => o.orderNumber === 'SE-2002');
    expect(se2002?.shippingMode).toBe('Multiple');
    expect(se2002?.shipping).toHaveLength(2);
    expect(se2002?.lineItems[0]?.discountedPricePerQuantity[0]?.discountedPrice.value.centAmount).toBe(22_900 - 2_290);
  });
});
