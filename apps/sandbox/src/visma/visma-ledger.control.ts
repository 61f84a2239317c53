import type { SandboxRequest, SandboxResponse, SandboxRouter } from '../core';
import type { VismaCompanyState } from './visma-company.store';
import { isObject, isoOf, startOfDayUtc, type VismaJsonObject } from './visma-dto.util';
import { employeeToDto } from './visma-employee.controller';
import { journalTransactionToDto } from './visma-journal-transaction.mapper';
import { postJournal, SUPPLIER_LEDGER_ACCOUNT, type VismaPostingLine } from './visma-ledger-posting';
import { DEMO_RATES_MICRO, extendedCostMinor, ledgerOf } from './visma-ledger.store';
import { EMPLOYEE_STATUSES, JOURNAL_STATUSES, PURCHASE_RECEIPT_STATUSES, SUPPLIER_PAYMENT_STATUSES, type VismaSupplierPaymentRecord } from './visma-ledger.types';
import { applyRateMicro, toScaled, VismaDecimalError } from './visma-money.util';
import { purchaseOrderToDto, purchaseReceiptToDto } from './visma-purchase.mapper';
import { parseVismaDateTime } from './visma-query.util';
import { supplierPaymentToDto } from './visma-supplier-payment.mapper';
import { vismaException, vismaUnknownReference, vismaValidationError } from './visma.error';

type CompanyOf = (id: string) => VismaCompanyState | undefined;
type Handler = (company: VismaCompanyState, body: VismaJsonObject, req: SandboxRequest) => SandboxResponse;

/** Entities `POST …/touch` can bump (`key` as the ERP identifies the record; supplier invoices `Type/Number`). */
export const TOUCHABLE_ENTITIES = [
  'customer', 'supplier', 'customerInvoice', 'customerCreditNote', 'customerPayment', 'supplierInvoice',
  'purchaseOrder', 'purchaseReceipt', 'supplierPayment', 'journalTransaction', 'employee',
] as const;

/**
 * Sandbox control routes for the ledger-export entities (someone works in Visma's UI), so tests can add and change
 * records and see them in the next delta read. Modified records get a new row version and `lastModifiedDateTime` = the
 * sandbox clock. Bodies are plain JSON (decimals as text, dates ISO or `yyyy-MM-dd`); errors are Visma 400 bodies.
 * `:companyId` is the tenant id or the legacy company id (unknown → 404 `{message}`). Under
 * `/_sandbox/visma/companies/:companyId/`:
 * - `POST purchase-orders` `{orderNbr?, supplierNumber, date, currencyId?, description?, lines: [{inventoryNumber,
 *   quantity, unitCost, description?}]}` → 201 PurchaseOrderDto (Open). `PATCH purchase-orders/:orderNbr`
 *   `{description?, status?: 'Open'|'Closed'}`.
 * - `POST purchase-receipts` `{poOrderNbr, receiptNbr?, date?}` → 201 PurchaseReceiptDto: a Released receipt of all the
 *   order's lines (the order then names it). `PATCH purchase-receipts/:receiptNbr` `{status?, note?}`.
 * - `POST supplier-payments` `{invoiceRefNbr, documentType?, date?, paymentRef?}` → 201 SupplierPaymentDto: pays the
 *   supplier invoice's balance (the invoice becomes Closed) and posts its AP batch. `PATCH supplier-payments/:refNbr`
 *   `{description?, status?}`.
 * - `POST journal-transactions` `{transactionDate, description, status?, lines: [{accountNumber, subaccount?
 *   ("WEB-0000"), debit? | credit? ("125.50"), description?, vatCodeId?, referenceNumber?}]}` → 201 JournalTransactionDto,
 *   a GL batch (Visma: "New batches can be created only for General ledger"); accounts, subaccounts and VAT codes must
 *   exist and debits must equal credits. `PATCH journal-transactions/:batchNumber` `{description?, status?}`.
 * - `POST employees` `{employeeNumber?, firstName, lastName, department, status?, email?}` → 201 EmployeeDto.
 *   `PATCH employees/:employeeNumber` `{firstName?, lastName?, department?, status?, email?}`.
 * - `POST touch` `{entity, key}` — bumps any exported record (TOUCHABLE_ENTITIES) → 200 `{entity, key, lastModifiedDateTime}`.
 * A PATCH with `{}` only touches the record.
 */
