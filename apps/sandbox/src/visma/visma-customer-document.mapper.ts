import type { VismaCompanyState } from './visma-company.store';
import { isoOf } from './visma-dto.util';
import { applyRateMicro, minorToDecimal } from './visma-money.util';
import type { VismaDocumentLineRecord, VismaDocumentRecord } from './visma-records.types';

/**
 * CustomerInvoiceDto / CustomerCreditNoteDto (response, plain) of a document record. Lines go to
 * `invoiceLines` (invoice) or `lines` (credit note). `…InCurrency` fields are in the document currency,
 * the unsuffixed ones in the company's base currency (document amount × exchange rate). Decimals are JSON
 * numbers built from minor units. Source: components.schemas.CustomerInvoiceDto, CustomerInvoiceLineDto,
 * CustomerCreditNoteDto, TaxDetailDto of visma-net-erp-api.v1_20250424.openapi.json.
 */
export function documentToDto(doc: VismaDocumentRecord, company: VismaCompanyState): Record<string, unknown> {
  const base = (minor: number): number => minorToDecimal(applyRateMicro(minor, doc.exchangeRateMicro));
  const cur = (minor: number): number => minorToDecimal(minor);
  const customer = company.customers.get(doc.customerNumber);
  const terms = company.creditTerms(doc.creditTermsId);
  const zone = company.vatZone(doc.vatZoneId);
  const branch = company.branch(doc.branchNumber);
  const ar = company.account(doc.arAccount);
  const lines = doc.lines.map((l) => lineToDto(l, doc, company));
  return {
    creditTerms: { id: doc.creditTermsId, description: terms?.description ?? '' },
    documentDueDate: isoOf(doc.dueDateMs),
    cashDiscountDate: isoOf(doc.cashDiscountDateMs),
    ...(doc.externalReference !== undefined ? { externalReference: doc.externalReference } : {}),
    isRotRutDeductible: false,
    exchangeRate: Number(doc.exchangeRateMicro) / 1_000_000,
    taxDetails: doc.taxDetails.map((t) => {
      const vat = company.vat(t.vatId);
      return {
        taxId: t.vatId,
        vatId: { number: t.vatId, description: vat?.description ?? '' },
        vatRate: t.rateBasisPoints / 100,
        taxableAmount: cur(t.taxableMinor),
        vatAmount: cur(t.vatMinor),
      };
    }),
    ...(doc.kind === 'Invoice' ? { invoiceLines: lines } : { lines }),
    sendToAutoInvoice: doc.sendToAutoInvoice,
    roundingDiff: 0,
    customerVatZone: { id: doc.vatZoneId, description: zone?.description ?? '' },
    hold: doc.hold,
    discountTotal: base(doc.discountTotalMinor),
    discountTotalInCurrency: cur(doc.discountTotalMinor),
    detailTotal: base(doc.detailTotalMinor),
    detailTotalInCurrency: cur(doc.detailTotalMinor),
    vatTaxableTotal: base(doc.vatTaxableTotalMinor),
    vatTaxableTotalInCurrency: cur(doc.vatTaxableTotalMinor),
    vatExemptTotal: base(doc.vatExemptTotalMinor),
    vatExemptTotalInCurrency: cur(doc.vatExemptTotalMinor),
    ...(doc.paymentReference !== undefined ? { paymentReference: doc.paymentReference } : {}),
    dontPrint: doc.dontPrint,
    dontEmail: doc.dontEmail,
    revoked: false,
    customer: { number: doc.customerNumber, name: customer?.name ?? '' },
    documentType: doc.kind,
    referenceNumber: doc.referenceNumber,
    postPeriod: doc.postPeriod,
    financialPeriod: doc.financialPeriod,
    documentDate: isoOf(doc.documentDateMs),
    origInvoiceDate: isoOf(doc.origInvoiceDateMs),
    status: doc.status,
    currencyId: doc.currencyId,
    amount: base(doc.amountMinor),
    amountInCurrency: cur(doc.amountMinor),
    balance: base(doc.balanceMinor),
    balanceInCurrency: cur(doc.balanceMinor),
    cashDiscount: 0,
    cashDiscountInCurrency: 0,
    ...(doc.customerRefNumber !== undefined ? { customerRefNumber: doc.customerRefNumber } : {}),
    ...(doc.invoiceText !== undefined ? { invoiceText: doc.invoiceText } : {}),
    lastModifiedDateTime: isoOf(doc.lastModifiedMs),
    createdDateTime: isoOf(doc.createdMs),
    ...(doc.note !== undefined ? { note: doc.note } : {}),
    vatTotal: base(doc.vatTotalMinor),
    vatTotalInCurrency: cur(doc.vatTotalMinor),
    location: { countryId: customer?.mainAddress.countryId ?? company.seed.countryId, id: 'MAIN', name: 'Primary Location' },
    branchNumber: { number: doc.branchNumber, name: branch?.name ?? '' },
    ...(ar ? { account: { type: ar.type, number: ar.accountCD, description: ar.description, active: ar.active !== false } } : {}),
    subaccount: subaccountDto(company.seed.defaults.subaccount, company),
  };
}

