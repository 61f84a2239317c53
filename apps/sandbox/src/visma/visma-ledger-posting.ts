import type { VismaCompanyState } from './visma-company.store';
import { periodOf } from './visma-dto.util';
import type { VismaLedgerState } from './visma-ledger.store';
import type { VismaJournalLineRecord, VismaJournalModule, VismaJournalStatus, VismaJournalTransactionRecord } from './visma-ledger.types';
import { applyRateMicro } from './visma-money.util';
import type { VismaCustomerPaymentRecord, VismaDocumentRecord } from './visma-records.types';
import type { VismaSupplierInvoiceRecord } from './visma-supplier-invoice.types';

/** A journal line before it gets its number: a signed base-currency amount in øre (positive = debit). */
export type VismaPostingLine = Omit<VismaJournalLineRecord, 'lineNumber' | 'debitMinor' | 'creditMinor'> & { amountMinor: number };

/** A batch before it gets its number (the generator numbers batches in time order). */
export type VismaJournalDraft = {
  module: VismaJournalModule;
  status?: VismaJournalStatus;
  transactionDateMs: number;
  /** When the batch was released (its created and last modified time). */
  atMs: number;
  description: string;
  transactionCode?: string;
  lines: VismaPostingLine[];
};

/** Input VAT posts to the VAT settlement account: the Norwegian seed has no separate input-VAT account. */
export const INPUT_VAT_ACCOUNT = '2740';
export const SUPPLIER_LEDGER_ACCOUNT = '2400';

/** Lines with signed amounts → debit/credit lines (zero lines dropped); throws when debits ≠ credits. */
export function toJournalLines(lines: readonly VismaPostingLine[], what: string): VismaJournalLineRecord[] {
  const out: VismaJournalLineRecord[] = [];
  let sum = 0;
  for (const l of lines) {
    if (!Number.isInteger(l.amountMinor)) throw new RangeError(`${what}: amount ${l.amountMinor} is not whole øre`);
    sum += l.amountMinor;
    if (l.amountMinor === 0) continue;
    const { amountMinor, ...rest } = l;
    out.push({ ...rest, lineNumber: out.length + 1, debitMinor: amountMinor > 0 ? amountMinor : 0, creditMinor: amountMinor < 0 ? -amountMinor : 0 });
  }
  if (sum !== 0) throw new RangeError(`${what}: debits and credits differ by ${sum} øre`);
  return out;
}

/** Stores a draft as a numbered batch (status Posted unless given) and returns it. */
export function postJournal(ledger: VismaLedgerState, company: VismaCompanyState, draft: VismaJournalDraft): VismaJournalTransactionRecord {
  const batchNumber = ledger.nextBatchNumber();
  const record: VismaJournalTransactionRecord = {
    ...ledger.created(draft.atMs),
    module: draft.module,
    batchNumber,
    status: draft.status ?? 'Posted',
    transactionDateMs: draft.transactionDateMs,
    postPeriod: periodOf(draft.transactionDateMs),
    description: draft.description,
    branchNumber: company.seed.defaults.branchNumber,
    ...(draft.transactionCode !== undefined ? { transactionCode: draft.transactionCode } : {}),
    lines: toJournalLines(draft.lines, `batch ${batchNumber}`),
  };
  ledger.journalTransactions.set(batchNumber, record);
  return record;
}

/**
 * The AR batch a released customer invoice (or, mirrored, credit note) posts: the customer ledger account debited with
 * the total, each line's sales account credited with its amount, each VAT's payable account with the VAT; in base
 * currency, with the rounding of the conversion left on the customer ledger line so the batch balances.
 */