export function registerLedgerControlRoutes(routes: SandboxRouter, companyOf: CompanyOf): void {
  const base = '/_sandbox/visma/companies/:companyId';
  const on = (method: 'POST' | 'PATCH', path: string, handler: Handler): void => {
    routes.add(method, `${base}/${path}`, (req) => {
      const company = companyOf(req.params['companyId'] ?? '');
      if (!company) return { status: 404, body: { message: `unknown company ${req.params['companyId'] ?? ''}` } };
      const body = req.body ?? {};
      if (!isObject(body)) throw vismaValidationError('The request body must be a JSON object.');
      return handler(company, body, req);
    });
  };
  on('POST', 'purchase-orders', createPurchaseOrder);
  on('PATCH', 'purchase-orders/:orderNbr', (company, body, req) => {
    const number = req.params['orderNbr'] ?? '';
    const po = company.purchaseOrders.get(number);
    const meta = ledgerOf(company).purchaseOrderMetaOf(number);
    if (!po || !meta) return notFound('purchase order', number);
    const status = oneOf(body, 'status', ['Open', 'Closed'] as const);
    const description = text(body, 'description');
    company.purchaseOrders.set(number, { ...po, ...(status ? { status } : {}), ...(description !== undefined ? { description } : {}) });
    ledgerOf(company).purchaseOrderMeta.set(number, ledgerOf(company).modified(meta, company.now()));
    return { status: 200, body: purchaseOrderToDto(company.purchaseOrders.get(number) ?? po, company) };
  });
  on('POST', 'purchase-receipts', createPurchaseReceipt);
  on('PATCH', 'purchase-receipts/:receiptNbr', (company, body, req) => {
    const ledger = ledgerOf(company);
    const current = ledger.purchaseReceipts.get(req.params['receiptNbr'] ?? '');
    if (!current) return notFound('purchase receipt', req.params['receiptNbr'] ?? '');
    const status = oneOf(body, 'status', PURCHASE_RECEIPT_STATUSES);
    const note = text(body, 'note');
    const next = { ...current, ...ledger.modified(current, company.now()), ...(status ? { status } : {}), ...(note !== undefined ? { note } : {}) };
    ledger.purchaseReceipts.set(next.receiptNbr, next);
    return { status: 200, body: purchaseReceiptToDto(next, company) };
  });
  on('POST', 'supplier-payments', createSupplierPayment);
  on('PATCH', 'supplier-payments/:refNbr', (company, body, req) => {
    const ledger = ledgerOf(company);
    const current = ledger.supplierPayments.get(req.params['refNbr'] ?? '');
    if (!current) return notFound('supplier payment', req.params['refNbr'] ?? '');
    const status = oneOf(body, 'status', SUPPLIER_PAYMENT_STATUSES);
    const description = text(body, 'description');
    const next = { ...current, ...ledger.modified(current, company.now()), ...(status ? { status } : {}), ...(description !== undefined ? { description } : {}) };
    ledger.supplierPayments.set(next.refNbr, next);
    return { status: 200, body: supplierPaymentToDto(next, company) };
  });
  on('POST', 'journal-transactions', createJournalTransaction);
  on('PATCH', 'journal-transactions/:batchNumber', (company, body, req) => {
    const ledger = ledgerOf(company);
    const current = ledger.journalTransactions.get(req.params['batchNumber'] ?? '');
    if (!current) return notFound('journal transaction', req.params['batchNumber'] ?? '');
    const status = oneOf(body, 'status', JOURNAL_STATUSES);
    const description = text(body, 'description');
    const next = { ...current, ...ledger.modified(current, company.now()), ...(status ? { status } : {}), ...(description !== undefined ? { description } : {}) };
    ledger.journalTransactions.set(next.batchNumber, next);
    return { status: 200, body: journalTransactionToDto(next, company) };
  });
  on('POST', 'employees', createEmployee);
  on('PATCH', 'employees/:employeeNumber', (company, body, req) => {
    const ledger = ledgerOf(company);
    const current = ledger.employees.get(req.params['employeeNumber'] ?? '');
    if (!current) return notFound('employee', req.params['employeeNumber'] ?? '');
    const changes: Record<string, string> = {};
    for (const field of ['firstName', 'lastName', 'department', 'email'] as const) {
      const v = text(body, field);
      if (v !== undefined) changes[field] = v;
    }
    const status = oneOf(body, 'status', EMPLOYEE_STATUSES);
    const next = { ...current, ...changes, ...ledger.modified(current, company.now()), ...(status ? { status } : {}) };
    ledger.employees.set(next.employeeNumber, next);
    return { status: 200, body: employeeToDto(next, company) };
  });
  on('POST', 'touch', touch);
}