function lineToDto(l: VismaDocumentLineRecord, doc: VismaDocumentRecord, company: VismaCompanyState): Record<string, unknown> {
  const base = (minor: number): number => minorToDecimal(applyRateMicro(minor, doc.exchangeRateMicro));
  const account = company.account(l.accountNumber);
  const category = company.vatCategory(l.vatCategoryId);
  const branch = company.branch(l.branchNumber);
  const gross = l.amountMinor + l.discountMinor;
  return {
    isRotRutDeductible: false,
    ...(doc.kind === 'Invoice' ? { lineType: l.inventoryNumber ? 'GN' : 'MI' } : {}),
    lineNumber: l.lineNumber,
    ...(l.inventoryNumber !== undefined ? { inventoryNumber: l.inventoryNumber } : {}),
    ...(l.description !== undefined ? { description: l.description } : {}),
    quantity: Number(l.quantity),
    unitPrice: base(l.unitPriceMinor),
    unitPriceInCurrency: minorToDecimal(l.unitPriceMinor),
    manualAmount: base(gross),
    manualAmountInCurrency: minorToDecimal(gross),
    amount: base(l.amountMinor),
    cost: 0,
    amountInCurrency: minorToDecimal(l.amountMinor),
    account: {
      type: account?.type ?? 'Income',
      number: l.accountNumber,
      description: account?.description ?? '',
      active: account?.active !== false,
    },
    vatCode: { id: l.vatCategoryId, description: category?.description ?? '' },
    ...(l.uom !== undefined ? { uom: l.uom } : {}),
    discountPercent: Number(l.discountPercent),
    discountAmount: base(l.discountMinor),
    discountAmountInCurrency: minorToDecimal(l.discountMinor),
    manualDiscount: l.manualDiscount,
    subaccount: subaccountDto(l.subaccount, company),
    ...(l.note !== undefined ? { note: l.note } : {}),
    branchNumber: { number: l.branchNumber, name: branch?.name ?? '' },
  };
}

/** SubAccountDto-like object for a combination of SUBACCOUNT segment values. */
export function subaccountDto(values: readonly string[], company: VismaCompanyState): Record<string, unknown> {
  const segments = company.dimension('SUBACCOUNT')?.segments ?? [];
  const index = company.seed.subaccounts.findIndex((s) => s.segmentValues.join('-') === values.join('-'));
  const seeded = company.seed.subaccounts[index];
  return {
    subaccountNumber: values.join('-'),
    ...(seeded ? { subaccountId: index + 1 } : {}),
    description: seeded?.description ?? values.join('-'),
    lastModifiedDateTime: company.seed.referenceDataModified,
    active: seeded?.active !== false,
    segments: segments.map((s, i) => {
      const value = s.values.find((v) => v.valueId === values[i]);
      return {
        segmentId: s.segmentId,
        segmentDescription: s.description,
        segmentValue: values[i] ?? '',
        segmentValueDescription: value?.description ?? '',
      };
    }),
  };
}
