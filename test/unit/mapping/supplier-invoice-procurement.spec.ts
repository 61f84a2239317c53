import { MappingError, supplierInvoiceToProcurement, type VismaSupplierInvoiceInput, type VismaSupplierInvoiceLineInput } from '@mlc/mapping';

/**
 * The Visma.net spec has no example supplier invoice (shared/specs/visma-net holds only the schema), so these are built
 * from `SupplierInvoiceDto` / `SupplierInvoiceLineDto` field names, amounts as Visma's JSON numbers.
 */
function invoice(lines: VismaSupplierInvoiceLineInput[], patch: Partial<VismaSupplierInvoiceInput> = {}): VismaSupplierInvoiceInput {
  return {
    referenceNumber: '000123', documentType: 'Invoice', date: '2025-03-14T00:00:00', currencyId: 'NOK', exchangeRate: 1,
    supplier: { number: '50001', name: 'Nordic Mugs AS' }, invoiceLines: lines, ...patch,
  };
}
const line = (n: number, patch: Partial<VismaSupplierInvoiceLineInput> = {}): VismaSupplierInvoiceLineInput => ({
  lineNumber: n, inventoryNumber: `SKU-${n}`, transactionDescription: `Item ${n}`, quantity: 10, uom: 'PCS',
  unitCost: 12.5, unitCostInCurrency: 12.5, cost: 125, costInCurrency: 125, discountPercent: 0, discountAmount: 0, poNumber: 'PO-0042', poLineNr: n, ...patch,
});
const NOK = { baseCurrency: 'NOK' };

describe('supplierInvoiceToProcurement', () => {
  it('should read the header and turn a purchase-order line into a cost update in the base currency', () => {
    expect(supplierInvoiceToProcurement(invoice([line(1)]), NOK)).toEqual({
      supplierInvoiceNumber: '000123', documentType: 'Invoice', supplier: '50001', date: '2025-03-14', currency: 'NOK',
      updates: [{ sku: 'SKU-1', unitCost: '12.5', currency: 'NOK', supplierInvoiceNumber: '000123', purchaseOrderNumber: 'PO-0042', supplierInvoiceDate: '2025-03-14' }],
      skipped: [],
    });
  });

  it.each<[string, VismaSupplierInvoiceInput, { updates: [string, string, string][]; skipped: [number, string][] }]>([
    ['lines without a PO or an inventory number are skipped with a reason', invoice([
      line(1), line(2, { poNumber: null }), line(3, { inventoryNumber: '' }), line(4, { poNumber: '', poReceiptNbr: 'RC-77' }),
    ]), { updates: [['SKU-1', '12.5', 'PO-0042'], ['SKU-4', '12.5', '']], skipped: [[2, 'not from a purchase order (no poNumber or poReceiptNbr)'], [3, 'no inventory number (not a product)']] }],
    ['the same SKU twice: the later line wins, the earlier is superseded', invoice([
      line(3, { inventoryNumber: 'MUG-1', unitCost: 14 }), line(1, { inventoryNumber: 'MUG-1', unitCost: 11.25 }), line(2),
    ]), { updates: [['SKU-2', '12.5', 'PO-0042'], ['MUG-1', '14', 'PO-0042']], skipped: [[1, 'superseded by line 3 (same SKU MUG-1)']] }],
    ['an EUR invoice in a NOK company: Visma\'s own base-currency unit cost, no rate of ours', invoice([
      line(1, { unitCost: 128.9437, unitCostInCurrency: 11.2 }), line(2, { unitCost: null, unitCostInCurrency: 9.5 }),
    ], { currencyId: 'EUR', exchangeRate: 11.5128 }), { updates: [['SKU-1', '128.9437', 'PO-0042']], skipped: [[2, 'no unitCost in the base currency']] }],
    ['a NOK invoice whose base figure is missing uses the same-currency figure', invoice([line(1, { unitCost: undefined, unitCostInCurrency: 7.1 })]),
      { updates: [['SKU-1', '7.1', 'PO-0042']], skipped: [] }],
    ['a line discount: the discounted unit cost', invoice([line(1, { discountPercent: 10, discountAmount: 12.5, discountUnitCost: 11.25, discountUnitCostInCurrency: 11.25 })]),
      { updates: [['SKU-1', '11.25', 'PO-0042']], skipped: [] }],
    ['exact decimals from floats (0.1 + 0.2 never happens: 0.3 stays "0.3")', invoice([line(1, { unitCost: 0.3 }), line(2, { unitCost: 19.99 }), line(3, { unitCost: '4.560000' })]),
      { updates: [['SKU-1', '0.3', 'PO-0042'], ['SKU-2', '19.99', 'PO-0042'], ['SKU-3', '4.56', 'PO-0042']], skipped: [] }],
    ['a non-positive quantity or a negative cost is skipped', invoice([line(1, { quantity: 0 }), line(2, { unitCost: -1 })]),
      { updates: [], skipped: [[1, 'quantity is not positive'], [2, 'negative unit cost']] }],
    ['a debit adjustment sets no costs', invoice([line(1)], { documentType: 'DebitAdj' }),
      { updates: [], skipped: [[1, 'document type DebitAdj sets no product costs (only Invoice)']] }],
  ])('%s', (_name, input, expected) => {
    const doc = supplierInvoiceToProcurement(input, NOK);
    expect(doc.updates.map((u) => [u.sku, u.unitCost, u.purchaseOrderNumber])).toEqual(expected.updates);
    expect(doc.skipped.map((s) => [s.lineNumber, s.reason])).toEqual(expected.skipped);
    for (const u of doc.updates) expect(u).toMatchObject({ currency: 'NOK', supplierInvoiceNumber: '000123', supplierInvoiceDate: '2025-03-14' });
  });

  it.each<[string, VismaSupplierInvoiceInput, { baseCurrency: string }, string, string]>([
    ['no reference number', invoice([line(1)], { referenceNumber: '' }), NOK, 'missing-field', 'referenceNumber'],
    ['no date', invoice([line(1)], { date: null }), NOK, 'missing-field', 'date'],
    ['a malformed date', invoice([line(1)], { date: '14.03.2025' }), NOK, 'invalid-field', 'date'],
    ['an unknown base currency', invoice([line(1)]), { baseCurrency: 'ZZZ' }, 'unknown-currency', 'baseCurrency'],
    ['a unit cost that is not a number', invoice([line(1, { unitCost: '12,50' })]), NOK, 'invalid-decimal', 'invoiceLines[0].unitCost'],
  ])('should throw a MappingError for %s', (_name, input, options, code, field) => {
    const act = () => supplierInvoiceToProcurement(input, options);
    expect(act).toThrow(MappingError);
    expect(act).toThrow(expect.objectContaining({ code, field }) as Error);
  });
});