function notFound(what: string, key: string): SandboxResponse {
  return { status: 404, body: { message: `unknown ${what} ${key}` } };
}

function text(body: VismaJsonObject, field: string, isRequired = false): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) {
    if (isRequired) throw vismaValidationError(`Error: '${field}' cannot be empty.`, `Mandatory field: ${field}`);
    return undefined;
  }
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') throw vismaValidationError(`The value of '${field}' must be a string.`);
  return v;
}

function oneOf<T extends string>(body: VismaJsonObject, field: string, allowed: readonly T[]): T | undefined {
  const v = text(body, field);
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) throw vismaValidationError(`The value '${v}' of '${field}' is not valid.`);
  return v as T;
}

function minorOf(body: VismaJsonObject, field: string, where: string): number | undefined {
  const v = text(body, field);
  if (v === undefined) return undefined;
  try {
    return Number(toScaled(v, 2));
  } catch (err) {
    if (err instanceof VismaDecimalError) throw vismaValidationError(`The value of '${field}' must be a number (${where}).`);
    throw err;
  }
}

function dateOf(body: VismaJsonObject, field: string, fallbackMs: number): number {
  const v = text(body, field);
  if (v === undefined) return fallbackMs;
  const ms = parseVismaDateTime(v.replace(/(\.\d+)?Z$/, '$1'));
  if (ms === undefined) throw vismaValidationError(`The value '${v}' of '${field}' is not a valid date-time.`);
  return ms;
}

function linesOf(body: VismaJsonObject): VismaJsonObject[] {
  const lines = body['lines'];
  if (!Array.isArray(lines) || lines.length === 0) throw vismaValidationError("Error: 'lines' cannot be empty.");
  return lines.map((l, i) => {
    if (!isObject(l)) throw vismaValidationError(`Line ${i + 1} must be an object.`);
    return l;
  });
}

