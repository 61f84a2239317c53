import type { VismaCompanyState } from './visma-company.store';
import { subaccountDto } from './visma-customer-document.mapper';
import { isoOf } from './visma-dto.util';
import type { VismaJournalLineRecord, VismaJournalTransactionRecord } from './visma-ledger.types';
import { minorToDecimal } from './visma-money.util';

/** The posting ledger of every sandbox batch (JournalTransactionDto.ledger / ledgerDescription). */
export const SANDBOX_LEDGER = { id: 'L1', description: 'Hovedbok (faktisk)' } as const;

const SUBACCOUNT_CACHE = new WeakMap<VismaCompanyState, Map<string, Record<string, unknown>>>();

/**
 * subaccountDto, cached per company and subaccount (reference data does not change while the sandbox runs) and shared
 * by every line that names it: the DTOs only go into response bodies, and the cached object is deep-frozen so that no
 * caller can change it for the others (a synthetic journal page names the same few subaccounts on each of its lines;
 * copying them was the most of a page's cost).
 */
function cachedSubaccount(values: readonly string[], company: VismaCompanyState): Record<string, unknown> {
  let cache = SUBACCOUNT_CACHE.get(company);
  if (!cache) {
    cache = new Map();
    SUBACCOUNT_CACHE.set(company, cache);
  }
  const key = values.join('-');
  let dto = cache.get(key);
  if (!dto) {
    dto = deepFreeze(subaccountDto(values, company));
    cache.set(key, dto);
  }
  return dto;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Debit and credit totals of a batch (all its lines), øre. */
export function journalTotals(t: Pick<VismaJournalTransactionRecord, 'lines'>): { debitMinor: number; creditMinor: number } {
  let debitMinor = 0;
  let creditMinor = 0;
  for (const l of t.lines) {
    debitMinor += l.debitMinor;
    creditMinor += l.creditMinor;
  }
  return { debitMinor, creditMinor };
}

/**
 * JournalTransactionDto / JournalTransactionLineDto (response, plain) of a batch; `lines` defaults to all of them (the
 * list answer may carry only the page's part of a batch: "the transactions for one specific batch can be split into
 * several responses"). Amounts are base-currency JSON numbers from øre, with `…InCurrency` equal (every sandbox batch is
 * in the base currency, exchange rate 1); header totals are always the whole batch's. `postPeriod` is MMYYYY and
 * `financialPeriod` YYYYMM, as the DTO descriptions say. Source: components.schemas.JournalTransactionDto and
 * JournalTransactionLineDto of visma-net-erp-api.v1_20250424.openapi.json.
 */
export function journalTransactionToDto(
  t: VismaJournalTransactionRecord,
  company: VismaCompanyState,
  lines: readonly VismaJournalLineRecord[] = t.lines,
  options: { withAttachments?: boolean } = {},
): Record<string, unknown> {
  const totals = journalTotals(t);
  const period = t.postPeriod;
  const branch = t.branchNumber;
  return {
    module: t.module,
    batchNumber: t.batchNumber,
    status: t.status,
    hold: t.status === 'Hold',
    transactionDate: isoOf(t.transactionDateMs),
    postPeriod: `${period.slice(4)}${period.slice(0, 4)}`,
    financialPeriod: period,
    ledger: SANDBOX_LEDGER.id,
    ledgerDescription: SANDBOX_LEDGER.description,
    currencyId: company.seed.baseCurrency,
    exchangeRate: 1,
    autoReversing: false,
    reversingEntry: false,
    description: t.description,
    debitTotal: minorToDecimal(totals.debitMinor),
    debitTotalInCurrency: minorToDecimal(totals.debitMinor),
    creditTotal: minorToDecimal(totals.creditMinor),
    creditTotalInCurrency: minorToDecimal(totals.creditMinor),
    controlTotal: minorToDecimal(totals.debitMinor),
    controlTotalInCurrency: minorToDecimal(totals.debitMinor),
    createVatTransaction: false,
    skipVatAmountValidation: false,
    lastModifiedDateTime: isoOf(t.lastModifiedMs),
    ...(t.transactionCode !== undefined ? { transactionCode: t.transactionCode } : {}),
    branch,
    journalTransactionLines: lines.map((l) => {
      const vatCategory = l.vatCodeId === undefined ? undefined : company.vatCategory(l.vatCodeId);
      const vat = vatCategory === undefined ? undefined : company.vat(vatCategory.vatId);
      const account = company.account(l.accountNumber);
      return {
        lineNumber: l.lineNumber,
        accountNumber: l.accountNumber,
        description: l.description ?? account?.description ?? '',
        subaccount: cachedSubaccount(l.subaccount, company),
        ...(l.referenceNumber !== undefined ? { referenceNumber: l.referenceNumber } : {}),
        debitAmount: minorToDecimal(l.debitMinor),
        debitAmountInCurrency: minorToDecimal(l.debitMinor),
        creditAmount: minorToDecimal(l.creditMinor),
        creditAmountInCurrency: minorToDecimal(l.creditMinor),
        transactionDescription: l.description ?? t.description,
        ...(vatCategory ? { vatCode: { id: vatCategory.vatCategoryId, description: vatCategory.description } } : {}),
        ...(vat ? { vat: { id: vat.vatId, description: vat.description } } : {}),
        branch,
        ...(l.customerSupplier !== undefined ? { customerSupplier: l.customerSupplier } : {}),
        module: t.module,
        ...(l.inventoryNumber !== undefined ? { inventoryNumber: l.inventoryNumber } : {}),
        ...(options.withAttachments === true ? { attachments: [] } : {}),
      };
    }),
    ...(options.withAttachments === true ? { attachments: [] } : {}),
  };
}
