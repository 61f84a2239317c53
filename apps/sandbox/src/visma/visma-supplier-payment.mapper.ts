import type { VismaCompanyState } from './visma-company.store';
import { isoOf, periodOf } from './visma-dto.util';
import type { VismaSupplierPaymentRecord } from './visma-ledger.types';
import { minorToDecimal } from './visma-money.util';
import { etagOf } from './visma-query.util';

/** `YYYYMM` → `MMYYYY` (the `postPeriod` format of the purchase ledger DTOs). */
const mmyyyy = (period: string): string => `${period.slice(4)}${period.slice(0, 4)}`;

/** Statuses of a released supplier payment (SupplierPaymentDto.released). */
const RELEASED: ReadonlySet<string> = new Set(['Open', 'Closed', 'Voided', 'Reserved']);

/**
 * SupplierPaymentDto / SupplierPaymentAdjustmentDto (response, plain) of a supplier payment record; field names from
 * components.schemas of visma-net-erp-api.v1_20250424.openapi.json. Amounts in the payment currency. `appliedAmount` is
 * the sum of the lines, `unappliedBalance` (and `balance`) what is left of the payment amount. A line's `balance` is the
 * supplier document's balance now (0 once this payment closed it).
 */
export function supplierPaymentToDto(p: VismaSupplierPaymentRecord, company: VismaCompanyState): Record<string, unknown> {
  const supplier = company.suppliers.get(p.supplierNumber);
  const applied = p.lines.reduce((sum, l) => sum + l.amountPaidMinor, 0);
  const period = periodOf(p.applicationDateMs);
  const isBase = p.currencyId === company.seed.baseCurrency;
  return {
    type: p.type,
    refNbr: p.refNbr,
    status: p.status,
    hold: p.status === 'Hold',
    applicationDate: isoOf(p.applicationDateMs),
    applicationPeriod: period,
    paymentRef: p.paymentRef,
    supplier: { internalId: supplier?.internalId ?? 0, number: p.supplierNumber, name: supplier?.name ?? '' },
    location: { countryId: supplier?.mainAddress.countryId ?? company.seed.countryId, id: 'MAIN', name: 'Primary Location' },
    paymentMethod: p.paymentMethodId,
    cashAccount: p.cashAccountId,
    currency: { id: p.currencyId, description: p.currencyId, symbol: p.currencyId === 'NOK' || p.currencyId === 'SEK' || p.currencyId === 'DKK' ? 'kr' : p.currencyId, isBaseCurrency: isBase, decimalPrecision: 2, isUsedForAccounting: isBase },
    ...(p.description !== undefined ? { description: p.description } : {}),
    paymentAmount: minorToDecimal(p.paymentAmountMinor),
    financeCharges: 0,
    balance: minorToDecimal(p.paymentAmountMinor - applied),
    unappliedBalance: minorToDecimal(p.paymentAmountMinor - applied),
    appliedAmount: minorToDecimal(applied),
    released: RELEASED.has(p.status),
    lastModifiedDateTime: isoOf(p.lastModifiedMs),
    branch: p.branchNumber,
    paymentLines: p.lines.map((l) => {
      const doc = company.supplierInvoice(l.invoiceRefNbr, l.docType);
      return {
        branch: p.branchNumber,
        ...(p.batchNumber !== undefined ? { batchNumber: p.batchNumber } : {}),
        docType: l.docType,
        invoiceRefNbr: l.invoiceRefNbr,
        amountPaid: minorToDecimal(l.amountPaidMinor),
        cashDiscountTaken: 0,
        withholdingTax: 0,
        applicationPeriod: period,
        ...(doc ? { date: isoOf(doc.dateMs), dueDate: isoOf(doc.dueDateMs), cashDiscountDate: isoOf(doc.dateMs) } : {}),
        balance: minorToDecimal(doc?.balanceMinor ?? 0),
        cashDiscountBalance: 0,
        ...(doc?.description !== undefined ? { description: doc.description } : {}),
        currency: doc?.currencyId ?? p.currencyId,
        postPeriod: mmyyyy(doc?.financialPeriod ?? period),
        ...(doc?.supplierReference !== undefined ? { supplierRef: doc.supplierReference } : {}),
      };
    }),
    timeStamp: etagOf(p.rowVersion).replace(/"/g, ''),
  };
}
