import type { PostalAddress, SalesDocument } from '../canonical/sales-document';
import type { MappingProblem } from '../mapping-problem';
import { parseDecimal } from '../money/decimal';
import { minorToJsonNumber } from '../money/money';
import type { MappingRules } from '../rules/mapping-rules.schema';
import { validateMapping } from '../validate';
import { type VismaDocumentPlan, planVismaDocument } from './visma-amounts';
import type {
  VismaAddressDraft, VismaContactDraft, VismaCustomerCreditNoteDraft, VismaCustomerInvoiceDraft,
  VismaDocumentHeaderDraft, VismaDocumentLineDraft,
} from './visma-documents.dto';
import { type PostingSummary, buildPostingSummary } from './posting-summary';

/** Per-call context the caller resolves first (customer look-up, optional FX, credit application). */
export type VismaDocumentContext = {
  /** Visma customer number matched/created for `doc.customer` (mandatory in Visma). */
  customerNumber: string;
  /** Rate to send as `exchangeRate` (invoices only); omit to let Visma use its rate table. */
  exchangeRate?: string;
  /** Credit notes only: Visma refNbr of the invoice to apply the credit note to (opt-in). */
  applyToInvoiceRefNbr?: string;
};

export type VismaMappingResult<D> =
  | { ok: true; document: D; postingSummary: PostingSummary; plan: VismaDocumentPlan }
  | { ok: false; problems: MappingProblem[] };

const MAX_DESCRIPTION = 255;
/** How each shop system is named in document texts (`invoiceText`, `description`). */
export const SOURCE_SYSTEM_LABELS: Readonly<Record<string, string>> = { bigcommerce: 'BigCommerce', woocommerce: 'WooCommerce', 'adobe-commerce': 'Adobe Commerce', commercetools: 'commercetools' };

/**
 * Canonical invoice → body of POST /v2/customerinvoice (`CustomerInvoiceUpdateDto`), balanced to the
 * shop's gross total with a rounding line when needed (see `planVismaDocument` for the Visma
 * arithmetic assumed). `externalReference` = `doc.source.externalReference` (filter on
 * GET /v1/customerinvoice, used to find an already-posted order); `customerRefNumber` = shop order
 * number (what the customer quotes). Amounts leave minor units only here, as JSON numbers.
 * @returns all mapping problems at once, or the draft plus its posting summary (Σ = 0).
 * @throws MappingError only for malformed documents (e.g. unknown currency); mapping gaps are problems.
 */
export function toVismaCustomerInvoice(
  doc: SalesDocument,
  rules: MappingRules,
  ctx: VismaDocumentContext,
): VismaMappingResult<VismaCustomerInvoiceDraft> {
  if (doc.kind !== 'invoice') return kindProblem(doc, 'invoice');
  const prepared = prepare(doc, rules, ctx);
  if (!prepared.ok) return prepared;
  const { plan, header, lines } = prepared;
  const document: VismaCustomerInvoiceDraft = { ...header, invoiceLines: lines };
  if (ctx.exchangeRate !== undefined) {
    document.exchangeRate = { value: Number(normalizeDecimal(ctx.exchangeRate, 'exchangeRate')) };
  }
  if (rules.invoice.creditTermsId !== undefined) document.creditTermsId = { value: rules.invoice.creditTermsId };
  const paymentMethodId = rules.invoice.paymentMethodIds[doc.paymentMethod] ?? rules.invoice.paymentMethodIds['*'];
  if (paymentMethodId !== undefined) document.paymentMethodId = { value: paymentMethodId };
  if (rules.invoice.copyBillingAddress) document.billingAddress = { value: address(doc.customer.billingAddress) };
  return { ok: true, document, postingSummary: buildPostingSummary(plan, doc.kind, doc.currency, rules.accounts.receivable), plan };
}

/**
 * Canonical credit note → body of POST /v2/customerCreditNote (`CustomerCreditNoteUpdateDto`):
 * same rules as the invoice, lines in `lines`, address in `invoiceAddress`. The credited order is
 * referenced in `customerRefNumber` (order number) and `invoiceText`/`note` (original external
 * reference); with `ctx.applyToInvoiceRefNbr` the credit note is also applied to that invoice
 * (`applicationLines`, amountPaid = credit-note total).
 */
export function toVismaCustomerCreditNote(
  doc: SalesDocument,
  rules: MappingRules,
  ctx: VismaDocumentContext,
): VismaMappingResult<VismaCustomerCreditNoteDraft> {
  if (doc.kind !== 'credit-note') return kindProblem(doc, 'credit-note');
  const prepared = prepare(doc, rules, ctx);
  if (!prepared.ok) return prepared;
  const { plan, header, lines } = prepared;
  const document: VismaCustomerCreditNoteDraft = { ...header, lines };
  if (rules.invoice.copyBillingAddress) document.invoiceAddress = { value: address(doc.customer.billingAddress) };
  if (ctx.applyToInvoiceRefNbr !== undefined) {
    document.applicationLines = [{
      operation: 'Insert',
      documentType: { value: 'Invoice' },
      refNbr: { value: ctx.applyToInvoiceRefNbr },
      amountPaid: { value: minorToJsonNumber(plan.grossMinor, doc.currency) },
    }];
  }
  return { ok: true, document, postingSummary: buildPostingSummary(plan, doc.kind, doc.currency, rules.accounts.receivable), plan };
}

