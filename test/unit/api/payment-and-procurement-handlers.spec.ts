/* eslint-disable @typescript-eslint/require-await -- the mocks keep the async signatures of the clients they stand in for */
import { parseMappingRules, type ProcurementDocument, type SalesCapture } from '@mlc/mapping';
import type { CatalogStep, PostingStep } from '../../../apps/api/src/modules/posting/document-handler';
import { CustomerPaymentHandler } from '../../../apps/api/src/modules/posting/customer-payment.handler';
import { ProductProcurementHandler } from '../../../apps/api/src/modules/posting/product-procurement.handler';
import type { FlowsService } from '../../../apps/api/src/modules/mapping/flows.service';
import type { CatalogProduct, CatalogTargetCapability } from '../../../apps/api/src/modules/systems/capabilities';

const capture = (over: Partial<SalesCapture> = {}): SalesCapture => ({
  source: { system: 'adobe-commerce', storeId: 'default', orderId: '7', externalReference: 'ac:default:7:c9' },
  invoiceExternalReference: 'ac:default:7',
  captureNumber: '000000009',
  captureDate: '2026-11-30',
  isPaid: true,
  isCanceled: false,
  currency: 'NOK',
  amountMinor: 12_500,
  paymentMethod: 'checkmo',
  orderNumber: '000000007',
  ...over,
});

type Invoice = { referenceNumber: string; status: string; note?: string; balanceInCurrency?: string; customer?: { number: string }; paymentReference?: string };

function paymentSut(invoice: Invoice, options: { existing?: { refNbr: string; status: string }; cashAccount?: string; releaseInvoices?: boolean } = {}) {
  const calls: string[] = [];
  let current = { ...invoice };
  const visma = {
    customerInvoices: {
      get: jest.fn(async () => ({ record: current, etag: '1' })),
      updateWithRetry: jest.fn(async (_n: string, apply: (c: Invoice) => Partial<Invoice> | undefined) => {
        const change = apply(current);
        calls.push(`PUT invoice ${JSON.stringify(change)}`);
        if (change) current = { ...current, ...change };
        return { status: 'updated', attempts: 1, result: { etag: '2' } };
      }),
      release: jest.fn(async () => {
        calls.push('release invoice');
        current = { ...current, status: 'Open' };
        return { actionResult: 'Done' };
      }),
    },
    customerPayments: {
      findByPaymentRef: jest.fn(async () => options.existing),
      create: jest.fn(async (input: unknown) => {
        calls.push(`POST payment ${JSON.stringify(input)}`);
        return { id: 'P1', paymentNumber: 'P1', etag: undefined };
      }),
      release: jest.fn(async (n: string) => {
        calls.push(`release payment ${n}`);
        return { actionResult: 'Done' };
      }),
    },
  };
  const rules = parseMappingRules({ accounts: { byLineType: { product: '3000' } }, payments: { ...(options.cashAccount ? { cashAccount: options.cashAccount } : {}), releaseInvoices: options.releaseInvoices ?? true } });
  const flows = { rulesFor: jest.fn(async () => rules) } as unknown as FlowsService;
  const audit = jest.fn();
  const step = (read: SalesCapture) =>
    ({
      read,
      visma,
      flow: { posting: undefined },
      target: { id: 't', name: 'Nordlys' },
      sourceLabel: 'Adobe Commerce',
      parent: { externalId: '7', targetRef: invoice.referenceNumber, targetConnectionId: 't' },
      ctx: { audit, ensureLease: jest.fn(async () => undefined) },
    }) as unknown as PostingStep<SalesCapture>;
  return { sut: new CustomerPaymentHandler(flows), step, calls, visma };
}

describe(CustomerPaymentHandler.name, () => {
  it('should record the capture on the invoice and wait for the payment when it is not paid', async () => {
    const { sut, step, calls } = paymentSut({ referenceNumber: 'INV1', status: 'Balanced', customer: { number: 'C1' } }, { cashAccount: '1920' });
    const outcome = await sut.post(step(capture({ isPaid: false })));
    expect(outcome).toMatchObject({ status: 'posted', targetRef: 'INV1' });
    expect(calls).toEqual([`PUT invoice ${JSON.stringify({ note: 'Adobe Commerce invoice 000000009 of 2026-11-30', paymentReference: '000000009' })}`]);
  });

  it('should release a balanced invoice, post a payment capped at its balance and release the payment when paid', async () => {
    const { sut, step, calls } = paymentSut({ referenceNumber: 'INV1', status: 'Balanced', balanceInCurrency: '100.00', customer: { number: 'C1' } }, { cashAccount: '1920' });
    const outcome = await sut.post(step(capture()));
    expect(outcome).toMatchObject({ status: 'posted', targetRef: 'P1' });
    expect(outcome.message).toContain('25.00 NOK more than the invoice');
    expect(calls[1]).toBe('release invoice');
    expect(calls[2]).toContain('"paymentAmount":"125.00"');
    expect(calls[2]).toContain('"paymentLines":[{"documentType":"Invoice","refNbr":"INV1","amountPaid":"100.00"}]');
    expect(calls[2]).toContain('"cashAccount":"1920"');
    expect(calls[3]).toBe('release payment P1');
  });

  it('should adopt the payment an earlier attempt posted instead of posting a second one', async () => {
    const { sut, step, visma } = paymentSut({ referenceNumber: 'INV1', status: 'Open', note: 'Adobe Commerce invoice 000000009 of 2026-11-30', customer: { number: 'C1' } }, { cashAccount: '1920', existing: { refNbr: 'P7', status: 'Closed' } });
    const outcome = await sut.post(step(capture()));
    expect(outcome).toMatchObject({ status: 'posted', targetRef: 'P7' });
    expect(visma.customerPayments.create).not.toHaveBeenCalled();
    expect(visma.customerInvoices.updateWithRetry).not.toHaveBeenCalled();
  });

  it('should fail naming the missing cash account, and refuse to release when the rules say not to', async () => {
    const missing = paymentSut({ referenceNumber: 'INV1', status: 'Open', customer: { number: 'C1' } });
    await expect(missing.sut.post(missing.step(capture()))).rejects.toMatchObject({ code: 'mapping_problems', message: expect.stringContaining('cash account') });
    const strict = paymentSut({ referenceNumber: 'INV1', status: 'Balanced', customer: { number: 'C1' } }, { cashAccount: '1920', releaseInvoices: false });
    await expect(strict.sut.post(strict.step(capture()))).rejects.toMatchObject({ code: 'invoice_not_payable' });
    expect(strict.visma.customerPayments.create).not.toHaveBeenCalled();
  });
});

