import type { VismaCompanyState } from './visma-company.store';
import { computeTotals, scaledText } from './visma-customer-document.service';
import { periodOf } from './visma-dto.util';
import { toScaled, VismaDecimalError, divRound } from './visma-money.util';
import {
  SUPPLIER_DOCUMENT_TYPES,
  SUPPLIER_INVOICE_STATUSES,
  supplierInvoiceKey,
  type VismaPurchaseOrderRecord,
  type VismaPurchaseOrderSeed,
  type VismaSupplierInvoiceLineRecord,
  type VismaSupplierInvoiceLineSeed,
  type VismaSupplierInvoiceRecord,
  type VismaSupplierInvoiceSeed,
} from './visma-supplier-invoice.types';
import { vismaUnknownReference, vismaValidationError } from './visma.error';

const DAY_MS = 86_400_000;
const QTY_ONE = 1_000_000n;

/** Where a build happens: the list position, the write's time and row version, and the record it replaces. */
export type SupplierInvoiceBuildContext = { seq: number; nowMs: number; rowVersion: bigint; current?: VismaSupplierInvoiceRecord };

/**
 * Builds a supplier invoice record from its plain seed / control-route shape (VismaSupplierInvoiceSeed) and checks it
 * as Visma would: the supplier exists and is not inactive; currency is a company currency (a foreign one needs
 * `exchangeRate`); each line's inventory item exists and is active; the expense account and VAT category exist; a
 * `poNumber` names a purchase order of the same supplier, `poLineNr` a line of it with the same item, and
 * `poReceiptNbr` the order's receipt. Totals in minor units of the document currency: line cost = round(quantity ×
 * unit cost); VAT per VAT id = round(Σ cost × rate) (half away from zero); amount = Σ cost + VAT; balance = amount
 * (0 when Closed). Due date = date + the supplier's credit-term days.
 * @throws SandboxHttpError 400 (Visma Exception body, fault `validation` or `unknownReference`) naming the field
 */
export function buildSupplierInvoice(seed: VismaSupplierInvoiceSeed, company: VismaCompanyState, at: SupplierInvoiceBuildContext): VismaSupplierInvoiceRecord {
  const supplier = company.suppliers.get(seed.supplierNumber);
  if (!supplier) throw vismaUnknownReference(`Supplier '${seed.supplierNumber}' does not exist.`);
  if (supplier.status === 'Inactive') throw vismaValidationError(`Supplier '${seed.supplierNumber}' is inactive.`);
  const documentType = seed.documentType ?? 'Invoice';
  if (!(SUPPLIER_DOCUMENT_TYPES as readonly string[]).includes(documentType)) throw vismaValidationError(`The value '${documentType}' of 'documentType' is not valid.`);
  const status = seed.status ?? 'Balanced';
  if (!(SUPPLIER_INVOICE_STATUSES as readonly string[]).includes(status)) throw vismaValidationError(`The value '${status}' of 'status' is not valid.`);
  const currencyId = seed.currencyId ?? supplier.currencyId;
  if (!company.seed.currencies.includes(currencyId)) throw vismaUnknownReference(`Currency '${currencyId}' does not exist.`);
  const exchangeRateMicro = rateOf(seed, currencyId, company);
  const dateMs = Date.parse(seed.date);
  if (Number.isNaN(dateMs)) throw vismaValidationError(`The value '${seed.date}' of 'date' is not a valid date-time.`);
  if (!Array.isArray(seed.lines) || seed.lines.length === 0) throw vismaValidationError("Error: 'invoiceLines' cannot be empty.");
  const lines = seed.lines.map((line, i) => readLine(line, i, seed.supplierNumber, company));
  const totals = computeTotals(lines.map((l) => ({ vatCategoryId: l.vatCategoryId, amountMinor: l.costMinor })), company);
  const terms = company.creditTerms(supplier.creditTermsId);
  const referenceNumber = seed.referenceNumber ?? at.current?.referenceNumber ?? company.nextSupplierInvoiceNumber();
  const optional = (field: 'supplierReference' | 'description' | 'note'): Record<string, string> => (seed[field] === undefined ? {} : { [field]: seed[field] });
  return {
    seq: at.seq,
    documentType,
    referenceNumber,
    supplierNumber: seed.supplierNumber,
    ...optional('supplierReference'),
    ...optional('description'),
    ...optional('note'),
    currencyId,
    exchangeRateMicro,
    dateMs,
    dueDateMs: dateMs + (terms?.dueDays ?? 30) * DAY_MS,
    financialPeriod: periodOf(dateMs),
    status,
    creditTermsId: supplier.creditTermsId,
    ...(supplier.paymentMethodId !== undefined ? { paymentMethodId: supplier.paymentMethodId } : {}),
    branchNumber: company.seed.defaults.branchNumber,
    lines,
    detailTotalMinor: totals.detailTotalMinor,
    vatTaxableTotalMinor: totals.vatTaxableTotalMinor,
    vatExemptTotalMinor: totals.vatExemptTotalMinor,
    vatTotalMinor: totals.vatTotalMinor,
    amountMinor: totals.amountMinor,
    balanceMinor: status === 'Closed' || status === 'Voided' ? 0 : totals.amountMinor,
    rowVersion: at.rowVersion,
    createdMs: at.current?.createdMs ?? at.nowMs,
    lastModifiedMs: at.nowMs,
  };
}

