/**
 * Checks the drafts against the property names of the Visma request DTOs. The name lists are copied
 * from /work/shared/specs/visma-net/visma-net-erp-api.v1_20250424.openapi.json
 * (angoyd/Visma.Net.Swagger @ cc958cd6, v1_20250424/swagger.json), components.schemas
 * CustomerInvoiceUpdateDto, CustomerInvoiceLinesUpdateDto, CustomerCreditNoteUpdateDto and
 * CustomerCreditNoteLineUpdateDto.
 */
import { bigCommerceOrderToSalesDocument, bigCommerceRefundToSalesDocument, toVismaCustomerCreditNote, toVismaCustomerInvoice } from '@mlc/mapping';
import { buildOrderBundle, buildRefund } from './bigcommerce-order.factory';
import { testRules } from './mapping-rules.fixture';

const INVOICE_DTO = ['paymentMethodId', 'creditTermsId', 'currencyId', 'customerRefNumber', 'cashDiscountDate', 'documentDueDate', 'externalReference', 'customerProject', 'exchangeRate', 'domesticServicesDeductibleDocument', 'rotRutDetails', 'paymentReference', 'contact', 'project', 'taxDetailLines', 'invoiceLines', 'sendToAutoInvoice', 'customerVatZoneId', 'billingAddress', 'invoiceContact', 'startDate', 'endDate', 'accountingCostRef', 'originatorDocRef', 'contractDocRef', 'revoked', 'overrideNumberSeries', 'directDebitMandateId', 'excludeDebtCollection', 'debtCollectionCaseNbr', 'debtCollectionCaseStatus', 'debtCollectionCaseType', 'debtCollectionCaseUrl', 'referenceNumber', 'customerNumber', 'childCustomerNumber', 'consolidateInvoices', 'documentDate', 'origInvoiceDate', 'hold', 'postPeriod', 'financialPeriod', 'invoiceText', 'locationId', 'salesPersonID', 'salesperson', 'note', 'branchNumber', 'cashAccount', 'dontPrint', 'dontEmail'];
const INVOICE_LINE_DTO = ['discountCode', 'domesticServicesDeductible', 'itemType', 'typeOfWork', 'taskId', 'startDate', 'endDate', 'operation', 'inventoryNumber', 'lineNumber', 'description', 'quantity', 'unitPriceInCurrency', 'manualAmountInCurrency', 'accountNumber', 'vatCodeId', 'uom', 'discountPercent', 'discountAmountInCurrency', 'manualDiscount', 'subaccount', 'salesperson', 'deferralSchedule', 'deferralCode', 'termStartDate', 'termEndDate', 'note', 'branchNumber'];
const CREDIT_NOTE_DTO = ['currencyId', 'customerRefNumber', 'externalReference', 'contact', 'project', 'lines', 'taxDetails', 'applicationLines', 'customerVatZoneId', 'invoiceAddress', 'invoiceContact', 'overrideNumberSeries', 'sendToAutoInvoice', 'referenceNumber', 'customerNumber', 'childCustomerNumber', 'consolidateInvoices', 'documentDate', 'origInvoiceDate', 'hold', 'postPeriod', 'financialPeriod', 'invoiceText', 'locationId', 'salesPersonID', 'salesperson', 'note', 'branchNumber', 'cashAccount', 'dontPrint', 'dontEmail'];
const CREDIT_NOTE_LINE_DTO = ['discountCode', 'taskId', 'operation', 'inventoryNumber', 'lineNumber', 'description', 'quantity', 'unitPriceInCurrency', 'manualAmountInCurrency', 'accountNumber', 'vatCodeId', 'uom', 'discountPercent', 'discountAmountInCurrency', 'manualDiscount', 'subaccount', 'salesperson', 'deferralSchedule', 'deferralCode', 'termStartDate', 'termEndDate', 'note', 'branchNumber'];
/** Fields that are not value-wrapped in request DTOs. */
const PLAIN = new Set(['invoiceLines', 'lines', 'applicationLines', 'operation', 'subaccount']);

function expectShape(body: Record<string, unknown>, allowed: readonly string[]): void {
  for (const [key, value] of Object.entries(body)) {
    expect(allowed).toContain(key);
    if (!PLAIN.has(key)) expect(Object.keys(value as object)).toEqual(['value']);
  }
}

const spec = {
  id: 400, currency: 'NOK', country: 'NO', inclusive: true,
  lines: [{ id: 1, sku: 'A-1', qty: 3, unit: '33.33', ratePercent: '25' }], shipping: { amount: '49.00', ratePercent: '25' },
} as const;
const options = { storeId: 'store-1', issueDate: '2025-03-31' };

describe('Visma draft shape', () => {
  it('should only use CustomerInvoiceUpdateDto fields, value-wrapped, when building an invoice', () => {
    const doc = bigCommerceOrderToSalesDocument(buildOrderBundle({ ...spec, lines: [...spec.lines] }), options);
    const result = toVismaCustomerInvoice(doc, testRules(), { customerNumber: '10001', exchangeRate: '1' });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));

    expectShape(result.document, INVOICE_DTO);
    result.document.invoiceLines.forEach((line) => expectShape(line, INVOICE_LINE_DTO));
    expect(result.document.invoiceText.value).toBe('BigCommerce order 400');
    expect(result.document.documentDate.value).toBe('2025-03-31T00:00:00');
  });

  it('should only use CustomerCreditNoteUpdateDto fields, value-wrapped, when building a credit note', () => {
    const bundle = buildOrderBundle({ ...spec, lines: [...spec.lines] });
    const refund = buildRefund({ id: 9, order_id: 400, total_amount: 33.33, total_tax: 6.67, items: [{ item_type: 'PRODUCT', item_id: 1, quantity: 1, requested_amount: null }] });
    const doc = bigCommerceRefundToSalesDocument(bundle, refund, options);
    const result = toVismaCustomerCreditNote(doc, testRules(), { customerNumber: '10001', applyToInvoiceRefNbr: '5' });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));

    expectShape(result.document, CREDIT_NOTE_DTO);
    result.document.lines.forEach((line) => expectShape(line, CREDIT_NOTE_LINE_DTO));
    expect(result.document.invoiceText.value).toContain('bc:store-1:400');
  });
});