export function customerDocumentPosting(doc: VismaDocumentRecord, company: VismaCompanyState, atMs: number): VismaJournalDraft {
  const sign = doc.kind === 'Invoice' ? 1 : -1;
  const base = (minor: number): number => applyRateMicro(minor, doc.exchangeRateMicro);
  const sub = company.seed.defaults.subaccount;
  const credits: VismaPostingLine[] = doc.lines.map((l) => ({
    accountNumber: l.accountNumber,
    subaccount: l.subaccount,
    amountMinor: -sign * base(l.amountMinor),
    description: l.description ?? l.inventoryNumber ?? 'Salg',
    referenceNumber: doc.referenceNumber,
    vatCodeId: l.vatCategoryId,
    ...(l.inventoryNumber !== undefined ? { inventoryNumber: l.inventoryNumber } : {}),
  }));
  for (const t of doc.taxDetails) {
    const vat = company.vat(t.vatId);
    if (t.vatMinor === 0 || !vat) continue;
    credits.push({ accountNumber: vat.payableAccount, subaccount: sub, amountMinor: -sign * base(t.vatMinor), description: vat.description, referenceNumber: doc.referenceNumber });
  }
  const total = -credits.reduce((s, l) => s + l.amountMinor, 0);
  return {
    module: 'ModuleAR',
    transactionDateMs: doc.documentDateMs,
    atMs,
    description: `${doc.kind === 'Invoice' ? 'Kundefaktura' : 'Kreditnota'} ${doc.referenceNumber}`,
    transactionCode: doc.kind === 'Invoice' ? 'INV' : 'CRM',
    lines: [{ accountNumber: doc.arAccount, subaccount: sub, amountMinor: total, customerSupplier: doc.customerNumber, referenceNumber: doc.referenceNumber, description: 'Kundefordring' }, ...credits],
  };
}

/** The AR batch of a released customer payment: bank (the cash account's GL account) debited, customer ledger credited. */
export function customerPaymentPosting(p: VismaCustomerPaymentRecord, company: VismaCompanyState, atMs: number): VismaJournalDraft {
  const amount = applyRateMicro(p.paymentAmountMinor, p.exchangeRateMicro);
  const sub = company.seed.defaults.subaccount;
  const cash = company.cashAccount(p.cashAccountId)?.accountCD ?? '1920';
  return {
    module: 'ModuleAR',
    transactionDateMs: p.applicationDateMs,
    atMs,
    description: `Innbetaling ${p.refNbr}`,
    transactionCode: 'PMT',
    lines: [
      { accountNumber: cash, subaccount: sub, amountMinor: amount, referenceNumber: p.refNbr, description: p.paymentRef },
      { accountNumber: company.seed.defaults.arAccount, subaccount: sub, amountMinor: -amount, customerSupplier: p.customerNumber, referenceNumber: p.refNbr, description: 'Kundefordring' },
    ],
  };
}

/** The AP batch of a released supplier invoice: each line's expense account and the input VAT debited, the supplier ledger credited. */
export function supplierInvoicePosting(r: VismaSupplierInvoiceRecord, company: VismaCompanyState, atMs: number): VismaJournalDraft {
  const base = (minor: number): number => applyRateMicro(minor, r.exchangeRateMicro);
  const sub = company.seed.defaults.subaccount;
  const debits: VismaPostingLine[] = r.lines.map((l) => ({
    accountNumber: l.accountNumber,
    subaccount: sub,
    amountMinor: base(l.costMinor),
    description: l.transactionDescription ?? 'Innkjøp',
    referenceNumber: r.referenceNumber,
    vatCodeId: l.vatCategoryId,
    ...(l.inventoryNumber !== undefined ? { inventoryNumber: l.inventoryNumber } : {}),
  }));
  if (r.vatTotalMinor !== 0) debits.push({ accountNumber: INPUT_VAT_ACCOUNT, subaccount: sub, amountMinor: base(r.vatTotalMinor), description: 'Inngående mva', referenceNumber: r.referenceNumber });
  const total = debits.reduce((s, l) => s + l.amountMinor, 0);
  return {
    module: 'ModuleAP',
    transactionDateMs: r.dateMs,
    atMs,
    description: `Leverandørfaktura ${r.referenceNumber}`,
    transactionCode: 'INV',
    lines: [...debits, { accountNumber: SUPPLIER_LEDGER_ACCOUNT, subaccount: sub, amountMinor: -total, customerSupplier: r.supplierNumber, referenceNumber: r.referenceNumber, description: 'Leverandørgjeld' }],
  };
}
