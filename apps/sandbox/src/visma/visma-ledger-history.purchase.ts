import { createHash } from 'node:crypto';
import type { VismaCompanyState } from './visma-company.store';
import { startOfDayUtc } from './visma-dto.util';
import { countFor, DAY_MS, monthRange, workTime, type VismaHistoryWindow } from './visma-ledger-history.window';
import { SUPPLIER_LEDGER_ACCOUNT, supplierInvoicePosting } from './visma-ledger-posting';
import { extendedCostMinor, ledgerOf } from './visma-ledger.store';
import type { VismaEmployeeRecord, VismaPurchaseReceiptRecord } from './visma-ledger.types';
import { toScaled } from './visma-money.util';
import { buildSupplierInvoice } from './visma-supplier-invoice.service';
import { supplierInvoiceKey, type VismaPurchaseOrderLineSeed, type VismaPurchaseOrderRecord, type VismaSupplierInvoiceSeed } from './visma-supplier-invoice.types';

const PURCHASE_ITEMS = ['KAFFE-1KG', 'KOPP-01', 'WS12-M-Orange', 'MH01-S-Gray'] as const;

type InvoiceDraft = { at: number; seed: VismaSupplierInvoiceSeed; po?: VismaPurchaseOrderRecord };

/**
 * Procurement of the ledger history: per month (× scale) six purchase orders — received 3–10 days later (a Released
 * PoReceipt; the order's lastModifiedDateTime moves to the receipt) and billed 1–5 days after that (a supplier invoice
 * with poNumber/poLineNr/poReceiptNbr links; the order becomes Closed) — plus five invoices without an order (packaging,
 * freight). Supplier invoices are numbered from 200001 in date order; each is paid by bank on its due date when that is
 * before now (a Closed supplier payment; the invoice Closed with balance 0). AP batches for invoices and payments.
 */
export function generateProcurementHistory(company: VismaCompanyState, w: VismaHistoryWindow): void {
  const suppliers = [...company.suppliers.values()].filter((s) => s.status === 'Active');
  if (suppliers.length === 0) return;
  const ledger = ledgerOf(company);
  const rng = w.rng;
  const invoices: InvoiceDraft[] = [];
  let poSeq = 100000;
  for (let m = 0; m < w.months; m += 1) {
    const { startMs, endMs, fraction } = monthRange(w, m);
    const days = Math.max(1, Math.round((endMs - startMs) / DAY_MS));
    const orderTimes: number[] = [];
    for (let k = countFor(w, 6, fraction); k > 0; k -= 1) orderTimes.push(workTime(rng, startMs + rng.int(0, days - 1) * DAY_MS));
    orderTimes.sort((a, b) => a - b);
    for (const at of orderTimes) {
      if (at >= w.anchorMs) continue;
      poSeq += 1;
      const supplier = rng.pick(suppliers);
      const lines: VismaPurchaseOrderLineSeed[] = [];
      const used = new Set<string>();
      for (let n = rng.int(1, 3); n > 0; n -= 1) {
        const inventoryNumber = rng.pick(PURCHASE_ITEMS);
        if (used.has(inventoryNumber)) continue;
        used.add(inventoryNumber);
        const item = company.inventoryItem(inventoryNumber);
        const unitCost = Math.max(1, Math.round(((item?.defaultPriceMinor ?? 10_000) * 0.4) / 100));
        lines.push({ lineNbr: lines.length + 1, inventoryNumber, description: (item?.description ?? inventoryNumber).slice(0, 30), quantity: String(rng.int(1, 6) * 10), unitCost: `${unitCost}.00` });
      }
      const orderNbr = `PO${poSeq}`;
      const receiptAt = workTime(rng, at + rng.int(3, 10) * DAY_MS);
      const isReceived = receiptAt < w.anchorMs;
      const po: VismaPurchaseOrderRecord = {
        orderType: 'RegularOrder',
        orderNbr,
        supplierNumber: supplier.number,
        currencyId: supplier.currencyId,
        status: 'Open',
        lines,
        description: `Innkjøp ${lines.map((l) => l.inventoryNumber).join(', ')}`.slice(0, 60),
        ...(isReceived ? { receiptNbr: `PR${poSeq}` } : {}),
        dateMs: startOfDayUtc(at),
      };
      company.purchaseOrders.set(orderNbr, po);
      ledger.purchaseOrderMeta.set(orderNbr, ledger.created(at));
      if (!isReceived) continue;
      ledger.purchaseReceipts.set(`PR${poSeq}`, receiptOf(company, po, `PR${poSeq}`, receiptAt));
      ledger.purchaseOrderMeta.set(orderNbr, { ...ledger.created(at), lastModifiedMs: receiptAt });
      const invoiceAt = workTime(rng, receiptAt + rng.int(1, 5) * DAY_MS);
      if (invoiceAt >= w.anchorMs) continue;
      invoices.push({
        at: invoiceAt,
        po,
        seed: {
          supplierNumber: supplier.number,
          supplierReference: `${supplier.number}-${poSeq}`,
          description: `${orderNbr} varemottak`,
          date: new Date(startOfDayUtc(invoiceAt)).toISOString(),
          status: 'Open',
          lines: lines.map((l) => ({ inventoryNumber: l.inventoryNumber, transactionDescription: l.description, quantity: l.quantity, unitCost: l.unitCost, poNumber: orderNbr, poLineNr: l.lineNbr, poReceiptNbr: `PR${poSeq}`, poReceiptLineNbr: l.lineNbr })),
        },
      });
    }
    for (let k = countFor(w, 5, fraction); k > 0; k -= 1) {
      const at = workTime(rng, startMs + rng.int(0, days - 1) * DAY_MS);
      if (at >= w.anchorMs) continue;
      const supplier = rng.pick(suppliers);
      const text = rng.pick(['Emballasje', 'Fraktkostnader', 'Etiketter og poser']);
      invoices.push({
        at,
        seed: {
          supplierNumber: supplier.number,
          supplierReference: `${supplier.number}-${m}-${k}`,
          description: text,
          date: new Date(startOfDayUtc(at)).toISOString(),
          status: 'Open',
          lines: [{ transactionDescription: text, quantity: '1', unitCost: `${rng.int(300, 6_000)}.${String(rng.int(0, 99)).padStart(2, '0')}` }],
        },
      });
    }
  }
  invoices.sort((a, b) => a.at - b.at);
  billAndPay(company, w, invoices);
}