describe(ProductProcurementHandler.name, () => {
  const doc = (over: Partial<ProcurementDocument> = {}): ProcurementDocument => ({
    supplierInvoiceNumber: 'SI-2',
    documentType: 'Invoice',
    supplier: '70001',
    date: '2026-11-20',
    currency: 'NOK',
    updates: [
      { sku: 'WS12-M-Orange', unitCost: '120.5', currency: 'NOK', supplierInvoiceNumber: 'SI-2', purchaseOrderNumber: 'PO-1', supplierInvoiceDate: '2026-11-20' },
      { sku: 'MH01-S-Gray', unitCost: '80', currency: 'NOK', supplierInvoiceNumber: 'SI-2', purchaseOrderNumber: 'PO-1', supplierInvoiceDate: '2026-11-20' },
      { sku: 'GONE-1', unitCost: '1', currency: 'NOK', supplierInvoiceNumber: 'SI-2', purchaseOrderNumber: 'PO-1', supplierInvoiceDate: '2026-11-20' },
    ],
    skipped: [{ lineNumber: 4, reason: 'no inventory number' }],
    ...over,
  });

  function catalogSut(products: Record<string, CatalogProduct>, baseCurrency = 'NOK') {
    const writes: { sku: string; cost: string; attributes: Record<string, string> }[] = [];
    const catalog: CatalogTargetCapability = {
      baseCurrency: jest.fn(async () => baseCurrency),
      ensureAttributes: jest.fn(async () => ['visma_last_supplier_invoice']),
      getProduct: jest.fn(async (_c, sku: string) => products[sku]),
      updateProduct: jest.fn(async (_c, sku: string, change) => {
        writes.push({ sku, ...change });
      }),
    };
    const audit = jest.fn();
    const step = (read: ProcurementDocument) => ({ read, catalog, target: { id: 'ac', name: 'Demo store' }, ctx: { audit, ensureLease: jest.fn(async () => undefined) } }) as unknown as CatalogStep<ProcurementDocument>;
    return { sut: new ProductProcurementHandler(), step, writes, audit, catalog };
  }

  it('should set cost and the procurement attributes once, and leave products that already show the invoice or a later one', async () => {
    const { sut, step, writes, audit } = catalogSut({
      'WS12-M-Orange': { sku: 'WS12-M-Orange', cost: '99', attributes: {} },
      'MH01-S-Gray': { sku: 'MH01-S-Gray', cost: '70', attributes: { visma_last_supplier_invoice: 'SI-9', visma_last_supplier_invoice_date: '2026-11-25 00:00:00' } },
    });
    const outcome = await sut.post(step(doc()));
    expect(writes).toEqual([{ sku: 'WS12-M-Orange', cost: '120.5', attributes: { visma_last_supplier_invoice: 'SI-2', visma_last_purchase_order: 'PO-1', visma_last_supplier_invoice_date: '2026-11-20' } }]);
    expect(outcome).toMatchObject({ status: 'posted', targetRef: 'products:WS12-M-Orange' });
    expect(outcome.message).toContain('later supplier invoice SI-9');
    expect(outcome.message).toContain('GONE-1: no such product');
    expect(audit).toHaveBeenCalledWith('catalog.product-updated', expect.stringContaining('WS12-M-Orange'), expect.objectContaining({ previous: expect.objectContaining({ cost: '99' }) }));

    const again = catalogSut({ 'WS12-M-Orange': { sku: 'WS12-M-Orange', cost: '120.50', attributes: { visma_last_supplier_invoice: 'SI-2' } } });
    const repeat = await again.sut.post(again.step(doc()));
    expect(again.writes).toEqual([]);
    expect(repeat.message).toContain('already up to date: WS12-M-Orange');
  });

  it('should refuse costs in another currency than the store keeps product cost in', async () => {
    const { sut, step } = catalogSut({}, 'USD');
    await expect(sut.post(step(doc()))).rejects.toMatchObject({ code: 'currency_mismatch' });
  });
});