const createPurchaseOrder: Handler = (company, body) => {
  const ledger = ledgerOf(company);
  const supplierNumber = text(body, 'supplierNumber', true) ?? '';
  const supplier = company.suppliers.get(supplierNumber);
  if (!supplier) throw vismaUnknownReference(`Supplier '${supplierNumber}' does not exist.`);
  const orderNbr = text(body, 'orderNbr') ?? `PO${String(900000 + company.purchaseOrders.size + 1)}`;
  if (company.purchaseOrders.has(orderNbr)) throw vismaException(400, 'duplicate', `Purchase order '${orderNbr}' already exists.`);
  const lines = linesOf(body).map((l, i) => {
    const inventoryNumber = text(l, 'inventoryNumber', true) ?? '';
    const item = company.inventoryItem(inventoryNumber);
    if (!item || item.active === false) throw vismaUnknownReference(`Item '${inventoryNumber}' does not exist or is inactive (line ${i + 1}).`);
    const quantity = text(l, 'quantity', true) ?? '';
    const unitCost = text(l, 'unitCost', true) ?? '';
    minorOf(l, 'unitCost', `line ${i + 1}`);
    return { lineNbr: i + 1, inventoryNumber, description: text(l, 'description') ?? item.description.slice(0, 30), quantity, unitCost };
  });
  const now = company.now();
  const description = text(body, 'description');
  const currencyId = text(body, 'currencyId') ?? supplier.currencyId;
  if (!company.seed.currencies.includes(currencyId)) throw vismaUnknownReference(`Currency '${currencyId}' does not exist.`);
  company.purchaseOrders.set(orderNbr, { orderType: 'RegularOrder', orderNbr, supplierNumber, currencyId, status: 'Open', lines, ...(description !== undefined ? { description } : {}), dateMs: startOfDayUtc(dateOf(body, 'date', now)) });
  ledger.purchaseOrderMeta.set(orderNbr, ledger.created(now));
  const po = company.purchaseOrders.get(orderNbr);
  return { status: 201, body: po ? purchaseOrderToDto(po, company) : {} };
};

const createPurchaseReceipt: Handler = (company, body) => {
  const ledger = ledgerOf(company);
  const poOrderNbr = text(body, 'poOrderNbr', true) ?? '';
  const po = company.purchaseOrders.get(poOrderNbr);
  if (!po) throw vismaUnknownReference(`Purchase order '${poOrderNbr}' does not exist.`);
  if (po.receiptNbr !== undefined) throw vismaValidationError(`Error: purchase order ${poOrderNbr} is already received on ${po.receiptNbr}.`);
  const receiptNbr = text(body, 'receiptNbr') ?? `PR${String(900000 + ledger.purchaseReceipts.size + 1)}`;
  if (ledger.purchaseReceipts.has(receiptNbr)) throw vismaException(400, 'duplicate', `Purchase receipt '${receiptNbr}' already exists.`);
  const now = company.now();
  const account = company.seed.defaults.purchaseAccount ?? '4000';
  ledger.purchaseReceipts.set(receiptNbr, {
    ...ledger.created(now),
    receiptType: 'PoReceipt',
    receiptNbr,
    status: 'Released',
    dateMs: startOfDayUtc(dateOf(body, 'date', now)),
    supplierNumber: po.supplierNumber,
    currencyId: po.currencyId,
    exchangeRateMicro: DEMO_RATES_MICRO[po.currencyId] ?? 1_000_000n,
    branchNumber: company.seed.defaults.branchNumber,
    warehouseId: 'MAIN',
    lines: po.lines.map((l) => {
      const unitCostMinor = Number(toScaled(l.unitCost, 2));
      const vatCategoryId = company.inventoryItem(l.inventoryNumber)?.vatCategoryId ?? '3';
      return { lineNbr: l.lineNbr, inventoryNumber: l.inventoryNumber, description: l.description, quantity: l.quantity, unitCostMinor, extCostMinor: extendedCostMinor(l.quantity, unitCostMinor), accountNumber: account, vatCategoryId, poOrderNbr, poOrderLineNbr: l.lineNbr };
    }),
  });
  company.purchaseOrders.set(poOrderNbr, { ...po, receiptNbr });
  const meta = ledger.purchaseOrderMetaOf(poOrderNbr);
  if (meta) ledger.purchaseOrderMeta.set(poOrderNbr, ledger.modified(meta, now));
  const receipt = ledger.purchaseReceipts.get(receiptNbr);
  return { status: 201, body: receipt ? purchaseReceiptToDto(receipt, company) : {} };
};

