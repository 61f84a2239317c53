import { createCommercetoolsClient, createVismaClient } from '@mlc/connectors';
import { COMMERCETOOLS_ADMIN_CLIENT, COMMERCETOOLS_DEMO, VISMA_DEMO } from '@mlc/sandbox';
import { commercetoolsCancellationRecordId, commercetoolsTransactionRecordId } from '../../../apps/api/src/modules/commercetools/commercetools-records.adapter';
import { waitFor } from '../../support/api-harness';
import { type Pipeline, startPipeline } from '../../support/pipeline-harness';

type Row = { id: string; status: string; target_ref: string | null; target_connection_id: string | null; last_error: { message?: string; code?: string } | null };
type Json = Record<string, unknown>;

/**
 * commercetools → Visma end to end over real HTTP: the commercetools sandbox (client credentials, the demo project with
 * stores `no` and `se`) is polled by the product (commercetools has no HTTP webhooks), which posts invoices, customer
 * payments and credit notes into the two Visma demo companies, routed by store, then country.
 */
jest.setTimeout(120_000);

describe('commercetools → Visma (end to end through the sandboxes)', () => {
  let p: Pipeline;
  let connectionId: string;
  const norway = () => p.sandboxes.visma.store(VISMA_DEMO.companies.norway.companyId).snapshot();
  const sweden = () => p.sandboxes.visma.store(VISMA_DEMO.companies.sweden.companyId).snapshot();
  const ct = () => p.sandboxes.commercetools.control;
  const rowOf = async (entityType: string, externalId: string): Promise<Row | undefined> =>
    (await p.t.db.query(`SELECT id, status, target_ref, target_connection_id, last_error FROM sync_record WHERE connection_id = $1 AND entity_type = $2 AND external_id = $3`, [connectionId, entityType, externalId]))[0];
  type Position = { entityType: string; isInProgress: boolean; updatedAt: string };
  const positions = async (flowId: string): Promise<Position[]> => {
    const res = await p.t.call('GET', `/api/flows/${flowId}/catch-up`, { token: p.demo.token });
    return (res.body as { positions: Position[] }).positions;
  };
  /** Every entity of the flow (the orders flow by default) caught up (idle, saved) after `since`. */
  const caughtUpSince = async (since: number, flowId = p.demo.commercetools?.flowId ?? '', entities = 4): Promise<true | undefined> => {
    const all = await positions(flowId);
    return all.length >= entities && all.every((x) => !x.isInProgress && Date.parse(x.updatedAt) >= since) ? true : undefined;
  };
  /** One catch-up run of every entity, requested until a run is queued (one still running would not see new records) and waited for. */
  const catchUp = async (): Promise<void> => {
    const requestedAt = Date.now();
    await waitFor(async () => {
      const res = await p.t.call('POST', `/api/connections/${connectionId}/catch-up`, { token: p.demo.token });
      expect(res.status).toBeLessThan(300);
      return (res.body as { runs: { queued: boolean }[] }).runs.every((r) => r.queued) ? true : undefined;
    }, { timeoutMs: 30_000, what: 'a catch-up queued for every entity' });
    await waitFor(() => caughtUpSince(requestedAt), { timeoutMs: 30_000, what: 'the catch-up run done' });
  };
  /** Waits until the record is in one of `statuses` (catching up again while it is not there yet). */
  const settled = async (entityType: string, externalId: string, statuses = ['posted', 'failed']): Promise<Row> =>
    waitFor(async () => {
      const row = await rowOf(entityType, externalId);
      if (row && statuses.includes(row.status)) return row;
      return undefined;
    }, { timeoutMs: 45_000, what: `${entityType} ${externalId} in ${statuses.join('/')}` }).catch(async (err: unknown) => {
      const row = await rowOf(entityType, externalId);
      const timeline = row ? await p.t.db.query(`SELECT kind, message FROM audit_event WHERE record_id = $1 ORDER BY id`, [row.id]) : [];
      throw new Error(`${String(err)}; record ${JSON.stringify(row)}; timeline ${JSON.stringify(timeline)}`);
    });
  const order = (draft: Json): Json => ct().createOrder(draft as never);
  const pay = (orderId: string, method: string, transactions: Json[], amount?: number): Json =>
    ct().addPayment(orderId, { method, ...(amount === undefined ? {} : { amountPlannedCentAmount: amount }), transactions } as never).payment;
  const transactionOf = (payment: Json, type: string): string => {
    const found = (payment['transactions'] as Json[]).filter((t) => t['type'] === type).at(-1);
    if (!found) throw new Error(`payment has no ${type}`);
    return String(found['id']);
  };

  beforeAll(async () => {
    p = await startPipeline({}, { commercetools: true });
    connectionId = p.demo.commercetools?.connectionId ?? '';
    expect(connectionId).not.toBe('');
    // The demo set-up's first catch-up (the back-fill) runs behind the BigCommerce store's.
    await waitFor(() => caughtUpSince(0), { timeoutMs: 90_000, what: 'the demo back-fill of the commercetools project' });
    await waitFor(() => caughtUpSince(0, p.demo.commercetools?.stockFlowId ?? '', 1), { timeoutMs: 90_000, what: 'the demo back-fill of the stock flow' });
  }, 150_000);
  afterAll(async () => {
    await p?.close();
  });

  it('should post the demo orders into the company of their store, each once', async () => {
    const no1001 = ct().order('NO-1001');
    const se2001 = ct().order('SE-2001');
    const noRow = await settled('order', String(no1001['id']));
    const seRow = await settled('order', String(se2001['id']));
    expect(noRow.last_error).toBeNull();
    expect(seRow.last_error).toBeNull();
    expect(noRow.target_connection_id).toBe(p.demo.vismaConnectionId);
    expect(seRow.target_connection_id).toBe(p.demo.vismaSwedenConnectionId);
    const noInvoice = norway().invoices.filter((i) => i.referenceNumber === noRow.target_ref);
    expect(noInvoice).toHaveLength(1);
    expect(noInvoice[0]?.amountMinor).toBe(((no1001['taxedPrice'] as Json)['totalGross'] as Json)['centAmount']);
    expect(sweden().invoices.filter((i) => i.referenceNumber === seRow.target_ref)).toHaveLength(1);
    // Not charged yet (a Pending charge): nothing posted, visibly.
    expect((await settled('order', String(ct().order('SE-2002')['id']), ['skipped'])).status).toBe('skipped');
  });

  it('should balance an order with two VAT rates, shipping and a discount code to the cent, and apply its charge as a customer payment', async () => {
    const o = order({
      storeKey: 'no',
      country: 'NO',
      currency: 'NOK',
      orderNumber: 'E2E-NO-1',
      customerEmail: 'ola.e2e@example.no',
      lines: [
        { sku: 'CT-MUG-01', quantity: 3 },
        { sku: 'CT-COFFEE-500', quantity: 2 },
      ],
      shipping: { name: 'Posten', centAmount: 9_900, taxRate: 0.25 },
      discountCode: { code: 'E2E10', centAmount: 3_333 },
      shippingAddress: { country: 'NO', firstName: 'Ola', lastName: 'Nordmann', streetName: 'Storgata', streetNumber: '1', postalCode: '0155', city: 'Oslo' },
    });
    const gross = ((o['taxedPrice'] as Json)['totalGross'] as Json)['centAmount'] as number;
    const portions = ((o['taxedPrice'] as Json)['taxPortions'] as Json[]).map((t) => t['rate']);
    expect(portions).toEqual(expect.arrayContaining([0.25, 0.15]));
    const payment = pay(String(o['id']), 'creditCard', [{ type: 'Charge', state: 'Success', interactionId: 'psp-e2e-1' }]);
    await catchUp();
    const invoiceRow = await settled('order', String(o['id']));
    expect(invoiceRow.last_error).toBeNull();
    const invoice = norway().invoices.find((i) => i.referenceNumber === invoiceRow.target_ref);
    expect(invoice?.amountMinor).toBe(gross);
    expect(norway().invoices.filter((i) => i.externalReference === invoice?.externalReference)).toHaveLength(1);

    const captureRow = await settled('capture', commercetoolsTransactionRecordId(String(o['id']), String(payment['id']), transactionOf(payment, 'Charge')));
    expect(captureRow.last_error).toBeNull();
    const payments = norway().customerPayments.filter((pay) => pay.refNbr === captureRow.target_ref);
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ cashAccountId: '1920', paymentAmountMinor: gross });
    expect(payments[0]?.lines.map((l) => l.refNbr)).toEqual([invoiceRow.target_ref]);
    expect(norway().invoices.find((i) => i.referenceNumber === invoiceRow.target_ref)?.balanceMinor).toBe(0);
  });

  it('should post a partial refund and a chargeback each as one credit note against the invoice, the chargeback on its own account', async () => {
    const o = order({ storeKey: 'no', country: 'NO', currency: 'NOK', orderNumber: 'E2E-NO-2', customerEmail: 'refund.e2e@example.no', lines: [{ sku: 'CT-TEE-M', quantity: 2 }] });
    const payment = pay(String(o['id']), 'creditCard', [{ type: 'Charge', state: 'Success' }]);
    ct().addTransaction(String(payment['id']), { type: 'Refund', centAmount: 10_000, state: 'Success' });
    const after = ct().addTransaction(String(payment['id']), { type: 'Chargeback', centAmount: 5_000, state: 'Success' });
    await catchUp();
    const invoiceRow = await settled('order', String(o['id']));
    const refundRow = await settled('refund', commercetoolsTransactionRecordId(String(o['id']), String(payment['id']), transactionOf(after, 'Refund')));
    const chargebackRow = await settled('refund', commercetoolsTransactionRecordId(String(o['id']), String(payment['id']), transactionOf(after, 'Chargeback')));
    expect(refundRow.last_error).toBeNull();
    expect(chargebackRow.last_error).toBeNull();
    const invoice = norway().invoices.find((i) => i.referenceNumber === invoiceRow.target_ref);
    const refund = norway().creditNotes.filter((n) => n.referenceNumber === refundRow.target_ref);
    const chargeback = norway().creditNotes.filter((n) => n.referenceNumber === chargebackRow.target_ref);
    expect(refund).toHaveLength(1);
    expect(chargeback).toHaveLength(1);
    expect(refund[0]?.amountMinor).toBe(10_000);
    expect(chargeback[0]?.amountMinor).toBe(5_000);
    // Every credit line on the chargeback account (a rounding line, if any, on the rounding account).
    expect(chargeback[0]?.lines.filter((l) => l.accountNumber !== '7770').every((l) => l.accountNumber === '7830')).toBe(true);
    expect(refund[0]?.lines.some((l) => l.accountNumber === '7830')).toBe(false);
    expect(refund[0]?.externalReference).not.toBe(chargeback[0]?.externalReference);
    expect(invoice?.externalReference).toMatch(/^ct:ml-demo:_[a-z2-7]{26}$/);
    for (const note of [...refund, ...chargeback]) expect(note.externalReference?.length).toBeLessThanOrEqual(40);

    await catchUp();
    await new Promise((r) => setTimeout(r, 1_000));
    expect(norway().creditNotes.filter((n) => n.externalReference === refund[0]?.externalReference)).toHaveLength(1);
    expect(norway().creditNotes.filter((n) => n.externalReference === chargeback[0]?.externalReference)).toHaveLength(1);
  });

  it('should record a refund paid back by the payment provider as a released customer refund on the credit note where the rules say so, once', async () => {
    // Sweden's demo rules record refunds (payments.recordRefunds); the money leaves the bank account 1930.
    const o = order({ storeKey: 'se', country: 'SE', currency: 'SEK', orderNumber: 'E2E-SE-R1', customerEmail: 'aterbetalning.e2e@example.se', lines: [{ sku: 'CT-TEE-M', quantity: 2 }] });
    const payment = pay(String(o['id']), 'creditCard', [{ type: 'Charge', state: 'Success' }]);
    const after = ct().addTransaction(String(payment['id']), { type: 'Refund', centAmount: 12_500, state: 'Success', interactionId: 'psp-refund-e2e-1' });
    await catchUp();
    await settled('order', String(o['id']));
    const refundRow = await settled('refund', commercetoolsTransactionRecordId(String(o['id']), String(payment['id']), transactionOf(after, 'Refund')));
    expect(refundRow.last_error).toBeNull();
    expect(refundRow.target_connection_id).toBe(p.demo.vismaSwedenConnectionId);
    const note = sweden().creditNotes.find((n) => n.referenceNumber === refundRow.target_ref);
    expect(note?.amountMinor).toBe(12_500);
    expect(note?.status).toBe('Closed');
    expect(note?.balanceMinor).toBe(0);
    const refunds = () => sweden().customerPayments.filter((x) => x.type === 'Refund' && x.lines.some((l) => l.documentType === 'CreditNote' && l.refNbr === refundRow.target_ref));
    expect(refunds()).toHaveLength(1);
    expect(refunds()[0]).toMatchObject({ cashAccountId: '1930', paymentAmountMinor: 12_500, paymentRef: note?.externalReference, status: 'Closed' });
    // Replaying the record adopts both the credit note and its refund.
    const replay = await p.t.call('POST', `/api/records/${refundRow.id}/replay`, { token: p.demo.token });
    expect(replay.status).toBeLessThan(300);
    await waitFor(async () => ((await rowOf('refund', commercetoolsTransactionRecordId(String(o['id']), String(payment['id']), transactionOf(after, 'Refund'))))?.status === 'posted' ? true : undefined), { timeoutMs: 30_000, what: 'the replay posted' });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(sweden().creditNotes.filter((n) => n.externalReference === note?.externalReference)).toHaveLength(1);
    expect(refunds()).toHaveLength(1);
    // Norway's rules do not record refunds: its refunds stay open credit notes (the earlier test's E2E-NO-2 refund).
    expect(norway().customerPayments.some((x) => x.type === 'Refund')).toBe(false);
  });

  it('should settle a gift-card charge against the gift-card liability, not cash', async () => {
    const o = order({ storeKey: 'no', country: 'NO', currency: 'NOK', orderNumber: 'E2E-NO-3', customerEmail: 'gift.e2e@example.no', lines: [{ sku: 'CT-MUG-01', quantity: 1 }] });
    const gross = ((o['taxedPrice'] as Json)['totalGross'] as Json)['centAmount'] as number;
    const gift = pay(String(o['id']), 'giftcard', [{ type: 'Charge', state: 'Success', centAmount: 5_000 }], 5_000);
    const card = pay(String(o['id']), 'creditCard', [{ type: 'Charge', state: 'Success', centAmount: gross - 5_000 }], gross - 5_000);
    await catchUp();
    await settled('order', String(o['id']));
    const giftRow = await settled('capture', commercetoolsTransactionRecordId(String(o['id']), String(gift['id']), transactionOf(gift, 'Charge')));
    const cardRow = await settled('capture', commercetoolsTransactionRecordId(String(o['id']), String(card['id']), transactionOf(card, 'Charge')));
    expect(giftRow.last_error).toBeNull();
    expect(cardRow.last_error).toBeNull();
    expect(norway().customerPayments.find((x) => x.refNbr === giftRow.target_ref)).toMatchObject({ cashAccountId: '2900-GK', paymentAmountMinor: 5_000 });
    expect(norway().customerPayments.find((x) => x.refNbr === cardRow.target_ref)).toMatchObject({ cashAccountId: '1920', paymentAmountMinor: gross - 5_000 });
  });

  it('should post nothing for an order cancelled before any charge, and a credit note for one cancelled after its charge', async () => {
    const early = order({ storeKey: 'no', country: 'NO', currency: 'NOK', orderNumber: 'E2E-NO-4', customerEmail: 'cancel.e2e@example.no', lines: [{ sku: 'CT-MUG-01', quantity: 1 }] });
    pay(String(early['id']), 'creditCard', [{ type: 'Authorization', state: 'Success' }]);
    ct().changeOrderState(String(early['id']), 'Cancelled');
    const late = order({ storeKey: 'se', country: 'SE', currency: 'SEK', orderNumber: 'E2E-SE-5', customerEmail: 'avbokad.e2e@example.se', lines: [{ sku: 'CT-MUG-01', quantity: 2 }] });
    const lateGross = ((late['taxedPrice'] as Json)['totalGross'] as Json)['centAmount'] as number;
    pay(String(late['id']), 'creditCard', [{ type: 'Charge', state: 'Success' }]);
    ct().changeOrderState(String(late['id']), 'Cancelled');
    await catchUp();
    expect((await settled('order', String(early['id']), ['skipped'])).status).toBe('skipped');
    expect((await settled('refund', commercetoolsCancellationRecordId(String(early['id'])), ['skipped'])).status).toBe('skipped');
    expect(norway().invoices.some((i) => i.customerRefNumber === 'E2E-NO-4')).toBe(false);

    const lateInvoice = await settled('order', String(late['id']));
    const cancellation = await settled('refund', commercetoolsCancellationRecordId(String(late['id'])));
    expect(lateInvoice.target_connection_id).toBe(p.demo.vismaSwedenConnectionId);
    expect(cancellation.target_connection_id).toBe(p.demo.vismaSwedenConnectionId);
    const notes = sweden().creditNotes.filter((n) => n.referenceNumber === cancellation.target_ref);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.amountMinor).toBe(lateGross);
  });

  it('should wait for the invoice when a charge is polled before its order could be posted, by its declared dependency', async () => {
    // Open and unpaid: the order is skipped ("no successful charge yet"); the charge added later names it as parent.
    const o = order({ country: 'SE', currency: 'SEK', orderNumber: 'E2E-SE-6', customerEmail: 'sen.e2e@example.se', lines: [{ sku: 'CT-TEE-M', quantity: 1 }] });
    await catchUp();
    expect((await settled('order', String(o['id']), ['skipped'])).status).toBe('skipped');
    const payment = pay(String(o['id']), 'creditCard', [{ type: 'Charge', state: 'Success' }]);
    await catchUp();
    const capture = await settled('capture', commercetoolsTransactionRecordId(String(o['id']), String(payment['id']), transactionOf(payment, 'Charge')));
    expect(capture.last_error).toBeNull();
    const invoice = await settled('order', String(o['id']));
    expect(invoice.status).toBe('posted');
    // No store: routed by the order's country.
    expect(invoice.target_connection_id).toBe(p.demo.vismaSwedenConnectionId);
    expect(capture.target_connection_id).toBe(p.demo.vismaSwedenConnectionId);
    expect(sweden().customerPayments.filter((x) => x.refNbr === capture.target_ref)).toHaveLength(1);
  });

  it('should keep commercetools inventory at the Visma company\'s available stock, re-reading a version conflict', async () => {
    const stockFlowId = p.demo.commercetools?.stockFlowId ?? '';
    const vismaConnection = p.demo.vismaConnectionId;
    const stockRow = async (sku: string): Promise<Row | undefined> =>
      (await p.t.db.query(`SELECT id, status, target_ref, target_connection_id, last_error FROM sync_record WHERE connection_id = $1 AND entity_type = 'inventory-item' AND external_id = $2 AND flow_id = $3`, [vismaConnection, sku, stockFlowId]))[0];
    const quantityOf = (entryId: string | null): unknown => (entryId ? p.sandboxes.commercetools.record('inventory', entryId)?.['quantityOnStock'] : undefined);
    // The demo back-fill: MAIN 96 on hand − 4 booked + BERGEN 24 = 116 available; coffee 80; a non-stock item skipped.
    const mug = await waitFor(async () => ((await stockRow('CT-MUG-01'))?.status === 'posted' ? stockRow('CT-MUG-01') : undefined), { timeoutMs: 30_000, what: 'CT-MUG-01 stock written' });
    expect(quantityOf(mug?.target_ref ?? null)).toBe(116);
    const coffee = await waitFor(async () => ((await stockRow('CT-COFFEE-500'))?.status === 'posted' ? stockRow('CT-COFFEE-500') : undefined), { timeoutMs: 30_000, what: 'CT-COFFEE-500 stock written' });
    expect(quantityOf(coffee?.target_ref ?? null)).toBe(80);
    expect((await stockRow('FRAKT'))?.status).toBe('skipped');

    // Stock counted in Visma, and someone changes the commercetools entry at the same moment (one 409 on our update).
    const company = VISMA_DEMO.companies.norway.companyId;
    const counted = await fetch(`${p.sandboxes.visma.url}/_sandbox/visma/companies/${company}/inventory/CT-MUG-01/warehouses/MAIN`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ onHand: '50', soBooked: '0' }) });
    expect(counted.status).toBe(200);
    const conflict = await fetch(`${p.sandboxes.commercetools.url}/_sandbox/faults`, { method: 'POST', body: JSON.stringify({ kind: 'http-409', count: 1, method: 'POST', pathContains: '/inventory/' }) });
    expect(conflict.status).toBeLessThan(300);
    const requestedAt = Date.now();
    await waitFor(async () => {
      const res = await p.t.call('POST', `/api/flows/${stockFlowId}/catch-up`, { token: p.demo.token });
      return (res.body as { runs: { queued: boolean }[] }).runs.every((r) => r.queued) ? true : undefined;
    }, { timeoutMs: 30_000, what: 'a stock catch-up queued' });
    await waitFor(() => caughtUpSince(requestedAt, stockFlowId, 1), { timeoutMs: 30_000, what: 'the stock catch-up done' });
    await waitFor(() => Promise.resolve(quantityOf(mug?.target_ref ?? null) === 74 ? true : undefined), { timeoutMs: 30_000, what: 'CT-MUG-01 at 50 + 24' });
    const timeline: { kind: string; message: string }[] = await p.t.db.query(`SELECT kind, message FROM audit_event WHERE record_id = $1 ORDER BY id`, [mug?.id]);
    expect(timeline.some((e) => e.kind === 'stock.written' && /set to 74 .*after re-reading 1 version conflict/.test(e.message))).toBe(true);
  });

  it('should post a new order within seconds without any catch-up request: the Messages change signal runs the poll', async () => {
    // The flow's own schedule far away (daily, 12 hours from now), so only the change signal can bring the order in.
    const flowId = p.demo.commercetools?.flowId ?? '';
    const at = new Date(Date.now() + 12 * 3_600_000).toISOString().slice(11, 16);
    const patched = await p.t.call('PATCH', `/api/flows/${flowId}`, { token: p.demo.token, body: { catchUpSchedule: { kind: 'daily', at } } });
    expect(patched.status).toBe(200);
    const o = order({ storeKey: 'no', country: 'NO', currency: 'NOK', orderNumber: 'E2E-NO-7', customerEmail: 'signal.e2e@example.no', lines: [{ sku: 'CT-MUG-01', quantity: 1 }] });
    pay(String(o['id']), 'creditCard', [{ type: 'Charge', state: 'Success' }]);
    const row = await settled('order', String(o['id']));
    expect(row.status).toBe('posted');
    const received: { data: { via?: string } }[] = await p.t.db.query(`SELECT data FROM audit_event WHERE record_id = $1 AND kind = 'record.received'`, [row.id]);
    expect(received[0]?.data.via).toBe('catch-up');
    const messagesRead = p.sandboxes.commercetools.log.list().filter((e) => e.path.includes('/messages'));
    expect(messagesRead.length).toBeGreaterThan(0);
  });

  it('should never page past the offset cap: every listing pages by key cursor, without offset', () => {
    const listings = p.sandboxes.commercetools.log.list().filter((e) => e.method === 'GET' && /\/(orders|payments|customers|messages)$/.test(e.path));
    expect(listings.length).toBeGreaterThan(10);
    expect(listings.filter((e) => /[?&]offset=[1-9]/.test(e.query))).toEqual([]);
    expect(listings.filter((e) => !/withTotal=false/.test(e.query))).toEqual([]);
  });

  it('should ping the project: token, scopes, messages and stores', async () => {
    const res = await p.t.call('POST', `/api/connections/${connectionId}/ping`, { token: p.demo.token });
    expect(res.status).toBe(200);
    const report = res.body as { ok: boolean; steps: { step: string; status: string; hint: string }[] };
    expect(report.ok).toBe(true);
    expect(report.steps.length).toBeGreaterThanOrEqual(3);
    expect(report.steps.every((s) => s.status !== 'fail')).toBe(true);
    expect(JSON.stringify(report)).not.toContain(COMMERCETOOLS_DEMO.clientSecret);
  });

  it('should put the project\'s products into the Visma item master: a new SKU becomes an item of the company\'s class, a renamed one is updated', async () => {
    const productFlowId = p.demo.commercetools?.productFlowId ?? '';
    const admin = createCommercetoolsClient({ projectKey: COMMERCETOOLS_DEMO.projectKey, clientId: COMMERCETOOLS_ADMIN_CLIENT.clientId, clientSecret: COMMERCETOOLS_ADMIN_CLIENT.clientSecret, authUrl: p.sandboxes.commercetools.authUrl, apiUrl: p.sandboxes.commercetools.apiUrl }, { isStockFlowEnabled: true });
    const [mugProduct] = (await admin.products.query({ where: ['masterData(current(masterVariant(sku = :sku)))'], vars: { sku: 'CT-MUG-01' }, limit: 1 })).results;
    expect(mugProduct).toBeDefined();
    const created = await admin.products.create({
      productType: { typeId: 'product-type', id: String(mugProduct?.productType.id) },
      name: { en: 'Enamel camping mug' },
      slug: { en: 'enamel-camping-mug' },
      masterVariant: { sku: 'CT-ENAMEL-01', prices: [{ value: { currencyCode: 'NOK', centAmount: 24_900 } }] },
      publish: true,
    });
    await admin.products.update(String(mugProduct?.id), { version: Number(mugProduct?.version), actions: [{ action: 'changeName', name: { en: 'Ceramic mug, 35 cl' } }, { action: 'publish' }] });
    const requestedAt = Date.now();
    await waitFor(async () => {
      const res = await p.t.call('POST', `/api/flows/${productFlowId}/catch-up`, { token: p.demo.token });
      return (res.body as { runs: { queued: boolean }[] }).runs.every((r) => r.queued) ? true : undefined;
    }, { timeoutMs: 30_000, what: 'a product catch-up queued' });
    await waitFor(() => caughtUpSince(requestedAt, productFlowId, 1), { timeoutMs: 30_000, what: 'the product catch-up done' });
    const visma = createVismaClient(
      { clientId: VISMA_DEMO.clientId, clientSecret: VISMA_DEMO.clientSecret, tenantId: VISMA_DEMO.companies.norway.tenantId },
      { companyId: VISMA_DEMO.companies.norway.companyId, tokenUrl: `${p.sandboxes.visma.url}/connect/token`, apiBaseUrl: p.sandboxes.visma.url },
    );
    const item = await waitFor(() => visma.inventory.tryGet('CT-ENAMEL-01'), { timeoutMs: 30_000, what: 'item CT-ENAMEL-01 in Visma' });
    expect(item.record).toMatchObject({ inventoryNumber: 'CT-ENAMEL-01', description: 'Enamel camping mug', status: 'Active' });
    await waitFor(async () => ((await visma.inventory.get('CT-MUG-01')).record.description === 'Ceramic mug, 35 cl' ? true : undefined), { timeoutMs: 30_000, what: 'CT-MUG-01 renamed in Visma' });
    expect(created.masterData.current.masterVariant.sku).toBe('CT-ENAMEL-01');
  });
});
