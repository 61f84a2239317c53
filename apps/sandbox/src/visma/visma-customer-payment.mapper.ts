import type { VismaCompanyState } from './visma-company.store';
import type { VismaCustomerPaymentRecord } from './visma-customer-payment.types';
import { isoOf } from './visma-dto.util';
import { applyRateMicro, minorToDecimal } from './visma-money.util';

/** `YYYYMM` → `MMYYYY` (PaymentLineDto.postPeriod: "Format MMYYYY"). */
const mmyyyy = (period: string): string => `${period.slice(4)}${period.slice(0, 4)}`;

/**
 * PaymentDto / PaymentLineDto (response, plain) of a payment record; field names from components.schemas of
 * visma-net-erp-api.v1_20250424.openapi.json (only declared fields). Amounts are JSON numbers in major units:
 * `paymentAmount`, `appliedToDocuments`, `availableBalance` in the payment's `currency`; `paymentAmountInCurrency` and
 * `availableBalanceInCurrency` in the base currency (PaymentDto: "calculated in your default (base) currency");
 * a line's `amountPaid` and `balance` in the document's currency (the sandbox requires it to be the payment's).
 * A line's `balance` is the document's (invoice's, or for a refund the credit note's) balance after this payment:
 * before release its current balance minus `amountPaid`, after release its current balance.
 */
export function paymentToDto(p: VismaCustomerPaymentRecord, company: VismaCompanyState): Record<string, unknown> {
  const applied = p.lines.reduce((sum, l) => sum + l.amountPaidMinor, 0);
  const available = p.paymentAmountMinor - applied;
  const base = (minor: number): number => minorToDecimal(applyRateMicro(minor, p.exchangeRateMicro));
  const customer = company.customers.get(p.customerNumber);
  const method = p.paymentMethodId === undefined ? undefined : company.paymentMethod(p.paymentMethodId);
  return {
    type: p.type,
    refNbr: p.refNbr,
    status: p.status,
    hold: p.hold,
    applicationDate: isoOf(p.applicationDateMs),
    applicationPeriod: p.applicationPeriod,
    paymentRef: p.paymentRef,
    customer: { number: p.customerNumber, name: customer?.name ?? '' },
    location: { countryId: customer?.mainAddress.countryId ?? company.seed.countryId, id: 'MAIN', name: 'Primary Location' },
    ...(p.paymentMethodId !== undefined ? { paymentMethod: { id: p.paymentMethodId, description: method?.description ?? p.paymentMethodId } } : {}),
    cashAccount: p.cashAccountId,
    currency: p.currencyId,
    paymentAmount: minorToDecimal(p.paymentAmountMinor),
    ...(p.invoiceText !== undefined ? { invoiceText: p.invoiceText } : {}),
    appliedToDocuments: minorToDecimal(applied),
    appliedToOrders: 0,
    availableBalance: minorToDecimal(available),
    writeOffAmount: 0,
    financeCharges: 0,
    deductedCharges: 0,
    branch: p.branchNumber,
    lastModifiedDateTime: isoOf(p.lastModifiedMs),
    paymentLines: p.lines.map((l) => {
      const invoice = company.documents(l.documentType).get(l.refNbr);
      const balance = invoice === undefined ? 0 : p.releasedMs === undefined ? invoice.balanceMinor - l.amountPaidMinor : invoice.balanceMinor;
      return {
        documentType: l.documentType,
        refNbr: l.refNbr,
        amountPaid: minorToDecimal(l.amountPaidMinor),
        cashDiscountTaken: 0,
        balanceWriteOff: 0,
        ...(invoice
          ? {
              date: isoOf(invoice.documentDateMs),
              dueDate: isoOf(invoice.dueDateMs),
              cashDiscountDate: isoOf(invoice.cashDiscountDateMs),
              balance: minorToDecimal(balance),
              cashDiscountBalance: 0,
              ...(invoice.invoiceText !== undefined ? { description: invoice.invoiceText } : {}),
              currency: invoice.currencyId,
              postPeriod: mmyyyy(invoice.postPeriod),
              ...(invoice.customerRefNumber !== undefined ? { customerOrder: invoice.customerRefNumber } : {}),
            }
          : {}),
        crossRate: 1,
      };
    }),
    ordersToApply: [],
    financialDetails: { paymentDate: isoOf(p.applicationDateMs) },
    paymentAmountInCurrency: base(p.paymentAmountMinor),
    availableBalanceInCurrency: base(available),
  };
}
