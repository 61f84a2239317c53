import type { VismaCompanyState } from './visma-company.store';
import { toScaled, divRound } from './visma-money.util';
import type {
  VismaChangeMeta,
  VismaEmployeeRecord,
  VismaJournalTransactionRecord,
  VismaPurchaseReceiptLineRecord,
  VismaPurchaseReceiptRecord,
  VismaSupplierPaymentRecord,
} from './visma-ledger.types';

const DAY_MS = 86_400_000;
const QTY_ONE = 1_000_000n;

/**
 * Document → NOK rates (× 10^6) the sandbox uses for foreign-currency purchase documents that carry none of their own
 * (invented demo rates; 1.0215 is the rate of the seeded SEK supplier invoice 100002).
 */
export const DEMO_RATES_MICRO: Readonly<Record<string, bigint>> = { NOK: QTY_ONE, SEK: 1_021_500n, EUR: 11_650_000n, USD: 10_800_000n, DKK: 1_562_000n };

/**
 * The ledger-export entities of one company that `VismaCompanyState` does not hold itself: purchase receipts,
 * supplier payments, journal transactions (v2), employees, and the change metadata (`lastModifiedDateTime`, row
 * version, list position) of the purchase orders in `company.purchaseOrders`. One per company (`ledgerOf`), cleared
 * and reseeded by the `seedLedger` reset hook, so the store itself needs no edit for these entities.
 */
export class VismaLedgerState {
  readonly purchaseOrderMeta = new Map<string, VismaChangeMeta>();
  /** Purchase receipts by `receiptNbr`. */
  readonly purchaseReceipts = new Map<string, VismaPurchaseReceiptRecord>();
  /** Supplier payments by `refNbr`. */
  readonly supplierPayments = new Map<string, VismaSupplierPaymentRecord>();
  /** Journal transactions by `batchNumber` (one number series for all modules). */
  readonly journalTransactions = new Map<string, VismaJournalTransactionRecord>();
  /** Employees by `employeeNumber`. */
  readonly employees = new Map<string, VismaEmployeeRecord>();
  private seq = 0;
  private batchSeq = 0;
  private supplierPaymentSeq = 0;

  constructor(readonly company: VismaCompanyState) {}

  clear(): void {
    this.purchaseOrderMeta.clear();
    this.purchaseReceipts.clear();
    this.supplierPayments.clear();
    this.journalTransactions.clear();
    this.employees.clear();
    this.seq = 0;
    this.batchSeq = 0;
    this.supplierPaymentSeq = 0;
  }

  /** Metadata of a new record written at `atMs` (a new row version, the next list position). */
  created(atMs: number): VismaChangeMeta {
    this.seq += 1;
    return { seq: this.seq, rowVersion: this.company.nextRowVersion(), createdMs: atMs, lastModifiedMs: atMs };
  }

  /** Metadata of `current` modified at `atMs`: same position and creation time, new row version. */
  modified(current: VismaChangeMeta, atMs: number): VismaChangeMeta {
    return { seq: current.seq, rowVersion: this.company.nextRowVersion(), createdMs: current.createdMs, lastModifiedMs: atMs };
  }

  /** A purchase order's metadata; orders stored without any (written by other modules) date from their order date. */
  purchaseOrderMetaOf(orderNbr: string): VismaChangeMeta | undefined {
    const found = this.purchaseOrderMeta.get(orderNbr);
    if (found) return found;
    const po = this.company.purchaseOrders.get(orderNbr);
    if (!po) return undefined;
    const meta = this.created(po.dateMs);
    this.purchaseOrderMeta.set(orderNbr, meta);
    return meta;
  }

  /** Next journal transaction batch number (6 digits), skipping taken ones. */
  nextBatchNumber(): string {
    let candidate: string;
    do {
      this.batchSeq += 1;
      candidate = String(this.batchSeq).padStart(6, '0');
    } while (this.journalTransactions.has(candidate));
    return candidate;
  }

  /** Next supplier payment number (6 digits), skipping taken ones. */
  nextSupplierPaymentNumber(): string {
    let candidate: string;
    do {
      this.supplierPaymentSeq += 1;
      candidate = String(this.supplierPaymentSeq).padStart(6, '0');
    } while (this.supplierPayments.has(candidate));
    return candidate;
  }
}

const LEDGERS = new WeakMap<VismaCompanyState, VismaLedgerState>();

/** The ledger-export state of `company` (created on first use). */
export function ledgerOf(company: VismaCompanyState): VismaLedgerState {
  let found = LEDGERS.get(company);
  if (!found) {
    found = new VismaLedgerState(company);
    LEDGERS.set(company, found);
  }
  return found;
}

/** round(quantity × unit cost) in minor units; quantity is decimal text. */
export function extendedCostMinor(quantity: string, unitCostMinor: number): number {
  return Number(divRound(toScaled(quantity, 6) * BigInt(unitCostMinor), QTY_ONE));
}

/**
 * Reset hook (after seedProcurement): change metadata for the seeded purchase orders (created and modified on their
 * order date) and one Released PoReceipt per order that names a `receiptNbr`, dated five days after the order, with the
 * order's lines. Journal transactions, supplier payments and employees start empty (the ledger history fills them).
 */
export function seedLedger(company: VismaCompanyState): void {
  const ledger = ledgerOf(company);
  ledger.clear();
  const account = company.seed.defaults.purchaseAccount ?? '4000';
  for (const po of company.purchaseOrders.values()) {
    ledger.purchaseOrderMeta.set(po.orderNbr, ledger.created(po.dateMs));
    if (po.receiptNbr === undefined) continue;
    const dateMs = po.dateMs + 5 * DAY_MS;
    const lines: VismaPurchaseReceiptLineRecord[] = po.lines.map((l) => {
      const unitCostMinor = Number(toScaled(l.unitCost, 2));
      return {
        lineNbr: l.lineNbr,
        inventoryNumber: l.inventoryNumber,
        description: l.description,
        quantity: l.quantity,
        unitCostMinor,
        extCostMinor: extendedCostMinor(l.quantity, unitCostMinor),
        accountNumber: account,
        vatCategoryId: company.inventoryItem(l.inventoryNumber)?.vatCategoryId ?? '3',
        poOrderNbr: po.orderNbr,
        poOrderLineNbr: l.lineNbr,
      };
    });
    ledger.purchaseReceipts.set(po.receiptNbr, {
      ...ledger.created(dateMs),
      receiptType: 'PoReceipt',
      receiptNbr: po.receiptNbr,
      status: 'Released',
      dateMs,
      supplierNumber: po.supplierNumber,
      currencyId: po.currencyId,
      exchangeRateMicro: DEMO_RATES_MICRO[po.currencyId] ?? QTY_ONE,
      branchNumber: company.seed.defaults.branchNumber,
      warehouseId: 'MAIN',
      lines,
    });
  }
}
