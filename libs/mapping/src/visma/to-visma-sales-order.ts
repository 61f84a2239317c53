import type { PostalAddress, SalesDocument } from '../canonical/sales-document';
import { parseDecimal } from '../money/decimal';
import { minorToJsonNumber } from '../money/money';
import type { MappingRules } from '../rules/mapping-rules.schema';
import { validateMapping } from '../validate';
import { planVismaDocument, type VismaDocumentPlan, type VismaLinePlan } from './visma-amounts';
import type { VismaSalesOrderAddressDraft, VismaSalesOrderContactDraft, VismaSalesOrderDraft, VismaSalesOrderLineDraft } from './visma-sales-order.dto';
import type { VismaOrderProblem, VismaSalesOrderSettings } from './visma-sales-order.settings';
import { SOURCE_SYSTEM_LABELS } from './to-visma-document';

/** Per-call context the caller resolves first. */
export type VismaSalesOrderContext = {
  /** Visma customer number matched/created for `doc.customer` (SalesOrderUpdateDto.customer). */
  customerNumber: string;
};

/** Where the posted order will be found again: by type and number (own numbering), or only by `customerRefNo`. */
export type VismaSalesOrderKeyPlan = { orderType: string; orderNumber: string | undefined; customerRefNo: string };

export type VismaSalesOrderResult =
  | { ok: true; document: VismaSalesOrderDraft; key: VismaSalesOrderKeyPlan; plan: VismaDocumentPlan }
  | { ok: false; problems: VismaOrderProblem[] };

const MAX_TEXT = 255;
const ORDER_NUMBER = /^[A-Za-z0-9_-]+$/;
/** validateMapping problems that do not apply to a sales order: its lines carry no ledger account. */
const NOT_FOR_SALES_ORDERS = new Set(['missing-account', 'missing-rounding-account']);

/**
 * The exactly-once order number of `doc` in numbering mode `own-number`: `settings.numbering.prefix` + the shop order
 * number, posted with `overrideNumberSeries: true` and looked up with GET /v1/salesorder/{orderType}/{orderNbr}.
 * @returns the number, or an `invalid-order-number` problem when it has characters other than letters, digits, `-`
 *   and `_`, or is longer than `settings.numbering.maxLength`
 */
export function vismaSalesOrderNumber(doc: SalesDocument, settings: VismaSalesOrderSettings): { ok: true; orderNumber: string } | { ok: false; problem: VismaOrderProblem } {
  const orderNumber = `${settings.numbering.prefix}${doc.orderNumber.trim()}`;
  if (ORDER_NUMBER.test(orderNumber) && orderNumber.length <= settings.numbering.maxLength) return { ok: true, orderNumber };
  return {
    ok: false,
    problem: {
      code: 'invalid-order-number',
      field: 'orderNumber',
      message:
        `The Visma order number '${orderNumber}' for order ${doc.orderNumber} must be at most ${settings.numbering.maxLength} letters, digits, - or _; ` +
        'shorten the prefix under Sales orders → Numbering, or let Visma number the orders.',
    },
  };
}

/**
 * Canonical order → body of POST /v1/salesorder (`SalesOrderUpdateDto`, operation SalesOrder_Post), balanced to the
 * shop's gross total like the customer invoice (`planVismaDocument`: prices excluding VAT, VAT per VAT code, a
 * rounding line within `rules.rounding.maxAdjustment`). Differences from the invoice, forced by the DTO:
 * - `SalesOrderLineUpdateDto` has **no account field**: the ledger account from the rules is kept in `plan` (preview)
 *   but not sent; Visma takes the sales account from the item / order type when the order is invoiced. Missing
 *   ledger accounts are therefore not problems here.
 * - every line needs an `inventoryNumber` ("Mandatory field"): the SKU for products (`inventory.productsBySku`),
 *   otherwise `inventory.byLineType[type]`, also for the rounding line;
 * - the VAT code goes to `taxCategory` (the VAT category, the same id the invoice sends as `vatCodeId`);
 * - there is no manual line amount, so lines are always quantity × unitPrice (`lineAmountMode` is ignored) and the
 *   rounding line absorbs the difference; discounts stay separate lines with a negative unit price;
 * - there is no exchange rate field (Visma uses its rate table).
 * Header: `customerOrder` = shop order number, `customerRefNo` = `doc.source.externalReference` (the look-up check),
 * `orderNumber` + `overrideNumberSeries` in `own-number` mode (see `vismaSalesOrderNumber`). Amounts leave minor units
 * only here, as JSON numbers.
 * @returns every problem at once, or the draft, its key and the plan (amounts in minor units)
 * @throws MappingError only for malformed documents (e.g. an unknown currency)
 */