/**
 * Loads the company seed's purchase orders and supplier invoices (a VismaCompanyState reset hook). Seeded invoices take
 * `lastModifiedDateTime` (else `date`) as created and modified time.
 */
export function seedProcurement(company: VismaCompanyState): void {
  for (const po of company.seed.purchaseOrders ?? []) company.purchaseOrders.set(po.orderNbr, purchaseOrderFromSeed(po, company));
  for (const si of company.seed.supplierInvoices ?? []) {
    const at = Date.parse(si.lastModifiedDateTime ?? si.date);
    const record = buildSupplierInvoice(si, company, { seq: company.nextSupplierInvoiceSeq(), nowMs: at, rowVersion: company.nextRowVersion() });
    company.supplierInvoices.set(supplierInvoiceKey(record.documentType, record.referenceNumber), record);
  }
}

/** The plain shape of a stored invoice (the control route's PATCH merges into this and rebuilds). */
export function supplierInvoiceToSeed(r: VismaSupplierInvoiceRecord): VismaSupplierInvoiceSeed {
  return {
    documentType: r.documentType,
    referenceNumber: r.referenceNumber,
    supplierNumber: r.supplierNumber,
    ...(r.supplierReference !== undefined ? { supplierReference: r.supplierReference } : {}),
    ...(r.description !== undefined ? { description: r.description } : {}),
    ...(r.note !== undefined ? { note: r.note } : {}),
    currencyId: r.currencyId,
    exchangeRate: scaledText(r.exchangeRateMicro, 6),
    date: new Date(r.dateMs).toISOString(),
    status: r.status,
    lines: r.lines.map((l) => ({
      ...(l.inventoryNumber !== undefined ? { inventoryNumber: l.inventoryNumber } : {}),
      ...(l.transactionDescription !== undefined ? { transactionDescription: l.transactionDescription } : {}),
      quantity: l.quantity,
      unitCost: scaledText(BigInt(l.unitCostMinor), 2),
      vatCodeId: l.vatCategoryId,
      accountNumber: l.accountNumber,
      ...(l.poNumber !== undefined ? { poNumber: l.poNumber } : {}),
      ...(l.poLineNr !== undefined ? { poLineNr: l.poLineNr } : {}),
      ...(l.poReceiptNbr !== undefined ? { poReceiptNbr: l.poReceiptNbr } : {}),
      ...(l.poReceiptLineNbr !== undefined ? { poReceiptLineNbr: l.poReceiptLineNbr } : {}),
      ...(l.note !== undefined ? { note: l.note } : {}),
    })),
  };
}

/** A purchase order record from its seed (currency defaults to the base currency). */
export function purchaseOrderFromSeed(seed: VismaPurchaseOrderSeed, company: VismaCompanyState): VismaPurchaseOrderRecord {
  return {
    orderType: 'RegularOrder',
    orderNbr: seed.orderNbr,
    supplierNumber: seed.supplierNumber,
    currencyId: seed.currencyId ?? company.seed.baseCurrency,
    status: seed.status,
    lines: seed.lines.map((l) => ({ ...l })),
    ...(seed.description !== undefined ? { description: seed.description } : {}),
    ...(seed.receiptNbr !== undefined ? { receiptNbr: seed.receiptNbr } : {}),
    dateMs: Date.parse(seed.date),
  };
}

function rateOf(seed: VismaSupplierInvoiceSeed, currencyId: string, company: VismaCompanyState): bigint {
  if (currencyId === company.seed.baseCurrency) return QTY_ONE;
  if (seed.exchangeRate === undefined) throw vismaValidationError(`Error: 'exchangeRate' is needed for a document in ${currencyId} (base ${company.seed.baseCurrency}).`);
  const rate = decimal(seed.exchangeRate, 6, 'exchangeRate');
  if (rate <= 0n) throw vismaValidationError("Error: 'exchangeRate' must be positive.");
  return rate;
}

function decimal(text: string, scale: number, field: string): bigint {
  try {
    return toScaled(text, scale);
  } catch (err) {
    if (err instanceof VismaDecimalError) throw vismaValidationError(`The value of '${field}' must be a number.`);
    throw err;
  }
}

