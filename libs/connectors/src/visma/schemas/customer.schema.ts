/**
 * Customer schemas: `CustomerDto` (response, plain) and a plain subset of `CustomerUpdateDto` (request, wrapped on
 * send). Source: components/schemas/CustomerDto and CustomerUpdateDto in visma-net-erp-api.v1_20250424.openapi.json.
 * "Mandatory field" notes in the spec: number (unless auto-numbered), name, status.
 */
import { z } from 'zod';
import {
  ADDRESS,
  ADDRESS_INPUT,
  CONTACT,
  CONTACT_INPUT,
  DECIMAL_FROM_NUMBER,
  DECIMAL_INPUT,
  ID_DESCRIPTION,
  METADATA,
  NUMBER_NAME,
  OPT_BOOLEAN,
  OPT_DATE_TIME,
  OPT_INT,
  OPT_STRING,
} from './common.schema';

export const VISMA_CUSTOMER_STATUSES = ['Active', 'OnHold', 'CreditHold', 'Inactive', 'OneTime'] as const;
export type VismaCustomerStatus = (typeof VISMA_CUSTOMER_STATUSES)[number];

/** `CustomerDto` (GET /v1/customer, GET /v1/customer/{customerCd}). `number` is the customer's id (customerCd). */
export const VISMA_CUSTOMER = z
  .object({
    internalId: OPT_INT,
    number: z.string(),
    name: OPT_STRING,
    status: z.enum(VISMA_CUSTOMER_STATUSES).nullish(),
    mainAddress: ADDRESS.nullish(),
    mainContact: CONTACT.nullish(),
    accountReference: OPT_STRING,
    parentRecord: NUMBER_NAME.nullish(),
    customerClass: ID_DESCRIPTION.nullish(),
    creditTerms: ID_DESCRIPTION.nullish(),
    currencyId: OPT_STRING,
    creditLimit: DECIMAL_FROM_NUMBER,
    invoiceAddress: ADDRESS.nullish(),
    invoiceContact: CONTACT.nullish(),
    deliveryAddress: ADDRESS.nullish(),
    deliveryContact: CONTACT.nullish(),
    acceptAutoInvoices: OPT_BOOLEAN,
    sendInvoicesByEmail: OPT_BOOLEAN,
    vatRegistrationId: OPT_STRING,
    corporateId: OPT_STRING,
    gln: OPT_STRING,
    vatZone: ID_DESCRIPTION.nullish(),
    priceClass: ID_DESCRIPTION.nullish(),
    defaultPaymentMethodId: OPT_STRING,
    lastModifiedDateTime: OPT_DATE_TIME,
    createdDateTime: OPT_DATE_TIME,
    metadata: METADATA.nullish(),
  })
  .passthrough();
export type VismaCustomer = z.infer<typeof VISMA_CUSTOMER>;

export const VISMA_CUSTOMER_LIST = z.array(VISMA_CUSTOMER);

/** Plain input for POST /v1/customer and PUT /v1/customer/{customerCd} (subset of `CustomerUpdateDto`). */
export const VISMA_CUSTOMER_INPUT = z
  .object({
    /** Omit to let the number series assign one (`overrideNumberSeries` false). */
    number: z.string().min(1).max(30).optional(),
    name: z.string().min(1).max(255).optional(),
    status: z.enum(VISMA_CUSTOMER_STATUSES).optional(),
    accountReference: z.string().optional(),
    currencyId: z.string().length(3).optional(),
    creditLimit: DECIMAL_INPUT.optional(),
    customerClassId: z.string().optional(),
    creditTermsId: z.string().optional(),
    vatRegistrationId: z.string().optional(),
    corporateId: z.string().optional(),
    vatZoneId: z.string().optional(),
    gln: z.string().optional(),
    note: z.string().optional(),
    priceClassId: z.string().optional(),
    acceptAutoInvoices: z.boolean().optional(),
    sendInvoicesByEmail: z.boolean().optional(),
    overrideNumberSeries: z.boolean().optional(),
    mainAddress: ADDRESS_INPUT.optional(),
    mainContact: CONTACT_INPUT.optional(),
    invoiceAddress: ADDRESS_INPUT.optional(),
    invoiceContact: CONTACT_INPUT.optional(),
    deliveryAddress: ADDRESS_INPUT.optional(),
    deliveryContact: CONTACT_INPUT.optional(),
  })
  .strict();
export type VismaCustomerInput = z.input<typeof VISMA_CUSTOMER_INPUT>;