export function toVismaSalesOrder(doc: SalesDocument, rules: MappingRules, settings: VismaSalesOrderSettings, ctx: VismaSalesOrderContext): VismaSalesOrderResult {
  if (doc.kind !== 'invoice') {
    return { ok: false, problems: [{ code: 'empty-document', field: 'kind', message: `Document ${doc.source.externalReference} is a ${doc.kind}; only orders become sales orders.` }] };
  }
  const problems: VismaOrderProblem[] = validateMapping(doc, rules).filter((p) => !NOT_FOR_SALES_ORDERS.has(p.code));
  if (ctx.customerNumber.trim() === '') {
    problems.push({ code: 'missing-customer-number', field: 'customerNumber', message: `No Visma customer is linked to ${doc.customer.email}; match or create the customer first.` });
  }
  const numbered = settings.numbering.mode === 'own-number' ? vismaSalesOrderNumber(doc, settings) : undefined;
  if (numbered && !numbered.ok) problems.push(numbered.problem);
  problems.push(...inventoryProblems(doc, settings));
  if (problems.length > 0) return { ok: false, problems };

  const planned = planVismaDocument(doc, { ...rules, invoice: { ...rules.invoice, lineAmountMode: 'price-times-quantity' } });
  if ('problems' in planned) return { ok: false, problems: planned.problems };
  const { plan } = planned;
  const skuOf = new Map(doc.lines.map((l) => [l.lineId, l.sku]));
  const lines = plan.lines.map((line, index) => lineDraft(line, index, inventoryNumberOf(line.type, skuOf.get(line.lineId), settings) ?? '', doc, rules));
  const document = header(doc, rules, settings, ctx, lines);
  if (numbered?.ok) {
    document.orderNumber = { value: numbered.orderNumber };
    document.overrideNumberSeries = { value: true };
  }
  return {
    ok: true,
    document,
    key: { orderType: settings.orderType, orderNumber: numbered?.ok ? numbered.orderNumber : undefined, customerRefNo: doc.source.externalReference },
    plan,
  };
}

function inventoryNumberOf(type: VismaLinePlan['type'], sku: string | undefined, settings: VismaSalesOrderSettings): string | undefined {
  if (type === 'product' && settings.inventory.productsBySku && sku !== undefined && sku.trim() !== '') return sku.trim();
  return settings.inventory.byLineType[type];
}

function inventoryProblems(doc: SalesDocument, settings: VismaSalesOrderSettings): VismaOrderProblem[] {
  const out: VismaOrderProblem[] = [];
  const reported = new Set<string>();
  const report = (type: VismaLinePlan['type'], field: string, what: string): void => {
    if (reported.has(type)) return;
    reported.add(type);
    out.push({
      code: 'missing-inventory-number',
      field,
      message: `No Visma inventory item is mapped for ${what}; Visma needs one on every sales order line. Add it under Sales orders → Inventory items.`,
    });
  };
  doc.lines.forEach((line, index) => {
    if (inventoryNumberOf(line.type, line.sku, settings) === undefined) {
      report(line.type, `lines[${index}].inventoryNumber`, line.type === 'product' ? `product line '${line.name}' (it has no SKU)` : `${line.type} lines`);
    }
  });
  if (settings.inventory.byLineType.rounding === undefined) report('rounding', 'inventory.byLineType.rounding', 'rounding lines');
  return out;
}

