import type { VismaCompanyState } from './visma-company.store';
import { subaccountDto } from './visma-customer-document.mapper';
import { isoOf } from './visma-dto.util';
import { applyRateMicro, minorToDecimal } from './visma-money.util';
import { etagOf } from './visma-query.util';
import type { VismaSupplierInvoiceLineRecord, VismaSupplierInvoiceRecord } from './visma-supplier-invoice.types';

/**
 * SupplierInvoiceDto / SupplierInvoiceLineDto (response, plain) of a stored supplier invoice; field names from
 * components.schemas of visma-net-erp-api.v1_20250424.openapi.json (only fields the DTO declares). Currency rule, the
 * same as visma-customer-document.mapper.ts: unsuffixed amounts are in the company's base currency (document amount ×
 * exchange rate), `…InCurrency` ones in the document's `currencyId` — the line DTO's description ("Unit cost in the
 * selected currency … applicable if the amount is given in another currency than your default"); the header
 * descriptions say the opposite, a contradiction of the spec noted in the connector's schema. Decimals are JSON
 * numbers built from minor units. `timeStamp` is the base64 row version that the `ETag` header quotes.
 */
export function supplierInvoiceToDto(r: VismaSupplierInvoiceRecord, company: VismaCompanyState): Record<string, unknown> {
  const base = (minor: number): number => minorToDecimal(applyRateMicro(minor, r.exchangeRateMicro));
  const cur = (minor: number): number => minorToDecimal(minor);
  const supplier = company.suppliers.get(r.supplierNumber);
  const terms = company.creditTerms(r.creditTermsId);
  const branch = company.branch(r.branchNumber);
  const zone = company.vatZone(supplier?.vatZoneId ?? '');
  return {
    taxDetailLines: r.lines.length === 0 ? [] : taxDetails(r, company),
    invoiceLines: r.lines.map((l) => lineToDto(l, r, company)),
    hold: r.status === 'Hold',
    exchangeRate: Number(r.exchangeRateMicro) / 1_000_000,
    creditTerms: { id: r.creditTermsId, description: terms?.description ?? '' },
    cashDiscountDate: isoOf(r.dateMs),
    detailTotal: base(r.detailTotalMinor),
    detailTotalInCurrency: cur(r.detailTotalMinor),
    discountTotal: 0,
    discountTotalInCurrency: 0,
    vatTaxableTotal: base(r.vatTaxableTotalMinor),
    vatTaxableTotalInCurrency: cur(r.vatTaxableTotalMinor),
    vatExemptTotal: base(r.vatExemptTotalMinor),
    vatExemptTotalInCurrency: cur(r.vatExemptTotalMinor),
    roundingDiff: 0,
    roundingDiffInCurrency: 0,
    amount: base(r.amountMinor),
    vatAmount: base(r.vatTotalMinor),
    taxCalculationMode: 'TaxSetting',
    supplierTaxZone: { id: supplier?.vatZoneId ?? '', description: zone?.description ?? '', defaultVatCategory: zone?.defaultVatCategory ?? '' },
    paySelected: false,
    supplier: { internalId: supplier?.internalId ?? 0, number: r.supplierNumber, name: supplier?.name ?? '' },
    documentType: r.documentType,
    referenceNumber: r.referenceNumber,
    postPeriod: `${r.financialPeriod.slice(4)}${r.financialPeriod.slice(0, 4)}`,
    financialPeriod: r.financialPeriod,
    date: isoOf(r.dateMs),
    origInvoiceDate: isoOf(r.dateMs),
    dueDate: isoOf(r.dueDateMs),
    status: r.status,
    currencyId: r.currencyId,
    balance: base(r.balanceMinor),
    balanceInCurrency: cur(r.balanceMinor),
    cashDiscount: 0,
    cashDiscountInCurrency: 0,
    ...(r.paymentMethodId !== undefined ? { paymentMethod: { id: r.paymentMethodId, description: r.paymentMethodId } } : {}),
    ...(r.supplierReference !== undefined ? { supplierReference: r.supplierReference } : {}),
    ...(r.description !== undefined ? { description: r.description } : {}),
    createdDateTime: isoOf(r.createdMs),
    lastModifiedDateTime: isoOf(r.lastModifiedMs),
    ...(r.note !== undefined ? { note: r.note } : {}),
    location: { countryId: supplier?.mainAddress.countryId ?? company.seed.countryId, id: 'MAIN', name: 'Primary Location' },
    vatTotal: base(r.vatTotalMinor),
    vatTotalInCurrency: cur(r.vatTotalMinor),
    branchNumber: { number: r.branchNumber, name: branch?.name ?? '' },
    payDate: isoOf(r.dueDateMs),
    timeStamp: etagOf(r.rowVersion).replace(/"/g, ''),
  };
}

function taxDetails(r: VismaSupplierInvoiceRecord, company: VismaCompanyState): Array<Record<string, unknown>> {
  const byVat = new Map<string, { taxable: number; vat: number; rate: number }>();
  for (const line of r.lines) {
    const vatId = company.vatCategory(line.vatCategoryId)?.vatId ?? line.vatCategoryId;
    const entry = byVat.get(vatId) ?? { taxable: 0, vat: 0, rate: company.vat(vatId)?.rateBasisPoints ?? 0 };
    entry.taxable += line.costMinor;
    byVat.set(vatId, entry);
  }
  return [...byVat.entries()].map(([vatId, e]) => ({
    taxId: vatId,
    vatId: { number: vatId, description: company.vat(vatId)?.description ?? '' },
    vatRate: e.rate / 100,
    taxableAmount: minorToDecimal(e.taxable),
    vatAmount: minorToDecimal(Math.round((e.taxable * e.rate) / 10_000)),
  }));
}

function lineToDto(l: VismaSupplierInvoiceLineRecord, r: VismaSupplierInvoiceRecord, company: VismaCompanyState): Record<string, unknown> {
  const base = (minor: number): number => minorToDecimal(applyRateMicro(minor, r.exchangeRateMicro));
  const account = company.account(l.accountNumber);
  const category = company.vatCategory(l.vatCategoryId);
  const branch = company.branch(r.branchNumber);
  return {
    lineNumber: l.lineNumber,
    ...(l.inventoryNumber !== undefined ? { inventoryNumber: l.inventoryNumber } : {}),
    stockItem: l.isStockItem,
    ...(l.transactionDescription !== undefined ? { transactionDescription: l.transactionDescription } : {}),
    quantity: Number(l.quantity),
    uom: l.uom,
    unitCost: base(l.unitCostMinor),
    unitCostInCurrency: minorToDecimal(l.unitCostMinor),
    cost: base(l.costMinor),
    costInCurrency: minorToDecimal(l.costMinor),
    discountPercent: 0,
    discountAmount: 0,
    discountAmountInCurrency: 0,
    discountUnitCost: base(l.unitCostMinor),
    discountUnitCostInCurrency: minorToDecimal(l.unitCostMinor),
    manualDiscount: false,
    account: { type: account?.type ?? 'Expense', externalCode1: '', externalCode2: '', number: l.accountNumber, description: account?.description ?? '' },
    subaccount: subaccountDto(company.seed.defaults.subaccount, company),
    vatCode: { id: l.vatCategoryId, description: category?.description ?? '' },
    ...(l.poNumber !== undefined ? { poNumber: l.poNumber } : {}),
    ...(l.poLineNr !== undefined ? { poLineNr: l.poLineNr } : {}),
    ...(l.poReceiptNbr !== undefined ? { poReceiptNbr: l.poReceiptNbr } : {}),
    ...(l.poReceiptLineNbr !== undefined ? { poReceiptLineNbr: l.poReceiptLineNbr } : {}),
    branchNumber: { number: r.branchNumber, name: branch?.name ?? '' },
    ...(l.note !== undefined ? { note: l.note } : {}),
  };
}
