import type { VismaCompanyState } from './visma-company.store';
import { computeTotals } from './visma-customer-document.service';
import { periodOf, startOfDayUtc } from './visma-dto.util';
import { generateProcurementHistory, generateEmployees } from './visma-ledger-history.purchase';
import { countFor, DAY_MS, monthRange, workTime, type VismaHistoryWindow } from './visma-ledger-history.window';
import { customerDocumentPosting, customerPaymentPosting, postJournal, type VismaPostingLine } from './visma-ledger-posting';
import { DEMO_RATES_MICRO, ledgerOf } from './visma-ledger.store';
import { VismaSeededRandom } from './visma-prng.util';
import type { VismaCustomerPaymentRecord, VismaCustomerRecord, VismaDocumentLineRecord, VismaDocumentRecord } from './visma-records.types';

/**
 * Opt-in history of a demo company's ledger (VismaSandboxOptions.ledgerHistory). Default off, so tests that count
 * documents see only the seed.
 */
export type VismaLedgerHistoryOptions = {
  /** Calendar months of history, the last one ending at the sandbox's "now" (default 12). */
  months?: number;
  /**
   * Volume multiplier, a positive integer (default 1: about 2 500 records and 4 100 journal lines per 12 months;
   * scale 25 gives about 100 000 journal lines and 60 000 records for a bench, ~75 MB of heap, 1–4 s to build).
   */
  scale?: number;
  /** PRNG seed (default 4102): the same seed, months, scale and "now" give the same records. */
  seed?: number;
  /** Companies to fill, by tenant id (default: the Norwegian demo company, VISMA_DEMO.companies.norway). */
  tenantIds?: string[];
};

export const DEFAULT_LEDGER_HISTORY = { months: 12, scale: 1, seed: 4102 } as const;

const HOUR_MS = 3_600_000;
const QTY_ONE = 1_000_000n;

type SalesItem = { inventoryNumber: string; maxQty: number };
const WEB_ITEMS: readonly SalesItem[] = [
  { inventoryNumber: 'KAFFE-1KG', maxQty: 4 },
  { inventoryNumber: 'KOPP-01', maxQty: 6 },
  { inventoryNumber: 'WS12-M-Orange', maxQty: 3 },
  { inventoryNumber: 'MH01-S-Gray', maxQty: 2 },
];
const SUMMER_MONTHS: ReadonlySet<number> = new Set([5, 6, 7]);

/**
 * Fills `company` with a deterministic year (by default) of ledger activity ending before `anchorMs`, using only the
 * seeded customers, suppliers, items, accounts, subaccounts, VAT codes and cash accounts: released customer invoices
 * (web orders, B2B, SEK export) and credit notes, their payments (card at once, bank around the due date), purchase
 * orders → receipts → supplier invoices → supplier payments, daily shop-till GL batches, a monthly VAT settlement, the
 * AR/AP journal transaction of every released document, and a handful of employees. Every batch balances to the øre.
 * Records modified after creation (a paid invoice, a received order) carry the later `lastModifiedDateTime`.
 * Runs as a reset hook after the seed, so `POST /_sandbox/reset` restores the same history.
 */
export function generateLedgerHistory(company: VismaCompanyState, options: VismaLedgerHistoryOptions, anchorMs: number): void {
  const months = options.months ?? DEFAULT_LEDGER_HISTORY.months;
  const scale = options.scale ?? DEFAULT_LEDGER_HISTORY.scale;
  if (!Number.isInteger(months) || months < 1 || months > 120) throw new RangeError('ledgerHistory.months must be an integer from 1 to 120');
  if (!Number.isInteger(scale) || scale < 1 || scale > 1000) throw new RangeError('ledgerHistory.scale must be an integer from 1 to 1000');
  const w: VismaHistoryWindow = { anchorMs: anchorMs - 60_000, months, scale, rng: new VismaSeededRandom(options.seed ?? DEFAULT_LEDGER_HISTORY.seed), drafts: [] };
  const invoices = generateInvoices(company, w);
  generateCreditNotes(company, w, invoices);
  generatePayments(company, w, invoices);
  generateProcurementHistory(company, w);
  generateTillBatches(company, w);
  generateVatSettlements(company, w);
  const ledger = ledgerOf(company);
  w.drafts.sort((a, b) => a.atMs - b.atMs);
  for (const draft of w.drafts) postJournal(ledger, company, draft);
  generateEmployees(company, w);
  restamp(company);
}

function customersOf(company: VismaCompanyState): VismaCustomerRecord[] {
  return [...company.customers.values()].filter((c) => c.status === 'Active');
}