function receiptOf(company: VismaCompanyState, po: VismaPurchaseOrderRecord, receiptNbr: string, at: number): VismaPurchaseReceiptRecord {
  const ledger = ledgerOf(company);
  return {
    ...ledger.created(at),
    receiptType: 'PoReceipt',
    receiptNbr,
    status: 'Released',
    dateMs: startOfDayUtc(at),
    supplierNumber: po.supplierNumber,
    currencyId: po.currencyId,
    exchangeRateMicro: 1_000_000n,
    supplierRef: `FS-${po.orderNbr}`,
    branchNumber: company.seed.defaults.branchNumber,
    warehouseId: 'MAIN',
    lines: po.lines.map((l) => {
      const unitCostMinor = Number(toScaled(l.unitCost, 2));
      return {
        lineNbr: l.lineNbr,
        inventoryNumber: l.inventoryNumber,
        description: l.description,
        quantity: l.quantity,
        unitCostMinor,
        extCostMinor: extendedCostMinor(l.quantity, unitCostMinor),
        accountNumber: company.seed.defaults.purchaseAccount ?? '4000',
        vatCategoryId: company.inventoryItem(l.inventoryNumber)?.vatCategoryId ?? '3',
        poOrderNbr: po.orderNbr,
        poOrderLineNbr: l.lineNbr,
      };
    }),
  };
}

function billAndPay(company: VismaCompanyState, w: VismaHistoryWindow, invoices: InvoiceDraft[]): void {
  const ledger = ledgerOf(company);
  const payments: Array<{ key: string; at: number }> = [];
  let number = 200000;
  for (const draft of invoices) {
    number += 1;
    const record = buildSupplierInvoice({ ...draft.seed, referenceNumber: String(number) }, company, { seq: company.nextSupplierInvoiceSeq(), nowMs: draft.at, rowVersion: company.nextRowVersion() });
    const key = supplierInvoiceKey(record.documentType, record.referenceNumber);
    company.supplierInvoices.set(key, record);
    w.drafts.push(supplierInvoicePosting(record, company, draft.at + 5_000));
    if (draft.po) {
      company.purchaseOrders.set(draft.po.orderNbr, { ...draft.po, status: 'Closed' });
      const meta = ledger.purchaseOrderMeta.get(draft.po.orderNbr);
      if (meta) ledger.purchaseOrderMeta.set(draft.po.orderNbr, { ...meta, lastModifiedMs: draft.at });
    }
    const payAt = workTime(w.rng, record.dueDateMs);
    if (payAt < w.anchorMs) payments.push({ key, at: payAt });
  }
  payments.sort((a, b) => a.at - b.at);
  const sub = company.seed.defaults.subaccount;
  for (const { key, at } of payments) {
    const invoice = company.supplierInvoices.get(key);
    if (!invoice) continue;
    const refNbr = ledger.nextSupplierPaymentNumber();
    ledger.supplierPayments.set(refNbr, {
      ...ledger.created(at),
      type: 'Payment',
      refNbr,
      status: 'Closed',
      applicationDateMs: startOfDayUtc(at),
      paymentRef: invoice.supplierReference ?? invoice.referenceNumber,
      supplierNumber: invoice.supplierNumber,
      paymentMethodId: invoice.paymentMethodId ?? 'BANK',
      cashAccountId: '1920',
      currencyId: invoice.currencyId,
      description: `Betaling ${invoice.referenceNumber}`,
      paymentAmountMinor: invoice.amountMinor,
      branchNumber: invoice.branchNumber,
      lines: [{ docType: 'Invoice', invoiceRefNbr: invoice.referenceNumber, amountPaidMinor: invoice.amountMinor }],
    });
    company.supplierInvoices.set(key, { ...invoice, status: 'Closed', balanceMinor: 0, rowVersion: company.nextRowVersion(), lastModifiedMs: at });
    w.drafts.push({
      module: 'ModuleAP',
      transactionDateMs: startOfDayUtc(at),
      atMs: at + 5_000,
      description: `Utbetaling ${refNbr}`,
      transactionCode: 'PMT',
      lines: [
        { accountNumber: SUPPLIER_LEDGER_ACCOUNT, subaccount: sub, amountMinor: invoice.amountMinor, customerSupplier: invoice.supplierNumber, referenceNumber: refNbr, description: 'Leverandørgjeld' },
        { accountNumber: '1920', subaccount: sub, amountMinor: -invoice.amountMinor, referenceNumber: refNbr, description: `Betaling ${invoice.referenceNumber}` },
      ],
    });
  }
}

