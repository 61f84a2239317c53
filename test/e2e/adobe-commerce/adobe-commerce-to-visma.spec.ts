import { createAdobeCommerceClient } from '@mlc/connectors';
import { ADOBE_COMMERCE_DEMO, adobeCommerceInvoiceOrder, adobeCommercePlaceOrder, adobeCommerceRefundOrder, VISMA_DEMO } from '@mlc/sandbox';
import { parseMinor } from '@mlc/mapping';
import { z } from 'zod';
import { ConnectionsService } from '../../../apps/api/src/modules/credentials/connections.service';
import { waitFor } from '../../support/api-harness';
import { type Pipeline, startPipeline } from '../../support/pipeline-harness';

type Row = { id: string; status: string; target_ref: string | null; last_error: { message?: string; code?: string } | null };
type Json = Record<string, unknown>;

/**
 * Adobe Commerce ↔ Visma end to end over real HTTP: the Adobe Commerce sandbox (PaaS, OAuth 1.0a integration) delivers
 * webhooks of orders, invoices and credit memos to the product, which posts invoices, customer payments and credit
 * notes into the Visma sandbox; Visma's supplier invoices flow back onto the store's products.
 */
jest.setTimeout(90_000);

describe('Adobe Commerce ↔ Visma (end to end through the sandboxes)', () => {
  let p: Pipeline;
  let connectionId: string;
  let procurementFlowId: string;
  const norway = () => p.sandboxes.visma.store(VISMA_DEMO.companies.norway.companyId).snapshot();
  const store = () => p.sandboxes.adobeCommerce.baseUrl;
  const rowOf = async (connection: string, entityType: string, externalId: string): Promise<Row | undefined> =>
    (await p.t.db.query(`SELECT id, status, target_ref, last_error FROM sync_record WHERE connection_id = $1 AND entity_type = $2 AND external_id = $3`, [connection, entityType, externalId]))[0];
  /** Waits until the record is posted or failed (an order is skipped until it is invoiced, then posted). */
  const settled = async (entityType: string, externalId: string, connection = connectionId, statuses = ['posted', 'failed']): Promise<Row> => {
    const row = await waitFor(async () => {
      const found = await rowOf(connection, entityType, externalId);
      return found && statuses.includes(found.status) ? found : undefined;
    }, { timeoutMs: 30_000, what: `${entityType} ${externalId} settled` }).catch(async (err: unknown) => {
      const found = await rowOf(connection, entityType, externalId);
      const timeline = found ? await p.t.db.query(`SELECT kind, message FROM audit_event WHERE record_id = $1 ORDER BY id`, [found.id]) : [];
      throw new Error(`${String(err)}; record ${JSON.stringify(found)}; timeline ${JSON.stringify(timeline)}`);
    });
    return row;
  };
  const placeOrder = async (email: string): Promise<Json> =>
    (await adobeCommercePlaceOrder(store(), {
      email,
      firstname: 'Kari',
      lastname: 'Nordmann',
      currency: 'NOK',
      address: { street: ['Storgata 1'], city: 'Oslo', postcode: '0155', country_id: 'NO', telephone: '+4722000000' },
      lines: [
        { sku: 'WS12-M-Orange', qty: 2 },
        { sku: 'NL-MUG-01', qty: 1 },
      ],
    } as Parameters<typeof adobeCommercePlaceOrder>[1]));
  const catchUp = async (path: string) => {
    const res = await p.t.call('POST', path, { token: p.demo.token });
    expect(res.status).toBeLessThan(300);
  };

  beforeAll(async () => {
    p = await startPipeline({}, { adobeCommerce: true });
    connectionId = p.demo.adobeCommerce?.connectionId ?? '';
    procurementFlowId = p.demo.adobeCommerce?.procurementFlowId ?? '';
    expect(connectionId).not.toBe('');
  }, 120_000);
  afterAll(async () => {
    await p?.close();
  });

  it('should post one invoice per order with a configurable product as one line, and a paid Commerce invoice as an applied customer payment', async () => {
    const order = await placeOrder('kari.e2e@example.no');
    const orderId = String(order['entity_id']);
    const items = order['items'] as Json[];
    expect(items.some((i) => i['parent_item_id'])).toBe(true);
    const invoice = (await adobeCommerceInvoiceOrder(store(), Number(orderId), { capture: true }));

    const row = await settled('order', orderId);
    expect(row.last_error).toBeNull();
    expect(row.status).toBe('posted');
    const visma = norway().invoices.filter((i) => i.referenceNumber === row.target_ref);
    expect(visma).toHaveLength(1);
    expect(visma[0]?.amountMinor).toBe(parseMinor(order['grand_total'] as number, 'NOK', 'grand_total'));
    // Two products (the configurable parent and its child are one line) and shipping.
    expect(visma[0]?.lines.length).toBe(3);

    const capture = await settled('capture', `${orderId}:${String(invoice['entity_id'])}`);
    expect(capture.last_error).toBeNull();
    expect(capture.status).toBe('posted');
    const payments = norway().customerPayments.filter((pay) => pay.refNbr === capture.target_ref);
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ paymentRef: invoice['increment_id'], cashAccountId: '1920', paymentAmountMinor: visma[0]?.amountMinor });
    const after = norway().invoices.find((i) => i.referenceNumber === row.target_ref);
    expect(after?.paymentReference).toBe(invoice['increment_id']);
    expect(after?.balanceMinor).toBe(0);
  });

  it('should post nothing twice under duplicate webhooks and overlapping polls', async () => {
    const order = await placeOrder('dup.e2e@example.no');
    const orderId = String(order['entity_id']);
    const invoice = (await adobeCommerceInvoiceOrder(store(), Number(orderId), { capture: true }));
    await settled('order', orderId);
    const capture = await settled('capture', `${orderId}:${String(invoice['entity_id'])}`);
    await catchUp(`/api/connections/${connectionId}/catch-up`);
    await catchUp(`/api/connections/${connectionId}/catch-up`);
    await new Promise((r) => setTimeout(r, 1_500));
    await waitFor(async () => ((await rowOf(connectionId, 'capture', `${orderId}:${String(invoice['entity_id'])}`))?.status === 'posted' ? true : undefined), { timeoutMs: 20_000, what: 'capture posted again' });
    const reference = `ac:default:${orderId}`;
    expect(norway().invoices.filter((i) => i.externalReference === reference)).toHaveLength(1);
    const invoiceNumber = norway().invoices.find((i) => i.externalReference === reference)?.referenceNumber;
    expect(norway().customerPayments.filter((pay) => pay.lines.some((l) => l.refNbr === invoiceNumber))).toHaveLength(1);
    expect((await rowOf(connectionId, 'capture', `${orderId}:${String(invoice['entity_id'])}`))?.target_ref).toBe(capture.target_ref);
  });

  it('should post a credit memo as a credit note applied to the order’s invoice', async () => {
    const order = await placeOrder('refund.e2e@example.no');
    const orderId = String(order['entity_id']);
    await adobeCommerceInvoiceOrder(store(), Number(orderId), { capture: true });
    const invoiceRow = await settled('order', orderId);
    const memo = (await adobeCommerceRefundOrder(store(), Number(orderId), { arguments: { shipping_amount: 0 } }));
    const row = await settled('refund', `${orderId}:${String(memo['entity_id'])}`);
    expect(row.last_error).toBeNull();
    expect(row.status).toBe('posted');
    const notes = norway().creditNotes.filter((n) => n.referenceNumber === row.target_ref);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.amountMinor).toBe(parseMinor(memo['grand_total'] as number, 'NOK', 'grand_total'));
    expect(notes[0]?.externalReference).toBe(`ac:default:${orderId}:m${String(memo['entity_id'])}`);
    expect(invoiceRow.status).toBe('posted');
  });

  it('should post the payment of an invoice captured within the second it was created (same updated_at, new state)', async () => {
    const order = await placeOrder('late.capture.e2e@example.no');
    const orderId = String(order['entity_id']);
    const invoice = await adobeCommerceInvoiceOrder(store(), Number(orderId), { capture: false });
    const commerce = createAdobeCommerceClient(
      { auth: 'oauth1', consumerKey: ADOBE_COMMERCE_DEMO.consumerKey, consumerSecret: ADOBE_COMMERCE_DEMO.consumerSecret, accessToken: ADOBE_COMMERCE_DEMO.accessToken, accessTokenSecret: ADOBE_COMMERCE_DEMO.accessTokenSecret },
      { flavour: 'paas', baseUrl: p.sandboxes.adobeCommerce.paasBaseUrl ?? store() },
    );
    // Captured at once: Magento's updated_at has one-second granularity, so only the state tells the two saves apart.
    await commerce.http.call('store', { method: 'POST', path: `/V1/invoices/${String(invoice['entity_id'])}/capture`, schema: z.unknown() });
    const externalId = `${orderId}:${String(invoice['entity_id'])}`;
    const payment = await waitFor(async () => {
      const row = await rowOf(connectionId, 'capture', externalId);
      const invoiceNumber = norway().invoices.find((i) => i.externalReference === `ac:default:${orderId}`)?.referenceNumber;
      const paid = norway().customerPayments.filter((pay) => pay.paymentRef === invoice['increment_id'] && pay.lines.some((l) => l.refNbr === invoiceNumber));
      return row?.status === 'posted' && paid.length ? paid : undefined;
    }, { timeoutMs: 30_000, what: `the payment of invoice ${String(invoice['increment_id'])}` });
    expect(payment).toHaveLength(1);
  });

  it('should post the payment when only the catch-up sees the capture (its webhook dropped): a posted open capture is not final', async () => {
    const order = await placeOrder('dropped.capture.e2e@example.no');
    const orderId = String(order['entity_id']);
    const invoice = await adobeCommerceInvoiceOrder(store(), Number(orderId), { capture: false });
    const externalId = `${orderId}:${String(invoice['entity_id'])}`;
    expect((await settled('capture', externalId)).status).toBe('posted');
    const drop = await fetch(`${p.sandboxes.adobeCommerce.url}/_sandbox/faults`, { method: 'POST', body: JSON.stringify({ kind: 'drop-webhook', count: 1, scope: 'observer.sales_order_invoice_save_after' }) });
    expect(drop.status).toBeLessThan(300);
    const commerce = createAdobeCommerceClient(
      { auth: 'oauth1', consumerKey: ADOBE_COMMERCE_DEMO.consumerKey, consumerSecret: ADOBE_COMMERCE_DEMO.consumerSecret, accessToken: ADOBE_COMMERCE_DEMO.accessToken, accessTokenSecret: ADOBE_COMMERCE_DEMO.accessTokenSecret },
      { flavour: 'paas', baseUrl: p.sandboxes.adobeCommerce.paasBaseUrl ?? store() },
    );
    await commerce.http.call('store', { method: 'POST', path: `/V1/invoices/${String(invoice['entity_id'])}/capture`, schema: z.unknown() });
    expect(p.sandboxes.adobeCommerce.deliveries().filter((d) => d.outcome === 'dropped' && d.body.includes(`"entity_id":${String(invoice['entity_id'])},`))).toHaveLength(1);
    await catchUp(`/api/connections/${connectionId}/catch-up`);
    const invoiceNumber = norway().invoices.find((i) => i.externalReference === `ac:default:${orderId}`)?.referenceNumber;
    const paid = await waitFor(() => {
      const found = norway().customerPayments.filter((pay) => pay.paymentRef === invoice['increment_id'] && pay.lines.some((l) => l.refNbr === invoiceNumber));
      return Promise.resolve(found.length ? found : undefined);
    }, { timeoutMs: 30_000, what: `the payment of invoice ${String(invoice['increment_id'])} after the catch-up` });
    expect(paid).toHaveLength(1);
  });

  it('should put Visma supplier invoices on the products they concern once', async () => {
    const visma = p.demo.vismaConnectionId;
    // The seeded supplier invoices (Visma sandbox, Norway): 100001 (2025-02-03, PO000101: WS12-M-Orange 89.00,
    // MH01-S-Gray 245.50 NOK), 100002 (2025-02-10, PO000102 in SEK: MH01-S-Gray 245.16 NOK in the base currency) and
    // 100003 (2025-03-03, PO000103: WS12-M-Orange 91.25). The latest invoice per product wins, whatever the order.
    // The three are processed in any order: 100001, whose products may already show the later 100002 and 100003,
    // then changes nothing and is skipped with that reason; each product's newest invoice always writes.
    for (const number of ['100001', '100002', '100003']) {
      const row = await settled('supplier-invoice', `Invoice/${number}`, visma, ['posted', 'skipped', 'failed']);
      expect(row.last_error).toBeNull();
      expect(row.status).toMatch(number === '100001' ? /^(posted|skipped)$/ : /^posted$/);
    }
    const commerce = createAdobeCommerceClient(
      { auth: 'oauth1', consumerKey: ADOBE_COMMERCE_DEMO.consumerKey, consumerSecret: ADOBE_COMMERCE_DEMO.consumerSecret, accessToken: ADOBE_COMMERCE_DEMO.accessToken, accessTokenSecret: ADOBE_COMMERCE_DEMO.accessTokenSecret },
      { flavour: 'paas', baseUrl: p.sandboxes.adobeCommerce.paasBaseUrl ?? store() },
    );
    const product = async (sku: string): Promise<Record<string, unknown>> => (await commerce.products.get(sku));
    const orange = await product('WS12-M-Orange');
    const custom = Object.fromEntries(((orange['custom_attributes'] as { attribute_code: string; value: unknown }[] | undefined) ?? []).map((a) => [a.attribute_code, a.value]));
    expect(custom['visma_last_supplier_invoice']).toBe('100003');
    expect(custom['visma_last_purchase_order']).toBe('PO000103');
    expect(String(custom['visma_last_supplier_invoice_date'])).toMatch(/^2025-03-03/);
    expect(String(custom['cost'])).toMatch(/^91\.250*$/);
    const gray = await product('MH01-S-Gray');
    const grayAttributes = Object.fromEntries(((gray['custom_attributes'] as { attribute_code: string; value: unknown }[] | undefined) ?? []).map((a) => [a.attribute_code, a.value]));
    expect(grayAttributes['visma_last_supplier_invoice']).toBe('100002');
    expect(String(grayAttributes['cost'])).toMatch(/^245\.160*$/);
    const writes = async () => (await p.t.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE kind = 'catalog.product-updated'`))[0].n as number;
    const before = await writes();
    await catchUp(`/api/flows/${procurementFlowId}/catch-up`);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await writes()).toBe(before);
  });

  it('should answer a delivery {"op":"success"} only with our secret header and, once the public key is set, a valid signature', async () => {
    const deliver = (body: string, headers: Record<string, string>) => fetch(`${p.t.url}/webhooks/adobe-commerce/${connectionId}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const body = JSON.stringify({ eventName: 'observer.sales_order_save_after', data: { order: { entity_id: 999_999, updated_at: '2026-11-30 10:00:00' } } });
    expect((await deliver(body, {})).status).toBe(401);
    const connections = p.t.app.get(ConnectionsService);
    const { hookSecret } = await connections.credentialsOf<{ hookSecret?: string }>(await connections.get(connectionId));
    const secret = hookSecret ?? '';
    expect(secret.length).toBeGreaterThan(31);
    const ok = await deliver(body, { 'x-mlc-hook-secret': secret });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ op: 'success' });

    const publicKey = p.sandboxes.adobeCommerce.webhookPublicKey();
    const patched = await p.t.call('PATCH', `/api/connections/${connectionId}`, { token: p.demo.token, body: { settings: { flavour: 'paas', baseUrl: p.sandboxes.adobeCommerce.paasBaseUrl ?? store(), storeCode: 'default', webhookPublicKey: publicKey } } });
    expect(patched.status).toBeLessThan(300);
    expect((await deliver(body, { 'x-mlc-hook-secret': secret, 'x-adobe-commerce-webhook-signature': 'AAAA' })).status).toBe(401);
    // A delivery the store signed (the sandbox signs base64(body), as the signature-verification docs check it) passes.
    p.sandboxes.adobeCommerce.configure({ isWebhookSignatureEnabled: true });
    const order = await placeOrder('signed.e2e@example.no');
    await adobeCommerceInvoiceOrder(store(), Number(order['entity_id']), { capture: true });
    expect((await settled('order', String(order['entity_id']))).status).toBe('posted');
  });
});