function generateInvoices(company: VismaCompanyState, w: VismaHistoryWindow): VismaDocumentRecord[] {
  const customers = customersOf(company);
  if (customers.length === 0) return [];
  const out: VismaDocumentRecord[] = [];
  for (let m = 0; m < w.months; m += 1) {
    const { startMs, endMs, fraction } = monthRange(w, m);
    const days = Math.max(1, Math.round((endMs - startMs) / DAY_MS));
    const times: number[] = [];
    for (let k = countFor(w, 36, fraction); k > 0; k -= 1) times.push(workTime(w.rng, startMs + w.rng.int(0, days - 1) * DAY_MS));
    times.sort((a, b) => a - b);
    for (const at of times) {
      if (at >= w.anchorMs) continue;
      const doc = buildInvoice(company, w, w.rng.pick(customers), at, SUMMER_MONTHS.has(new Date(at).getUTCMonth()));
      company.invoices.set(doc.referenceNumber, doc);
      w.drafts.push(customerDocumentPosting(doc, company, at + 5_000));
      out.push(doc);
    }
  }
  return out;
}

function docLine(company: VismaCompanyState, customer: VismaCustomerRecord, inventoryNumber: string, qty: number, unitPriceMinor: number, n: number, subaccount: readonly string[]): VismaDocumentLineRecord {
  const item = company.inventoryItem(inventoryNumber);
  const isExport = customer.vatZoneId !== company.seed.defaults.vatZoneId;
  const vatCategoryId = isExport ? (company.vatZone(customer.vatZoneId)?.defaultVatCategory ?? '52') : (item?.vatCategoryId ?? '3');
  const accountNumber = isExport ? '3200' : inventoryNumber === 'FRAKT' ? '3700' : vatCategoryId === '31' ? '3020' : company.seed.defaults.salesAccount;
  return {
    lineNumber: n,
    inventoryNumber,
    description: item?.description ?? inventoryNumber,
    quantity: String(qty),
    unitPriceMinor,
    discountPercent: '0',
    discountMinor: 0,
    manualDiscount: false,
    amountMinor: qty * unitPriceMinor,
    accountNumber,
    vatCategoryId,
    subaccount: [...subaccount],
    ...(item ? { uom: item.uom } : {}),
    branchNumber: company.seed.defaults.branchNumber,
  };
}

function buildInvoice(company: VismaCompanyState, w: VismaHistoryWindow, customer: VismaCustomerRecord, at: number, isSummer: boolean): VismaDocumentRecord {
  const rng = w.rng;
  const isB2b = customer.corporateId !== undefined;
  const sub = isSummer && rng.chance(0.5) ? ['WEB', 'P100'] : ['WEB', '0000'];
  const lines: VismaDocumentLineRecord[] = [];
  for (let k = rng.int(1, 3); k > 0; k -= 1) {
    const item = rng.pick(WEB_ITEMS);
    const price = company.inventoryItem(item.inventoryNumber)?.defaultPriceMinor ?? 10_000;
    lines.push(docLine(company, customer, item.inventoryNumber, rng.int(1, isB2b ? item.maxQty * 8 : item.maxQty), price, lines.length + 1, sub));
  }
  if (!isB2b || rng.chance(0.3)) lines.push(docLine(company, customer, 'FRAKT', 1, rng.pick([4900, 6900, 9900]), lines.length + 1, sub));
  const totals = computeTotals(lines, company);
  const referenceNumber = company.nextDocumentNumber('Invoice');
  const terms = company.creditTerms(customer.creditTermsId);
  const day = startOfDayUtc(at);
  const meta = { rowVersion: company.nextRowVersion(), createdMs: at, lastModifiedMs: at };
  return {
    kind: 'Invoice',
    referenceNumber,
    customerNumber: customer.number,
    currencyId: customer.currencyId,
    exchangeRateMicro: customer.currencyId === company.seed.baseCurrency ? QTY_ONE : (DEMO_RATES_MICRO[customer.currencyId] ?? QTY_ONE),
    documentDateMs: day,
    origInvoiceDateMs: day,
    dueDateMs: day + (terms?.dueDays ?? 14) * DAY_MS,
    cashDiscountDateMs: day,
    financialPeriod: periodOf(day),
    postPeriod: periodOf(day),
    status: 'Open',
    hold: false,
    externalReference: `WEB-${String(100000 + Number(referenceNumber))}`,
    ...(isB2b ? { customerRefNumber: `PO-${customer.number}-${referenceNumber.slice(-4)}` } : {}),
    invoiceText: isB2b ? 'Grossistordre' : 'Nettordre',
    paymentReference: `${referenceNumber}${customer.number}`,
    creditTermsId: customer.creditTermsId,
    vatZoneId: customer.vatZoneId,
    branchNumber: company.seed.defaults.branchNumber,
    arAccount: company.seed.defaults.arAccount,
    sendToAutoInvoice: false,
    dontPrint: true,
    dontEmail: false,
    lines,
    ...totals,
    balanceMinor: totals.amountMinor,
    ...meta,
  };
}