const createSupplierPayment: Handler = (company, body) => {
  const ledger = ledgerOf(company);
  const invoiceRefNbr = text(body, 'invoiceRefNbr', true) ?? '';
  const invoice = company.supplierInvoice(invoiceRefNbr, text(body, 'documentType'));
  if (!invoice) throw vismaUnknownReference(`Supplier invoice '${invoiceRefNbr}' does not exist.`);
  if (invoice.balanceMinor <= 0) throw vismaValidationError(`Error: supplier invoice ${invoiceRefNbr} has no open balance.`);
  const now = company.now();
  const refNbr = ledger.nextSupplierPaymentNumber();
  const dateMs = startOfDayUtc(dateOf(body, 'date', now));
  const docType = invoice.documentType === 'Prepayment' ? 'Prepayment' : invoice.documentType;
  const payment: VismaSupplierPaymentRecord = {
    ...ledger.created(now),
    type: 'Payment',
    refNbr,
    status: 'Closed',
    applicationDateMs: dateMs,
    paymentRef: text(body, 'paymentRef') ?? invoice.supplierReference ?? invoice.referenceNumber,
    supplierNumber: invoice.supplierNumber,
    paymentMethodId: invoice.paymentMethodId ?? 'BANK',
    cashAccountId: '1920',
    currencyId: invoice.currencyId,
    description: `Betaling ${invoice.referenceNumber}`,
    paymentAmountMinor: invoice.balanceMinor,
    branchNumber: invoice.branchNumber,
    lines: [{ docType, invoiceRefNbr: invoice.referenceNumber, amountPaidMinor: invoice.balanceMinor }],
  };
  company.supplierInvoices.set(`${invoice.documentType}/${invoice.referenceNumber}`, { ...invoice, status: 'Closed', balanceMinor: 0, rowVersion: company.nextRowVersion(), lastModifiedMs: now });
  const amount = applyRateMicro(invoice.balanceMinor, invoice.exchangeRateMicro);
  const sub = company.seed.defaults.subaccount;
  const batch = postJournal(ledger, company, {
    module: 'ModuleAP', transactionDateMs: dateMs, atMs: now, description: `Utbetaling ${refNbr}`, transactionCode: 'PMT',
    lines: [
      { accountNumber: SUPPLIER_LEDGER_ACCOUNT, subaccount: sub, amountMinor: amount, customerSupplier: invoice.supplierNumber, referenceNumber: refNbr },
      { accountNumber: '1920', subaccount: sub, amountMinor: -amount, referenceNumber: refNbr },
    ],
  });
  const stored = { ...payment, batchNumber: batch.batchNumber };
  ledger.supplierPayments.set(refNbr, stored);
  return { status: 201, body: supplierPaymentToDto(stored, company) };
};

const createJournalTransaction: Handler = (company, body) => {
  const ledger = ledgerOf(company);
  const module = text(body, 'module') ?? 'ModuleGL';
  if (module !== 'ModuleGL' && module !== 'GL') throw vismaValidationError('Error: new batches can be created only for General ledger (module GL).');
  const now = company.now();
  const dateMs = startOfDayUtc(dateOf(body, 'transactionDate', now));
  const description = text(body, 'description', true) ?? '';
  const lines: VismaPostingLine[] = linesOf(body).map((l, i) => {
    const where = `line ${i + 1}`;
    const accountNumber = text(l, 'accountNumber', true) ?? '';
    const account = company.account(accountNumber);
    if (!account || account.active === false) throw vismaUnknownReference(`Account '${accountNumber}' does not exist or is inactive (${where}).`);
    const subText = text(l, 'subaccount');
    const subaccount = subText === undefined ? company.seed.defaults.subaccount : subText.split('-');
    if (!company.seed.subaccounts.some((s) => s.segmentValues.join('-') === subaccount.join('-'))) throw vismaUnknownReference(`Subaccount '${subaccount.join('-')}' does not exist (${where}).`);
    const debit = minorOf(l, 'debit', where) ?? 0;
    const credit = minorOf(l, 'credit', where) ?? 0;
    if (debit < 0 || credit < 0 || (debit === 0) === (credit === 0)) throw vismaValidationError(`Error: give either a positive 'debit' or a positive 'credit' (${where}).`);
    const vatCodeId = text(l, 'vatCodeId');
    if (vatCodeId !== undefined && !company.vatCategory(vatCodeId)) throw vismaUnknownReference(`VAT code '${vatCodeId}' does not exist (${where}).`);
    const lineDescription = text(l, 'description');
    const referenceNumber = text(l, 'referenceNumber');
    return {
      accountNumber, subaccount, amountMinor: debit - credit,
      ...(lineDescription !== undefined ? { description: lineDescription } : {}),
      ...(referenceNumber !== undefined ? { referenceNumber } : {}),
      ...(vatCodeId !== undefined ? { vatCodeId } : {}),
    };
  });
  const sum = lines.reduce((s, l) => s + l.amountMinor, 0);
  if (sum !== 0) throw vismaValidationError(`Error: the batch is out of balance by ${(sum / 100).toFixed(2)} (debits must equal credits).`);
  const record = postJournal(ledger, company, { module: 'ModuleGL', status: oneOf(body, 'status', JOURNAL_STATUSES) ?? 'Posted', transactionDateMs: dateMs, atMs: now, description, lines });
  return { status: 201, body: journalTransactionToDto(record, company) };
};