type EmployeeSeed = Pick<VismaEmployeeRecord, 'firstName' | 'lastName' | 'department' | 'employeeClassId' | 'city' | 'postalCode'> & { hasUser: boolean };
const EMPLOYEES: readonly EmployeeSeed[] = [
  { firstName: 'Ingrid', lastName: 'Berg', department: 'ADM', employeeClassId: 'LEDER', city: 'Oslo', postalCode: '0155', hasUser: true },
  { firstName: 'Ola', lastName: 'Hansen', department: 'LAGER', employeeClassId: 'ANSATT', city: 'Oslo', postalCode: '0581', hasUser: true },
  { firstName: 'Sofie', lastName: 'Johansen', department: 'BUTIKK', employeeClassId: 'ANSATT', city: 'Oslo', postalCode: '0160', hasUser: false },
  { firstName: 'Ahmed', lastName: 'Khan', department: 'NETT', employeeClassId: 'ANSATT', city: 'Lillestrøm', postalCode: '2000', hasUser: true },
  { firstName: 'Mari', lastName: 'Lie', department: 'BUTIKK', employeeClassId: 'DELTID', city: 'Oslo', postalCode: '0452', hasUser: false },
  { firstName: 'Jonas', lastName: 'Nilsen', department: 'LAGER', employeeClassId: 'DELTID', city: 'Ski', postalCode: '1400', hasUser: false },
];

/** Six employees hired across the window (two of them modified later: one address change, one leaving as Inactive). */
export function generateEmployees(company: VismaCompanyState, w: VismaHistoryWindow): void {
  const ledger = ledgerOf(company);
  const start = monthRange(w, 0).startMs;
  const span = Math.max(DAY_MS, w.anchorMs - start);
  EMPLOYEES.forEach((e, i) => {
    const at = workTime(w.rng, start + Math.floor((span * i) / (EMPLOYEES.length + 1)));
    const number = String(i + 1).padStart(3, '0');
    const email = `${e.firstName}.${e.lastName}@nordlys.example`.toLowerCase().replace('ø', 'o');
    const later = workTime(w.rng, at + Math.floor((w.anchorMs - at) / 2));
    const isModified = i === 1 || i === 5;
    const hex = createHash('sha1').update(`${company.seed.tenantId}/employee/${number}`).digest('hex');
    ledger.employees.set(number, {
      ...ledger.created(at),
      ...(isModified && later < w.anchorMs ? { lastModifiedMs: later } : {}),
      employeeId: i + 1,
      employeeNumber: number,
      firstName: e.firstName,
      lastName: e.lastName,
      status: i === 5 && later < w.anchorMs ? 'Inactive' : 'Active',
      department: e.department,
      email,
      phone: `+47 9${String(1_000_000 + i * 137_911).slice(0, 7)}`,
      addressLine1: `${['Storgata', 'Markveien', 'Kirkegata', 'Torggata', 'Bygdøy allé', 'Parkveien'][i] ?? 'Storgata'} ${i + 3}`,
      ...(e.postalCode !== undefined ? { postalCode: e.postalCode } : {}),
      ...(e.city !== undefined ? { city: e.city } : {}),
      countryId: 'NO',
      employeeClassId: e.employeeClassId,
      branchNumber: company.seed.defaults.branchNumber,
      ...(e.hasUser ? { userId: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}` } : {}),
    });
  });
}
