import { VISMA_DEMO } from '@mlc/sandbox';
import { waitFor } from '../../support/api-harness';
import { norwegianOrder, type Pipeline, startPipeline, swedishOrder } from '../../support/pipeline-harness';

type Row = { id: string; flow_id: string; status: string; target_ref: string | null; target_connection_id: string | null; last_error: { message?: string } | null };

/**
 * The one pipeline end to end: multi-company routing (the demo's Swedish orders post into the Swedish company), a
 * refund whose webhook was lost recovered by the catch-up poll, two flows from one store to two companies, exactly
 * once across flows, the system registry and the one intake route.
 */
describe('one pipeline for every shop (end to end through the sandboxes)', () => {
  let p: Pipeline;
  const norway = () => p.sandboxes.visma.store(VISMA_DEMO.companies.norway.companyId).snapshot();
  const sweden = () => p.sandboxes.visma.store(VISMA_DEMO.companies.sweden.companyId).snapshot();
  const rowsOf = (entityType: string, externalId: string): Promise<Row[]> =>
    p.t.db.query(`SELECT id, flow_id, status, target_ref, target_connection_id, last_error FROM sync_record WHERE connection_id = $1 AND entity_type = $2 AND external_id = $3 ORDER BY created_at`, [
      p.demo.bigcommerceConnectionId,
      entityType,
      externalId,
    ]);
  const settled = (entityType: string, externalId: string, count = 1) =>
    waitFor(async () => {
      const rows = await rowsOf(entityType, externalId);
      return rows.length >= count && rows.every((r) => ['posted', 'failed', 'skipped'].includes(r.status)) ? rows : undefined;
    }, { timeoutMs: 20_000, what: `${entityType} ${externalId} settled in ${count} flow(s)` });
  const faults = (body?: unknown) =>
    fetch(`${p.sandboxes.bigcommerce.url}/_sandbox/faults`, body === undefined ? { method: 'DELETE' } : { method: 'POST', body: JSON.stringify(body) });

  beforeAll(async () => {
    p = await startPipeline();
  }, 60_000);
  afterAll(async () => {
    await p?.close();
  });

  it("should post the demo store's Swedish SEK order into the Swedish company, and remember the company on the record", async () => {
    const [row] = await settled('order', '302');
    expect(row?.last_error).toBeNull();
    expect(row?.status).toBe('posted');
    expect(row?.target_connection_id).toBe(p.demo.vismaSwedenConnectionId);
    const invoices = sweden().invoices.filter((i) => i.externalReference === 'bc:mlcdemo1:302');
    expect(invoices).toHaveLength(1);
    expect(invoices[0]?.currencyId).toBe('SEK');
    expect(invoices[0]?.referenceNumber).toBe(row?.target_ref);
    expect(norway().invoices.filter((i) => i.externalReference === 'bc:mlcdemo1:302')).toHaveLength(0);
    // Norwegian orders stay in the Norwegian company.
    const [no] = await settled('order', '304');
    expect(no?.target_connection_id).toBe(p.demo.vismaConnectionId);
  });

  it('should post a refund whose webhook was lost when the catch-up poll runs, into the company of its invoice', async () => {
    const id = String((await p.store('POST', '/v2/orders', swedishOrder('lost.refund@example.se'))).body.id);
    const [order] = await settled('order', id);
    expect(order?.target_connection_id).toBe(p.demo.vismaSwedenConnectionId);
    const products = (await p.store('GET', `/v2/orders/${id}/products`)).body as { id: number }[];
    await faults({ kind: 'drop-webhook', count: -1 });
    let refundId: number;
    try {
      const refund = await p.store('POST', `/v3/orders/${id}/payment_actions/refunds`, {
        items: [{ item_type: 'PRODUCT', item_id: products[0]!.id, quantity: 1 }],
        payments: [{ provider_id: 'custom', amount: 1499, offline: true }],
      });
      expect(refund.status).toBe(201);
      refundId = refund.body.data.id;
      await p.sandboxes.bigcommerce.flushWebhooks();
    } finally {
      await faults();
    }
    expect(await rowsOf('refund', `${id}:${refundId}`)).toHaveLength(0);
    const asked = await p.t.call('POST', `/api/flows/${p.demo.flowId}/catch-up`, { token: p.demo.token, body: { entityType: 'refund' } });
    expect(asked.status).toBe(202);
    expect(asked.body.runs).toEqual([{ flowId: p.demo.flowId, entityType: 'refund', queued: true }]);
    const [credit] = await settled('refund', `${id}:${refundId}`);
    expect(credit?.last_error).toBeNull();
    expect(credit?.status).toBe('posted');
    expect(credit?.target_connection_id).toBe(p.demo.vismaSwedenConnectionId);
    const notes = sweden().creditNotes.filter((c) => c.externalReference === `bc:mlcdemo1:${id}:r${refundId}`);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.amountMinor).toBe(149_900);
    const positions = await p.t.call('GET', `/api/flows/${p.demo.flowId}/catch-up`, { token: p.demo.token });
    expect(positions.body.schedule).toEqual({ kind: 'every', minutes: 10 });
    expect(positions.body.positions.map((x: { entityType: string }) => x.entityType)).toEqual(expect.arrayContaining(['order', 'refund', 'customer']));
  });

  it('should run two flows from one store into two companies, each posting its own orders, and one invoice when both route to one company', async () => {
    // Flow A (the demo's) keeps NOK orders only; flow B takes SEK orders into the Swedish company.
    const patched = await p.t.call('PATCH', `/api/flows/${p.demo.flowId}`, {
      token: p.demo.token,
      body: { routing: { rules: [{ targetConnectionId: p.demo.vismaConnectionId, currencies: ['NOK'] }, { targetConnectionId: p.demo.vismaSwedenConnectionId, currencies: ['SEK'] }], unmatched: 'skip' } },
    });
    expect(patched.status).toBe(200);
    const created = await p.t.call('POST', '/api/flows', {
      token: p.demo.token,
      body: {
        name: 'Store → Fjällvind (SEK only)',
        sourceConnectionId: p.demo.bigcommerceConnectionId,
        targetConnectionId: p.demo.vismaSwedenConnectionId,
        entities: ['order'],
        routing: { rules: [{ targetConnectionId: p.demo.vismaSwedenConnectionId, currencies: ['SEK'] }], unmatched: 'skip' },
        catchUpSchedule: { kind: 'daily', at: '02:30' },
      },
    });
    expect(created.status).toBe(201);
    const flowB = created.body.id as string;

    const nok = String((await p.store('POST', '/v2/orders', norwegianOrder({ email: 'two.flows@example.no' }))).body.id);
    const nokRows = await settled('order', nok, 2);
    expect(nokRows.find((r) => r.flow_id === p.demo.flowId)).toMatchObject({ status: 'posted', target_connection_id: p.demo.vismaConnectionId });
    expect(nokRows.find((r) => r.flow_id === flowB)).toMatchObject({ status: 'skipped' });
    expect(norway().invoices.filter((i) => i.externalReference === `bc:mlcdemo1:${nok}`)).toHaveLength(1);
    expect(sweden().invoices.filter((i) => i.externalReference === `bc:mlcdemo1:${nok}`)).toHaveLength(0);

    // Both flows route SEK into the Swedish company: exactly one invoice, the other flow's record adopts it.
    const sek = String((await p.store('POST', '/v2/orders', swedishOrder('both.flows@example.se'))).body.id);
    const sekRows = await settled('order', sek, 2);
    expect(sekRows.map((r) => r.status)).toEqual(['posted', 'posted']);
    const invoices = sweden().invoices.filter((i) => i.externalReference === `bc:mlcdemo1:${sek}`);
    expect(invoices).toHaveLength(1);
    expect(new Set(sekRows.map((r) => r.target_ref))).toEqual(new Set([invoices[0]?.referenceNumber]));

    // A flow reading an entity its store does not have is refused, naming the field.
    const bad = await p.t.call('POST', '/api/flows', {
      token: p.demo.token,
      body: { name: 'bad', sourceConnectionId: p.demo.bigcommerceConnectionId, targetConnectionId: p.demo.bigcommerceConnectionId, entities: ['invoice'] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['entities[0]', 'targetConnectionId']));
  });

  it('should serve the system registry and answer the one intake route by system', async () => {
    const systems = await p.t.call('GET', '/api/systems', { token: p.demo.token });
    expect(systems.status).toBe(200);
    const bc = systems.body.find((s: { kind: string }) => s.kind === 'bigcommerce');
    expect(bc).toMatchObject({ label: 'BigCommerce', roles: ['source'], entities: ['order', 'refund', 'customer'] });
    expect(bc.capabilities).toEqual(expect.arrayContaining(['ping', 'fetch', 'webhook', 'catch-up', 'webhook-upkeep']));
    expect(bc.fields.credentials.find((f: { name: string }) => f.name === 'accessToken')).toMatchObject({ isSecret: true, format: 'secret' });
    expect(systems.body.find((s: { kind: string }) => s.kind === 'visma')).toMatchObject({ roles: ['target', 'source'], entities: ['supplier-invoice', 'inventory-item'], catalogEntities: ['supplier-invoice', 'inventory-item'], webhooks: null });
    const ct = systems.body.find((s: { kind: string }) => s.kind === 'commercetools');
    expect(ct).toMatchObject({ label: 'commercetools', roles: ['source', 'catalog-target'], entities: ['order', 'capture', 'refund', 'customer', 'product'], webhooks: null });
    expect(ct.capabilities).toEqual(['ping', 'fetch', 'catch-up', 'stock-target', 'change-signal']);
    expect(ct.fields.credentials.find((f: { name: string }) => f.name === 'clientSecret')).toMatchObject({ isSecret: true, format: 'secret' });
    expect(systems.body.find((s: { kind: string }) => s.kind === 'visma').capabilities).toEqual(['ping', 'fetch', 'catch-up', 'document-target', 'reference-data', 'rate-budget']);
    // The Visma connection receives no webhooks, and an unknown system has no intake.
    const asVisma = await fetch(`${p.t.url}/webhooks/visma/${p.demo.vismaConnectionId}`, { method: 'POST', body: '{}' });
    expect(asVisma.status).toBe(404);
    const wrongSystem = await fetch(`${p.t.url}/webhooks/woocommerce/${p.demo.bigcommerceConnectionId}`, { method: 'POST', body: '{}' });
    expect(wrongSystem.status).toBe(404);
    const unsigned = await fetch(`${p.t.url}/webhooks/bigcommerce/${p.demo.bigcommerceConnectionId}`, { method: 'POST', body: '{}' });
    expect(unsigned.status).toBe(401);
  });
});