const createEmployee: Handler = (company, body) => {
  const ledger = ledgerOf(company);
  const employeeId = Math.max(0, ...[...ledger.employees.values()].map((e) => e.employeeId)) + 1;
  const employeeNumber = text(body, 'employeeNumber') ?? String(employeeId).padStart(3, '0');
  if (ledger.employees.has(employeeNumber)) throw vismaException(400, 'duplicate', `Employee '${employeeNumber}' already exists.`);
  const email = text(body, 'email');
  ledger.employees.set(employeeNumber, {
    ...ledger.created(company.now()),
    employeeId,
    employeeNumber,
    firstName: text(body, 'firstName', true) ?? '',
    lastName: text(body, 'lastName', true) ?? '',
    status: oneOf(body, 'status', EMPLOYEE_STATUSES) ?? 'Active',
    department: text(body, 'department', true) ?? '',
    ...(email !== undefined ? { email } : {}),
    countryId: company.seed.countryId,
    employeeClassId: 'ANSATT',
    branchNumber: company.seed.defaults.branchNumber,
  });
  const e = ledger.employees.get(employeeNumber);
  return { status: 201, body: e ? employeeToDto(e, company) : {} };
};

const touch: Handler = (company, body) => {
  const entity = oneOf(body, 'entity', TOUCHABLE_ENTITIES);
  const key = text(body, 'key', true) ?? '';
  if (entity === undefined) throw vismaValidationError("Error: 'entity' cannot be empty.", 'Mandatory field: entity');
  const now = company.now();
  const ledger = ledgerOf(company);
  const bump = <T extends { rowVersion: bigint; lastModifiedMs: number }>(map: Map<string, T>): boolean => {
    const current = map.get(key);
    if (!current) return false;
    map.set(key, { ...current, rowVersion: company.nextRowVersion(), lastModifiedMs: now });
    return true;
  };
  const maps = {
    customer: () => bump(company.customers),
    supplier: () => bump(company.suppliers),
    customerInvoice: () => bump(company.invoices),
    customerCreditNote: () => bump(company.creditNotes),
    customerPayment: () => bump(company.customerPayments),
    supplierInvoice: () => bump(company.supplierInvoices),
    purchaseOrder: () => {
      const meta = company.purchaseOrders.has(key) ? ledger.purchaseOrderMetaOf(key) : undefined;
      if (!meta) return false;
      ledger.purchaseOrderMeta.set(key, ledger.modified(meta, now));
      return true;
    },
    purchaseReceipt: () => bump(ledger.purchaseReceipts),
    supplierPayment: () => bump(ledger.supplierPayments),
    journalTransaction: () => bump(ledger.journalTransactions),
    employee: () => bump(ledger.employees),
  } as const satisfies Record<(typeof TOUCHABLE_ENTITIES)[number], () => boolean>;
  if (!maps[entity]()) return notFound(entity, key);
  return { status: 200, body: { entity, key, lastModifiedDateTime: isoOf(now) } };
};
