/**
 * Sales order schemas: `SalesOrderDto` / `SalesOrderLineDto` (responses of GET /v1/salesorder…, plain) and a strict,
 * value-wrapped subset of `SalesOrderUpdateDto` / `SalesOrderLineUpdateDto` (request of POST /v1/salesorder,
 * operation SalesOrder_Post). Source: components/schemas of visma-net-erp-api.v1_20250424.openapi.json.
 * "Mandatory field" notes in the spec: `orderType`; `customer` unless `vatRegistrationId` or `gln` is given; the
 * line's `inventoryNumber` (`inventoryId` is deprecated). The line DTO has **no ledger account**: Visma takes the
 * sales account from the item / order type when the order is invoiced. Amounts are decimal strings in responses
 * (see common.schema.ts); requests carry JSON numbers that the caller built from minor units.
 */
import { z } from 'zod';
import { DECIMAL_FROM_NUMBER, ID_DESCRIPTION, METADATA, NUMBER_NAME, OPT_BOOLEAN, OPT_DATE_TIME, OPT_INT, OPT_STRING, SEGMENT_INPUT } from './common.schema';
import {
  WRAPPED_ADDRESS_FIELDS,
  WRAPPED_BOOLEAN,
  WRAPPED_CONTACT_FIELDS,
  WRAPPED_DATE_TIME,
  WRAPPED_DECIMAL,
  WRAPPED_INT,
  WRAPPED_TEXT,
  wrappedValue,
} from './wrapped-document.schema';

/** `SalesOrderDto.status` and the `status` filter of GET /v1/salesorder. */
export const VISMA_SALES_ORDER_STATUSES = ['Open', 'Hold', 'CreditHold', 'Completed', 'Cancelled', 'BackOrder', 'Shipping', 'Invoiced', 'PendingApproval', 'Voided'] as const;
export type VismaSalesOrderStatus = (typeof VISMA_SALES_ORDER_STATUSES)[number];

/** `SalesOrderLineDto` (subset; unknown fields pass through). */
export const VISMA_SALES_ORDER_LINE = z
  .object({
    lineNbr: OPT_INT,
    sortOrder: OPT_INT,
    inventory: z.object({ number: OPT_STRING, description: OPT_STRING }).passthrough().nullish(),
    warehouse: ID_DESCRIPTION.nullish(),
    uom: OPT_STRING,
    quantity: DECIMAL_FROM_NUMBER,
    openQty: DECIMAL_FROM_NUMBER,
    unitPrice: DECIMAL_FROM_NUMBER,
    discountPercent: DECIMAL_FROM_NUMBER,
    discountAmount: DECIMAL_FROM_NUMBER,
    manualDiscount: OPT_BOOLEAN,
    discUnitPrice: DECIMAL_FROM_NUMBER,
    /** "The extended price, which is the unit price multiplied by the quantity" (before the line discount). */
    extPrice: DECIMAL_FROM_NUMBER,
    lineDescription: OPT_STRING,
    /** The line's VAT category ("VAT code > The VAT category of the goods"). */
    taxCategory: OPT_STRING,
    subaccount: z.object({ id: OPT_STRING, description: OPT_STRING, active: OPT_BOOLEAN }).passthrough().nullish(),
    branchNumber: NUMBER_NAME.nullish(),
    note: OPT_STRING,
  })
  .passthrough();

/** `SalesOrderDto` (GET /v1/salesorder/{orderType}/{orderNbr}, GET /v1/salesorder). The key is (orderType, orderNo). */
export const VISMA_SALES_ORDER = z
  .object({
    orderType: z.string(),
    orderNo: z.string(),
    status: z.enum(VISMA_SALES_ORDER_STATUSES).nullish(),
    hold: OPT_BOOLEAN,
    date: OPT_DATE_TIME,
    requestOn: OPT_DATE_TIME,
    customerOrder: OPT_STRING,
    /** "External reference: the reference number of the sales order in a third-party application". */
    customerRefNo: OPT_STRING,
    customer: z.object({ internalId: OPT_INT, number: OPT_STRING, name: OPT_STRING }).passthrough().nullish(),
    currency: OPT_STRING,
    description: OPT_STRING,
    orderTotal: DECIMAL_FROM_NUMBER,
    orderTotalInBaseCurrency: DECIMAL_FROM_NUMBER,
    vatTaxableTotal: DECIMAL_FROM_NUMBER,
    vatExemptTotal: DECIMAL_FROM_NUMBER,
    taxTotal: DECIMAL_FROM_NUMBER,
    discountTotal: DECIMAL_FROM_NUMBER,
    exchangeRate: DECIMAL_FROM_NUMBER,
    branchNumber: NUMBER_NAME.nullish(),
    customerVATZone: ID_DESCRIPTION.nullish(),
    invoiceNbr: OPT_STRING,
    note: OPT_STRING,
    lastModifiedDateTime: OPT_DATE_TIME,
    lines: z.array(VISMA_SALES_ORDER_LINE).nullish(),
    metadata: METADATA.nullish(),
  })
  .passthrough();
export type VismaSalesOrder = z.infer<typeof VISMA_SALES_ORDER>;
export const VISMA_SALES_ORDER_LIST = z.array(VISMA_SALES_ORDER);