/** About one invoice in ten gets a credit note for one unit of its first line, 3–20 days later. */
function generateCreditNotes(company: VismaCompanyState, w: VismaHistoryWindow, invoices: VismaDocumentRecord[]): void {
  const credited: Array<{ invoice: VismaDocumentRecord; at: number }> = [];
  for (const invoice of invoices) {
    if (!w.rng.chance(0.1)) continue;
    const at = workTime(w.rng, invoice.documentDateMs + w.rng.int(3, 20) * DAY_MS);
    if (at < w.anchorMs) credited.push({ invoice, at });
  }
  credited.sort((a, b) => a.at - b.at);
  for (const { invoice, at } of credited) {
    const first = invoice.lines[0];
    if (!first) continue;
    const line: VismaDocumentLineRecord = { ...first, lineNumber: 1, quantity: '1', amountMinor: first.unitPriceMinor, description: `Retur: ${first.description ?? ''}`.slice(0, 30) };
    const totals = computeTotals([line], company);
    const day = startOfDayUtc(at);
    const doc: VismaDocumentRecord = {
      ...invoice,
      kind: 'CreditNote',
      referenceNumber: company.nextDocumentNumber('CreditNote'),
      documentDateMs: day,
      origInvoiceDateMs: invoice.documentDateMs,
      dueDateMs: day,
      cashDiscountDateMs: day,
      financialPeriod: periodOf(day),
      postPeriod: periodOf(day),
      invoiceText: `Kreditnota for faktura ${invoice.referenceNumber}`,
      lines: [line],
      ...totals,
      balanceMinor: totals.amountMinor,
      rowVersion: company.nextRowVersion(),
      createdMs: at,
      lastModifiedMs: at,
    };
    delete doc.paymentReference;
    company.creditNotes.set(doc.referenceNumber, doc);
    w.drafts.push(customerDocumentPosting(doc, company, at + 5_000));
  }
}

/**
 * Payments: consumer web orders are paid by card two minutes after the invoice, the others by bank transfer around the
 * due date (92 %; the rest stay open). A paid invoice becomes Closed with balance 0 and the payment's time as its
 * lastModifiedDateTime.
 */
function generatePayments(company: VismaCompanyState, w: VismaHistoryWindow, invoices: VismaDocumentRecord[]): void {
  const planned: Array<{ invoice: VismaDocumentRecord; at: number; isCard: boolean }> = [];
  for (const invoice of invoices) {
    const customer = company.customers.get(invoice.customerNumber);
    const isCard = customer?.corporateId === undefined && invoice.currencyId === company.seed.baseCurrency;
    const at = isCard ? invoice.createdMs + 120_000 : workTime(w.rng, invoice.dueDateMs + w.rng.int(-10, 6) * DAY_MS);
    if (!isCard && !w.rng.chance(0.92)) continue;
    if (at < w.anchorMs && at > invoice.createdMs) planned.push({ invoice, at, isCard });
  }
  planned.sort((a, b) => a.at - b.at);
  for (const { invoice, at, isCard } of planned) {
    const refNbr = company.nextPaymentNumber();
    const payment: VismaCustomerPaymentRecord = {
      type: 'Payment',
      refNbr,
      status: 'Closed',
      hold: false,
      applicationDateMs: startOfDayUtc(at),
      applicationPeriod: periodOf(at),
      paymentRef: isCard ? `KORT-${invoice.externalReference ?? invoice.referenceNumber}` : (invoice.paymentReference ?? invoice.referenceNumber),
      customerNumber: invoice.customerNumber,
      paymentMethodId: isCard ? 'KORT' : 'BANK',
      cashAccountId: invoice.currencyId === company.seed.baseCurrency ? '1920' : `1920-${invoice.currencyId}`,
      currencyId: invoice.currencyId,
      exchangeRateMicro: invoice.exchangeRateMicro,
      paymentAmountMinor: invoice.amountMinor,
      branchNumber: invoice.branchNumber,
      lines: [{ documentType: 'Invoice', refNbr: invoice.referenceNumber, amountPaidMinor: invoice.amountMinor }],
      releasedMs: at,
      rowVersion: company.nextRowVersion(),
      createdMs: at,
      lastModifiedMs: at,
    };
    company.customerPayments.set(refNbr, payment);
    company.invoices.set(invoice.referenceNumber, { ...invoice, status: 'Closed', balanceMinor: 0, rowVersion: company.nextRowVersion(), lastModifiedMs: at });
    w.drafts.push(customerPaymentPosting(payment, company, at + 5_000));
  }
}