function kindProblem(doc: SalesDocument, expected: string): { ok: false; problems: MappingProblem[] } {
  return {
    ok: false,
    problems: [{ code: 'empty-document', field: 'kind', message: `Document ${doc.source.externalReference} is a ${doc.kind}, expected a ${expected}.` }],
  };
}

function prepare(
  doc: SalesDocument,
  rules: MappingRules,
  ctx: VismaDocumentContext,
): { ok: true; plan: VismaDocumentPlan; header: VismaDocumentHeaderDraft; lines: VismaDocumentLineDraft[] } | { ok: false; problems: MappingProblem[] } {
  const problems = validateMapping(doc, rules);
  if (ctx.customerNumber.trim() === '') {
    problems.push({
      code: 'missing-customer-number',
      field: 'customerNumber',
      message: `No Visma customer is linked to ${doc.customer.email}; match or create the customer first.`,
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  const planned = planVismaDocument(doc, rules);
  if ('problems' in planned) return { ok: false, problems: planned.problems };
  const { plan } = planned;
  const lines = plan.lines.map((line, index): VismaDocumentLineDraft => {
    const draft: VismaDocumentLineDraft = {
      operation: 'Insert',
      lineNumber: { value: index + 1 },
      description: { value: line.description.slice(0, MAX_DESCRIPTION) },
      quantity: { value: Number(normalizeDecimal(line.quantity, `lines[${index}].quantity`)) },
      unitPriceInCurrency: { value: minorToJsonNumber(line.unitPriceMinor, doc.currency, `lines[${index}].unitPrice`) },
      accountNumber: { value: line.accountNumber },
      vatCodeId: { value: line.vatCodeId },
    };
    if (line.isManualAmount) draft.manualAmountInCurrency = { value: minorToJsonNumber(line.amountMinor, doc.currency) };
    if (rules.invoice.uom !== undefined) draft.uom = { value: rules.invoice.uom };
    if (line.subaccount.length > 0) draft.subaccount = line.subaccount;
    if (rules.invoice.branchNumber !== undefined) draft.branchNumber = { value: rules.invoice.branchNumber };
    return draft;
  });
  return { ok: true, plan, header: header(doc, rules, ctx), lines };
}

function header(doc: SalesDocument, rules: MappingRules, ctx: VismaDocumentContext): VismaDocumentHeaderDraft {
  const system = SOURCE_SYSTEM_LABELS[doc.source.system] ?? doc.source.system;
  const text =
    doc.kind === 'invoice'
      ? `${system} order ${doc.orderNumber}`
      : `Credit for ${system} order ${doc.orderNumber} (refund ${doc.source.refundId ?? ''}, ${doc.originalExternalReference ?? ''})`;
  const draft: VismaDocumentHeaderDraft = {
    customerNumber: { value: ctx.customerNumber },
    documentDate: { value: `${doc.issueDate}T00:00:00` },
    currencyId: { value: doc.currency },
    externalReference: { value: doc.source.externalReference },
    customerRefNumber: { value: doc.orderNumber },
    invoiceText: { value: text.slice(0, MAX_DESCRIPTION) },
    hold: { value: rules.invoice.hold },
    dontPrint: { value: rules.invoice.dontPrint },
    dontEmail: { value: rules.invoice.dontEmail },
  };
  if (rules.invoice.branchNumber !== undefined) draft.branchNumber = { value: rules.invoice.branchNumber };
  if (rules.invoice.customerVatZoneId !== undefined) draft.customerVatZoneId = { value: rules.invoice.customerVatZoneId };
  if (rules.invoice.copyBillingAddress) draft.invoiceContact = { value: contact(doc) };
  if (doc.note !== undefined) draft.note = { value: doc.note };
  return draft;
}

function normalizeDecimal(text: string, field: string): string {
  const d = parseDecimal(text, field);
  return d.scale === 0 ? d.units.toString() : text;
}

function address(a: PostalAddress): VismaAddressDraft {
  const draft: VismaAddressDraft = {
    overrideAddress: { value: true },
    addressLine1: { value: a.line1 },
    postalCode: { value: a.postalCode },
    city: { value: a.city },
    countryId: { value: a.countryCode },
  };
  if (a.line2 !== undefined) draft.addressLine2 = { value: a.line2 };
  if (a.region !== undefined) draft.county = { value: a.region };
  return draft;
}

function contact(doc: SalesDocument): VismaContactDraft {
  const draft: VismaContactDraft = {
    overrideContact: { value: true },
    name: { value: doc.customer.billingAddress.name || doc.customer.name },
    email: { value: doc.customer.email },
  };
  if (doc.customer.phone !== undefined) draft.phone1 = { value: doc.customer.phone };
  return draft;
}