function lineDraft(line: VismaLinePlan, index: number, inventoryNumber: string, doc: SalesDocument, rules: MappingRules): VismaSalesOrderLineDraft {
  const quantity = parseDecimal(line.quantity, `lines[${index}].quantity`);
  const draft: VismaSalesOrderLineDraft = {
    operation: 'Insert',
    lineNbr: { value: index + 1 },
    inventoryNumber: { value: inventoryNumber },
    lineDescription: { value: line.description.slice(0, MAX_TEXT) },
    quantity: { value: Number(quantity.scale === 0 ? quantity.units.toString() : line.quantity) },
    unitPrice: { value: minorToJsonNumber(line.unitPriceMinor, doc.currency, `lines[${index}].unitPrice`) },
    taxCategory: { value: line.vatCodeId },
  };
  if (rules.invoice.uom !== undefined) draft.uom = { value: rules.invoice.uom };
  if (line.subaccount.length > 0) draft.subaccount = line.subaccount;
  if (rules.invoice.branchNumber !== undefined) draft.branchNumber = { value: rules.invoice.branchNumber };
  return draft;
}

function header(doc: SalesDocument, rules: MappingRules, settings: VismaSalesOrderSettings, ctx: VismaSalesOrderContext, lines: VismaSalesOrderLineDraft[]): VismaSalesOrderDraft {
  const date = `${doc.issueDate}T00:00:00`;
  const draft: VismaSalesOrderDraft = {
    orderType: { value: settings.orderType },
    customer: { value: ctx.customerNumber },
    date: { value: date },
    requestOn: { value: date },
    customerOrder: { value: doc.orderNumber },
    customerRefNo: { value: doc.source.externalReference },
    currency: { value: doc.currency },
    description: { value: `${SOURCE_SYSTEM_LABELS[doc.source.system] ?? doc.source.system} order ${doc.orderNumber}`.slice(0, MAX_TEXT) },
    hold: { value: rules.invoice.hold },
    lines,
  };
  if (rules.invoice.branchNumber !== undefined) draft.branchNumber = { value: rules.invoice.branchNumber };
  if (rules.invoice.customerVatZoneId !== undefined) draft.customerVATZone = { value: rules.invoice.customerVatZoneId };
  if (rules.invoice.creditTermsId !== undefined) draft.terms = { value: rules.invoice.creditTermsId };
  const paymentMethod = rules.invoice.paymentMethodIds[doc.paymentMethod] ?? rules.invoice.paymentMethodIds['*'];
  if (paymentMethod !== undefined) draft.paymentMethod = { value: paymentMethod };
  if (doc.note !== undefined) draft.note = { value: doc.note };
  if (rules.invoice.copyBillingAddress) {
    draft.soBillingAddress = { value: address(doc.customer.billingAddress) };
    draft.soBillingContact = { value: contact(doc.customer.billingAddress, doc) };
  }
  const shipping = doc.customer.shippingAddress;
  if (settings.copyShippingAddress && shipping !== undefined) {
    draft.soShippingAddress = { value: address(shipping) };
    draft.soShippingContact = { value: contact(shipping, doc) };
  }
  return draft;
}

function address(a: PostalAddress): VismaSalesOrderAddressDraft {
  const draft: VismaSalesOrderAddressDraft = {
    overrideAddress: { value: true },
    addressLine1: { value: a.line1 },
    postalCode: { value: a.postalCode },
    city: { value: a.city },
  };
  if (a.countryCode !== '') draft.countryId = { value: a.countryCode };
  if (a.line2 !== undefined) draft.addressLine2 = { value: a.line2 };
  if (a.region !== undefined) draft.county = { value: a.region };
  return draft;
}

function contact(a: PostalAddress, doc: SalesDocument): VismaSalesOrderContactDraft {
  const draft: VismaSalesOrderContactDraft = { overrideContact: { value: true }, name: { value: a.name || doc.customer.name } };
  const email = a.email ?? doc.customer.email;
  if (email !== '') draft.email = { value: email };
  const phone = a.phone ?? doc.customer.phone;
  if (phone !== undefined) draft.phone1 = { value: phone };
  return draft;
}
