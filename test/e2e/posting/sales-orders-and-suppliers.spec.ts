import { VISMA_DEMO } from '@mlc/sandbox';
import { norwegianOrder, type Pipeline, startPipeline } from '../../support/pipeline-harness';

/**
 * A flow's posting choices, end to end through the sandboxes: orders as Visma sales orders (our own order number, found
 * again by it), customers as suppliers (created, then updated with If-Match), refunds as unapplied credit notes.
 */
describe('flows that post sales orders and suppliers', () => {
  let p: Pipeline;
  const norway = () => p.sandboxes.visma.store(VISMA_DEMO.companies.norway.companyId).snapshot();
  const token = () => p.t.login();

  beforeAll(async () => {
    p = await startPipeline();
    const res = await p.t.call('PATCH', `/api/flows/${p.demo.flowId}`, {
      token: await token(),
      body: {
        posting: {
          orderDocument: 'sales-order',
          customerAs: 'supplier',
          salesOrder: { numbering: { prefix: 'BC' }, inventory: { productsBySku: false, byLineType: { product: 'KOPP-01', shipping: 'FRAKT', discount: 'RABATT', fee: 'GEBYR', rounding: 'AVRUNDING' } } },
          supplier: { supplierClassId: 'NO' },
        },
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.posting).toMatchObject({ orderDocument: 'sales-order', customerAs: 'supplier' });
  }, 60_000);
  afterAll(async () => {
    await p?.close();
  });

  it('should post a new order as one sales order numbered BC<order>, with our external reference as customerRefNo', async () => {
    const id = String((await p.store('POST', '/v2/orders', norwegianOrder({ email: 'so.buyer@example.no' }))).body.id);
    const record = await p.record('order', id, ['posted', 'failed'], 20_000);
    expect(record.lastError).toBeNull();
    expect(record.targetRef).toBe(`BC${id}`);
    const orders = norway().salesOrders.filter((o) => o.customerRefNo === `bc:mlcdemo1:${id}`);
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ orderType: 'SO', orderNo: `BC${id}` });
    expect(norway().invoices.filter((i) => i.externalReference === `bc:mlcdemo1:${id}`)).toHaveLength(0);
    // A replay finds the posted order by its number and posts nothing again.
    await p.t.call('POST', `/api/records/${record.id}/replay`, { token: await token() });
    const replayed = await p.record('order', id, ['posted', 'failed'], 20_000);
    expect(replayed.targetRef).toBe(`BC${id}`);
    expect(norway().salesOrders.filter((o) => o.customerRefNo === `bc:mlcdemo1:${id}`)).toHaveLength(1);
  });

  it('should create a registered customer as a Visma supplier, then update that supplier (not a second one) on a rename', async () => {
    const created = await p.store('POST', '/v3/customers', [{ email: 'vendor.one@example.no', first_name: 'Vera', last_name: 'Vendor', addresses: [{ first_name: 'Vera', last_name: 'Vendor', address1: 'Kaia 3', city: 'Bergen', postal_code: '5003', country_code: 'NO' }] }]);
    expect(created.status).toBe(200);
    const customerId = String((created.body.data as { id: number }[])[0]?.id);
    const first = await p.record('customer', customerId, ['posted', 'failed'], 20_000);
    expect(first.lastError).toBeNull();
    const suppliers = () => norway().suppliers.filter((s) => s.mainContact?.email === 'vendor.one@example.no');
    expect(suppliers()).toHaveLength(1);
    expect(suppliers()[0]?.number).toBe(first.targetRef);
    expect(norway().customers.filter((c) => c.mainContact?.email === 'vendor.one@example.no')).toHaveLength(0);

    await p.store('PUT', '/v3/customers', [{ id: Number(customerId), last_name: 'Vendorsen' }]);
    await waitForName(() => suppliers()[0]?.name, 'Vera Vendorsen');
    expect(suppliers()).toHaveLength(1);
  });

  async function waitForName(read: () => string | null | undefined, wanted: string): Promise<void> {
    const until = Date.now() + 20_000;
    while (read() !== wanted) {
      if (Date.now() > until) throw new Error(`supplier name is "${read() ?? ''}", not "${wanted}"`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
});
