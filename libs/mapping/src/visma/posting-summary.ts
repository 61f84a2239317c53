import type { SalesDocumentKind } from '../canonical/sales-document';
import { sumMinor } from '../money/money';
import type { VismaDocumentPlan } from './visma-amounts';

/** One row of the debit/credit view (minor units, both non-negative, one of them 0). */
export type PostingEntry = {
  kind: 'receivable' | 'account' | 'vat';
  /** Ledger account (receivable label, revenue/discount/liability/rounding account). */
  account?: string;
  vatCodeId?: string;
  debitMinor: number;
  creditMinor: number;
};

/** Accountant's view of the Visma document: receivable vs accounts vs VAT; balance is always 0. */
export type PostingSummary = {
  currency: string;
  entries: PostingEntry[];
  totalDebitMinor: number;
  totalCreditMinor: number;
  /** Σ debit − Σ credit; 0 for every document produced here. */
  balanceMinor: number;
};

/**
 * Builds the debit/credit view of a planned document. Invoice: receivable debit = gross; each
 * account credited with the sum of its line amounts (a negative sum — e.g. discounts — is shown as
 * a debit); each VAT code credited with its VAT. A credit note is the mirror image.
 */
export function buildPostingSummary(
  plan: VismaDocumentPlan,
  kind: SalesDocumentKind,
  currency: string,
  receivableAccount: string,
): PostingSummary {
  const byAccount = new Map<string, number[]>();
  for (const line of plan.lines) byAccount.set(line.accountNumber, [...(byAccount.get(line.accountNumber) ?? []), line.amountMinor]);
  const byVat = new Map<string, number[]>();
  for (const v of plan.vat) byVat.set(v.vatCodeId, [...(byVat.get(v.vatCodeId) ?? []), v.vatMinor]);
  const sign = kind === 'invoice' ? 1 : -1;
  const entry = (base: Omit<PostingEntry, 'debitMinor' | 'creditMinor'>, debitSigned: number): PostingEntry => ({
    ...base,
    debitMinor: Math.max(0, debitSigned),
    creditMinor: Math.max(0, -debitSigned),
  });
  const entries: PostingEntry[] = [
    entry({ kind: 'receivable', account: receivableAccount }, sign * plan.grossMinor),
    ...[...byAccount].map(([account, amounts]) => entry({ kind: 'account', account }, -sign * sumMinor(amounts))),
    ...[...byVat].map(([vatCodeId, amounts]) => entry({ kind: 'vat', vatCodeId }, -sign * sumMinor(amounts))),
  ].filter((e) => e.debitMinor !== 0 || e.creditMinor !== 0 || e.kind === 'receivable');
  const totalDebitMinor = sumMinor(entries.map((e) => e.debitMinor));
  const totalCreditMinor = sumMinor(entries.map((e) => e.creditMinor));
  return { currency, entries, totalDebitMinor, totalCreditMinor, balanceMinor: totalDebitMinor - totalCreditMinor };
}
