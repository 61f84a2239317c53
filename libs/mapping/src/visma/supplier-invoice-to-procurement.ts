/**
 * Visma.net supplier invoice → procurement updates for the shop (product cost per SKU).
 * Field names: `SupplierInvoiceDto` and `SupplierInvoiceLineDto` of
 * shared/specs/visma-net/visma-net-erp-api.v1_20250424.openapi.json.
 */
import type { ProcurementDocument, ProductProcurementUpdate } from '../canonical/procurement';
import { MappingError } from '../mapping.error';
import { type Decimal, decimalFromNumber, formatDecimal, parseDecimal } from '../money/decimal';
import { currencyExponent } from '../money/money';

/** A Visma amount: a JSON number (`format: double`), or the decimal string a connector schema made of it. */
export type VismaAmountInput = number | string | null | undefined;

/** The part of `SupplierInvoiceLineDto` the mapping reads. */
export type VismaSupplierInvoiceLineInput = {
  lineNumber?: number | null | undefined;
  /** "Item ID": the inventory item = the shop's SKU. */
  inventoryNumber?: string | null | undefined;
  transactionDescription?: string | null | undefined;
  quantity?: VismaAmountInput;
  uom?: string | null | undefined;
  /** Unit cost in the company's default (base) currency. */
  unitCost?: VismaAmountInput;
  /** Unit cost in the document's currency (`currencyId`). */
  unitCostInCurrency?: VismaAmountInput;
  discountPercent?: VismaAmountInput;
  discountAmount?: VismaAmountInput;
  /** Unit cost after the line discount, default (base) currency. */
  discountUnitCost?: VismaAmountInput;
  /** Unit cost after the line discount, document currency. */
  discountUnitCostInCurrency?: VismaAmountInput;
  /** The purchase order linked to this line. */
  poNumber?: string | null | undefined;
  poLineNr?: number | null | undefined;
  /** The purchase receipt linked to this line. */
  poReceiptNbr?: string | null | undefined;
  poReceiptLineNbr?: number | null | undefined;
  [key: string]: unknown;
};

/** The part of `SupplierInvoiceDto` the mapping reads. */
export type VismaSupplierInvoiceInput = {
  referenceNumber?: string | null | undefined;
  /** Check, CreditAdj, DebitAdj, Invoice, Prepayment, … */
  documentType?: string | null | undefined;
  /** "The date of the original supplier ledger document" (date-time). */
  date?: string | null | undefined;
  currencyId?: string | null | undefined;
  supplier?: { number?: string | null | undefined; name?: string | null | undefined } | null | undefined;
  invoiceLines?: readonly VismaSupplierInvoiceLineInput[] | null | undefined;
  [key: string]: unknown;
};

const DATE_PREFIX = /^(\d{4}-\d{2}-\d{2})(?:$|T)/;

function present(value: VismaAmountInput): value is number | string {
  return value !== undefined && value !== null && value !== '';
}

function decimalOf(value: number | string, field: string): Decimal {
  return typeof value === 'number' ? decimalFromNumber(value, field) : parseDecimal(value.trim(), field);
}

const isNonZero = (value: VismaAmountInput, field: string): boolean => present(value) && decimalOf(value, field).units !== 0n;

/**
 * The line's unit cost in the base currency, as Visma computed it, or the reason there is none. After a line discount
 * (`discountAmount` / `discountPercent` ≠ 0) the discounted unit cost is the product's cost.
 */
function baseUnitCost(line: VismaSupplierInvoiceLineInput, isBaseDocument: boolean, path: string): Decimal | string {
  const hasDiscount = isNonZero(line.discountAmount, `${path}.discountAmount`) || isNonZero(line.discountPercent, `${path}.discountPercent`);
  const [base, document] = hasDiscount
    ? [line.discountUnitCost, line.discountUnitCostInCurrency]
    : [line.unitCost, line.unitCostInCurrency];
  const baseField = hasDiscount ? 'discountUnitCost' : 'unitCost';
  if (present(base)) return decimalOf(base, `${path}.${baseField}`);
  if (isBaseDocument && present(document)) return decimalOf(document, `${path}.${baseField}InCurrency`);
  return `no ${baseField} in the base currency`;
}