function readLine(seed: VismaSupplierInvoiceLineSeed, index: number, supplierNumber: string, company: VismaCompanyState): VismaSupplierInvoiceLineRecord {
  const where = `line ${index + 1}`;
  const quantity = decimal(seed.quantity, 6, 'quantity');
  if (quantity <= 0n) throw vismaValidationError(`Error: 'quantity' must be positive (${where}).`);
  const unitCostMinor = decimal(seed.unitCost, 2, 'unitCost');
  if (unitCostMinor < 0n) throw vismaValidationError(`Error: 'unitCost' cannot be negative (${where}).`);
  const item = seed.inventoryNumber === undefined ? undefined : company.inventoryItem(seed.inventoryNumber);
  if (seed.inventoryNumber !== undefined && (!item || item.active === false)) {
    throw vismaUnknownReference(`Item '${seed.inventoryNumber}' does not exist or is inactive (${where}).`);
  }
  const accountNumber = seed.accountNumber ?? company.seed.defaults.purchaseAccount ?? company.seed.accounts.find((a) => a.type === 'Expense')?.accountCD ?? '';
  if (!company.account(accountNumber)) throw vismaUnknownReference(`Account '${accountNumber}' does not exist (${where}).`);
  const supplier = company.suppliers.get(supplierNumber);
  const vatCategoryId = seed.vatCodeId ?? company.vatZone(supplier?.vatZoneId ?? '')?.defaultVatCategory ?? '';
  if (!company.vatCategory(vatCategoryId)) throw vismaUnknownReference(`VAT category '${vatCategoryId}' does not exist (${where}).`);
  checkPurchaseOrderLink(seed, supplierNumber, company, where);
  return {
    lineNumber: index + 1,
    ...(seed.inventoryNumber !== undefined ? { inventoryNumber: seed.inventoryNumber } : {}),
    ...(seed.transactionDescription !== undefined ? { transactionDescription: seed.transactionDescription } : item ? { transactionDescription: item.description.slice(0, 30) } : {}),
    quantity: scaledText(quantity, 6),
    uom: item?.uom ?? 'STK',
    isStockItem: item?.type === 'StockItem',
    unitCostMinor: Number(unitCostMinor),
    costMinor: Number(divRound(quantity * unitCostMinor, QTY_ONE)),
    accountNumber,
    vatCategoryId,
    ...(seed.poNumber !== undefined ? { poNumber: seed.poNumber } : {}),
    ...(seed.poLineNr !== undefined ? { poLineNr: seed.poLineNr } : {}),
    ...(seed.poReceiptNbr !== undefined ? { poReceiptNbr: seed.poReceiptNbr } : {}),
    ...(seed.poReceiptLineNbr !== undefined ? { poReceiptLineNbr: seed.poReceiptLineNbr } : {}),
    ...(seed.note !== undefined ? { note: seed.note } : {}),
  };
}

function checkPurchaseOrderLink(seed: VismaSupplierInvoiceLineSeed, supplierNumber: string, company: VismaCompanyState, where: string): void {
  if (seed.poNumber === undefined) {
    if (seed.poLineNr !== undefined || seed.poReceiptNbr !== undefined) throw vismaValidationError(`Error: 'poNumber' is needed with poLineNr/poReceiptNbr (${where}).`);
    return;
  }
  const po = company.purchaseOrders.get(seed.poNumber);
  if (!po) throw vismaUnknownReference(`Purchase order '${seed.poNumber}' does not exist (${where}).`);
  if (po.supplierNumber !== supplierNumber) throw vismaValidationError(`Error: 'poNumber' ${seed.poNumber} belongs to supplier ${po.supplierNumber}, not ${supplierNumber} (${where}).`);
  if (seed.poLineNr !== undefined) {
    const poLine = po.lines.find((l) => l.lineNbr === seed.poLineNr);
    if (!poLine) throw vismaValidationError(`Error: 'poLineNr' ${seed.poLineNr} is not a line of purchase order ${po.orderNbr} (${where}).`);
    if (seed.inventoryNumber !== undefined && poLine.inventoryNumber !== seed.inventoryNumber) {
      throw vismaValidationError(`Error: 'inventoryNumber' ${seed.inventoryNumber} differs from item ${poLine.inventoryNumber} of purchase order line ${po.orderNbr}/${poLine.lineNbr} (${where}).`);
    }
  }
  if (seed.poReceiptNbr !== undefined && po.receiptNbr !== seed.poReceiptNbr) {
    throw vismaValidationError(`Error: 'poReceiptNbr' ${seed.poReceiptNbr} is not a receipt of purchase order ${po.orderNbr} (${where}).`);
  }
}