/** One value-wrapped `SalesOrderLineUpdateDto` (strict subset). `operation` and `subaccount` are plain in the spec. */
export const VISMA_SALES_ORDER_LINE_DOCUMENT = z
  .object({
    operation: z.enum(['Insert', 'Update', 'Delete']),
    lineNbr: WRAPPED_INT.optional(),
    inventoryNumber: wrappedValue(z.string().min(1)),
    warehouse: WRAPPED_TEXT().optional(),
    uom: WRAPPED_TEXT().optional(),
    quantity: WRAPPED_DECIMAL.optional(),
    unitPrice: WRAPPED_DECIMAL.optional(),
    unitCost: WRAPPED_DECIMAL.optional(),
    discountPercent: WRAPPED_DECIMAL.optional(),
    discountAmount: WRAPPED_DECIMAL.optional(),
    manualDiscount: WRAPPED_BOOLEAN.optional(),
    discountCode: WRAPPED_TEXT().optional(),
    lineDescription: WRAPPED_TEXT().optional(),
    note: WRAPPED_TEXT().optional(),
    taxCategory: WRAPPED_TEXT().optional(),
    subaccount: z.array(SEGMENT_INPUT).optional(),
    branchNumber: WRAPPED_TEXT().optional(),
    salesOrderOperation: wrappedValue(z.enum(['Issue', 'Receipt'])).optional(),
    requestedOn: WRAPPED_DATE_TIME.optional(),
    shipOn: WRAPPED_DATE_TIME.optional(),
    freeItem: WRAPPED_BOOLEAN.optional(),
    reasonCode: WRAPPED_TEXT().optional(),
    salesPerson: WRAPPED_TEXT().optional(),
    alternateID: WRAPPED_TEXT().optional(),
    externalLink: WRAPPED_TEXT().optional(),
  })
  .strict();

const SO_ADDRESS = wrappedValue(z.object({ overrideAddress: WRAPPED_BOOLEAN.optional(), ...WRAPPED_ADDRESS_FIELDS }).strict());
const SO_CONTACT = wrappedValue(z.object({ overrideContact: WRAPPED_BOOLEAN.optional(), ...WRAPPED_CONTACT_FIELDS }).strict());

/**
 * A value-wrapped `SalesOrderUpdateDto` for POST /v1/salesorder (strict subset: a field outside it is refused with a
 * ZodError so a misspelt field never goes to Visma unnoticed). `orderType` and a non-empty `lines` are required, and a
 * customer (`customer`, or `vatRegistrationId`/`gln` per the spec). With `overrideNumberSeries: true` the
 * `orderNumber` is required too: it is our exactly-once key (see VismaSalesOrderClient).
 */
export const VISMA_SALES_ORDER_DOCUMENT = z
  .object({
    orderType: wrappedValue(z.string().min(1)),
    orderNumber: wrappedValue(z.string().min(1)).optional(),
    overrideNumberSeries: WRAPPED_BOOLEAN.optional(),
    customer: wrappedValue(z.string().min(1)).optional(),
    vatRegistrationId: WRAPPED_TEXT().optional(),
    gln: WRAPPED_TEXT().optional(),
    location: WRAPPED_TEXT().optional(),
    contactId: WRAPPED_INT.optional(),
    date: WRAPPED_DATE_TIME.optional(),
    requestOn: WRAPPED_DATE_TIME.optional(),
    customerOrder: WRAPPED_TEXT().optional(),
    customerRefNo: WRAPPED_TEXT().optional(),
    currency: wrappedValue(z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code')).optional(),
    description: WRAPPED_TEXT().optional(),
    branchNumber: WRAPPED_TEXT().optional(),
    note: WRAPPED_TEXT().optional(),
    hold: WRAPPED_BOOLEAN.optional(),
    customerVATZone: WRAPPED_TEXT().optional(),
    terms: WRAPPED_TEXT().optional(),
    paymentMethod: WRAPPED_TEXT().optional(),
    paymentRef: WRAPPED_TEXT().optional(),
    cashAccount: WRAPPED_TEXT().optional(),
    salesPerson: WRAPPED_TEXT().optional(),
    shipVia: WRAPPED_TEXT().optional(),
    preferredWarehouse: WRAPPED_TEXT().optional(),
    invoiceSeparately: WRAPPED_BOOLEAN.optional(),
    shipSeparately: WRAPPED_BOOLEAN.optional(),
    printDescriptionOnInvoice: WRAPPED_BOOLEAN.optional(),
    printNoteOnExternalDocuments: WRAPPED_BOOLEAN.optional(),
    printNoteOnInternalDocuments: WRAPPED_BOOLEAN.optional(),
    soBillingAddress: SO_ADDRESS.optional(),
    soBillingContact: SO_CONTACT.optional(),
    soShippingAddress: SO_ADDRESS.optional(),
    soShippingContact: SO_CONTACT.optional(),
    lines: z.array(VISMA_SALES_ORDER_LINE_DOCUMENT).min(1),
  })
  .strict()
  .refine((d) => d.customer !== undefined || d.vatRegistrationId !== undefined || d.gln !== undefined, {
    message: 'customer is mandatory unless vatRegistrationId or gln is given',
    path: ['customer'],
  })
  .refine((d) => d.overrideNumberSeries?.value !== true || d.orderNumber !== undefined, {
    message: 'orderNumber is required when overrideNumberSeries is true',
    path: ['orderNumber'],
  });
/** The value-wrapped body of POST /v1/salesorder, as libs/mapping builds it. */
export type VismaSalesOrderDocument = z.input<typeof VISMA_SALES_ORDER_DOCUMENT>;