/**
 * Visma.net supplier invoice (`GET /v1/supplierInvoice/{number}`) → the product costs it sets in the shop.
 *
 * Rules:
 * - Only a `documentType` of `Invoice` sets costs (credit and debit adjustments, prepayments… are skipped line by
 *   line), and only its lines tied to a purchase order: `poNumber`, or a purchase receipt `poReceiptNbr` (then
 *   `purchaseOrderNumber` is ''). Other lines are skipped with a reason, as are lines without an `inventoryNumber`
 *   (a non-stock expense), with a quantity that is not positive, or with a negative cost.
 * - **Currency.** Adobe Commerce's `cost` is in the website's base currency, which the caller says is the Visma
 *   company's base currency `options.baseCurrency`. The unit cost is Visma's own base-currency figure: `unitCost`
 *   (or `discountUnitCost` after a line discount), which the line DTO describes as the default-currency amount next to
 *   `unitCostInCurrency` in the document's currency (Acumatica's UnitCost/CuryUnitCost pair). No rate of ours is
 *   applied; when the document is in the base currency the `…InCurrency` figure stands in for a missing base figure,
 *   otherwise such a line is skipped.
 * - The cost is exact: Visma's JSON number is read through its shortest decimal form and written as a canonical
 *   decimal string (no trailing zeros), never through float arithmetic.
 * - **The same SKU on two lines: the later line wins** (higher `lineNumber`, then the later one in `invoiceLines`):
 *   the last word on a product's price on this invoice; the earlier line is listed in `skipped` as superseded.
 * @param options `baseCurrency`: the Visma company's base currency = the Commerce website's base currency.
 * @returns the document with its `updates` (in line order) and `skipped` lines.
 * @throws MappingError `missing-field` `referenceNumber` / `date`, `invalid-field` `date`, `unknown-currency`
 *   `baseCurrency`, `invalid-decimal` naming a line's amount field.
 */
export function supplierInvoiceToProcurement(invoice: VismaSupplierInvoiceInput, options: { baseCurrency: string }): ProcurementDocument {
  const supplierInvoiceNumber = (invoice.referenceNumber ?? '').trim();
  if (!supplierInvoiceNumber) throw new MappingError('missing-field', 'referenceNumber', 'is required');
  const dateText = (invoice.date ?? '').trim();
  const date = DATE_PREFIX.exec(dateText)?.[1];
  if (!date) throw new MappingError(dateText ? 'invalid-field' : 'missing-field', 'date', 'expected a date "YYYY-MM-DD" or date-time');
  const baseCurrency = options.baseCurrency.trim().toUpperCase();
  currencyExponent(baseCurrency, 'baseCurrency');
  const documentCurrency = (invoice.currencyId ?? '').trim().toUpperCase();
  const isBaseDocument = documentCurrency === '' || documentCurrency === baseCurrency;
  const documentType = (invoice.documentType ?? '').trim();
  const skipped: ProcurementDocument['skipped'] = [];
  const lines = (invoice.invoiceLines ?? []).map((line, index) => ({ line, index, lineNumber: Number.isSafeInteger(line.lineNumber) ? (line.lineNumber as number) : index + 1 }));
  lines.sort((a, b) => a.lineNumber - b.lineNumber || a.index - b.index);
  const bySku = new Map<string, { update: ProductProcurementUpdate; lineNumber: number }>();
  for (const { line, index, lineNumber } of lines) {
    const path = `invoiceLines[${index}]`;
    const skip = (reason: string) => skipped.push({ lineNumber, reason });
    if (documentType !== 'Invoice') { skip(`document type ${documentType || 'unknown'} sets no product costs (only Invoice)`); continue; }
    const poNumber = (line.poNumber ?? '').trim();
    if (!poNumber && !(line.poReceiptNbr ?? '').trim()) { skip('not from a purchase order (no poNumber or poReceiptNbr)'); continue; }
    const sku = (line.inventoryNumber ?? '').trim();
    if (!sku) { skip('no inventory number (not a product)'); continue; }
    if (!present(line.quantity) || decimalOf(line.quantity, `${path}.quantity`).units <= 0n) { skip('quantity is not positive'); continue; }
    const cost = baseUnitCost(line, isBaseDocument, path);
    if (typeof cost === 'string') { skip(cost); continue; }
    if (cost.units < 0n) { skip('negative unit cost'); continue; }
    const previous = bySku.get(sku);
    if (previous) skipped.push({ lineNumber: previous.lineNumber, reason: `superseded by line ${lineNumber} (same SKU ${sku})` });
    bySku.set(sku, {
      lineNumber,
      update: { sku, unitCost: formatDecimal(cost), currency: baseCurrency, supplierInvoiceNumber, purchaseOrderNumber: poNumber, supplierInvoiceDate: date },
    });
  }
  const updates = [...bySku.values()].sort((a, b) => a.lineNumber - b.lineNumber).map((u) => u.update);
  return {
    supplierInvoiceNumber,
    documentType,
    supplier: (invoice.supplier?.number ?? '').trim(),
    date,
    currency: baseCurrency,
    updates,
    skipped: skipped.sort((a, b) => a.lineNumber - b.lineNumber),
  };
}