/** One GL batch per shop till and business day (Mon–Sat): the day's cash sales at 25 % VAT into the bank. */
function generateTillBatches(company: VismaCompanyState, w: VismaHistoryWindow): void {
  const sub = ['RETAIL', '0000'] as const;
  for (let m = 0; m < w.months; m += 1) {
    const { startMs, endMs } = monthRange(w, m);
    for (let day = startMs; day < endMs; day += DAY_MS) {
      if (new Date(day).getUTCDay() === 0) continue;
      for (let till = 1; till <= w.scale; till += 1) {
        const net = w.rng.int(1_500, 14_000) * 100 + w.rng.int(0, 99);
        const vat = Math.round(net / 4);
        const at = day + 17 * HOUR_MS + till * 60_000;
        if (at >= w.anchorMs) continue;
        const ref = `Z${periodOf(day)}${String(new Date(day).getUTCDate()).padStart(2, '0')}-${till}`;
        w.drafts.push({
          module: 'ModuleGL',
          transactionDateMs: day,
          atMs: at,
          description: `Dagsoppgjør kasse ${till}`,
          lines: [
            { accountNumber: '1920', subaccount: sub, amountMinor: net + vat, referenceNumber: ref, description: 'Bankterminal' },
            { accountNumber: '3000', subaccount: sub, amountMinor: -net, referenceNumber: ref, vatCodeId: '3', description: 'Kontantsalg' },
            { accountNumber: '2700', subaccount: sub, amountMinor: -vat, referenceNumber: ref, description: 'Utgående mva 25 %' },
          ],
        });
      }
    }
  }
}

/**
 * On the 10th of each following month: a GL batch that clears the month's output VAT (2700/2701/2702) and input VAT
 * (2740) and pays or receives the difference through the bank (1920). Balanced by construction.
 */
function generateVatSettlements(company: VismaCompanyState, w: VismaHistoryWindow): void {
  const sums = new Map<string, Map<string, number>>();
  for (const d of w.drafts) {
    const period = periodOf(d.transactionDateMs);
    const byAccount = sums.get(period) ?? new Map<string, number>();
    for (const l of d.lines) if (['2700', '2701', '2702', '2740'].includes(l.accountNumber)) byAccount.set(l.accountNumber, (byAccount.get(l.accountNumber) ?? 0) + l.amountMinor);
    sums.set(period, byAccount);
  }
  const sub = company.seed.defaults.subaccount;
  for (const [period, byAccount] of [...sums.entries()].sort()) {
    const y = Number(period.slice(0, 4));
    const mo = Number(period.slice(4));
    const day = Date.UTC(y, mo, 10);
    const at = day + 9 * HOUR_MS;
    if (at >= w.anchorMs) continue;
    const lines: VismaPostingLine[] = [...byAccount.entries()].sort().map(([account, balance]) => ({ accountNumber: account, subaccount: sub, amountMinor: -balance, description: `Mva-oppgjør ${period}` }));
    const rest = lines.reduce((s, l) => s + l.amountMinor, 0);
    lines.push({ accountNumber: '1920', subaccount: sub, amountMinor: -rest, description: `Mva til Skatteetaten ${period}` });
    w.drafts.push({ module: 'ModuleGL', transactionDateMs: day, atMs: at, description: `Mva-oppgjør ${period}`, lines });
  }
}

/** Row versions in the order of last modification (as SQL Server's rowversion would have them). */
function restamp(company: VismaCompanyState): void {
  const ledger = ledgerOf(company);
  const all: Array<{ lastModifiedMs: number; rowVersion: bigint }> = [
    ...company.invoices.values(),
    ...company.creditNotes.values(),
    ...company.customerPayments.values(),
    ...company.supplierInvoices.values(),
    ...ledger.purchaseOrderMeta.values(),
    ...ledger.purchaseReceipts.values(),
    ...ledger.supplierPayments.values(),
    ...ledger.journalTransactions.values(),
    ...ledger.employees.values(),
  ];
  all.sort((a, b) => a.lastModifiedMs - b.lastModifiedMs);
  for (const r of all) r.rowVersion = company.nextRowVersion();
}
