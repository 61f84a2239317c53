/**
 * Supplier schemas: `SupplierDto` (responses of GET /v1/supplier…, plain), `SupplierClassDto` (GET
 * /v1/supplier/supplierClass) and a strict, value-wrapped subset of `SupplierUpdateDto` (request of POST
 * /v1/supplier and PUT /v1/supplier/{supplierCd}). Source: components/schemas of
 * visma-net-erp-api.v1_20250424.openapi.json. "Mandatory field" notes in SupplierDto: number (Supplier ID, assigned
 * by the number series when omitted), name, status and supplier class. `timeStamp` (format byte) is "an identifier
 * that represents a specific version of the resource" — the ETag of list items (README §1 "Optimistic locking").
 */
import { z } from 'zod';
import { ADDRESS, CONTACT, ID_DESCRIPTION, METADATA, NUMBER_NAME, OPT_DATE_TIME, OPT_INT, OPT_STRING } from './common.schema';
import { WRAPPED_ADDRESS_FIELDS, WRAPPED_BOOLEAN, WRAPPED_CONTACT_FIELDS, WRAPPED_INT, WRAPPED_TEXT, wrappedValue } from './wrapped-document.schema';

/** `SupplierDto.status`, `DtoValueOfSupplierStatus` and the `status` filter of GET /v1/supplier. */
export const VISMA_SUPPLIER_STATUSES = ['Active', 'OnHold', 'HoldPayments', 'Inactive', 'OneTime'] as const;
export type VismaSupplierStatus = (typeof VISMA_SUPPLIER_STATUSES)[number];

/** `SupplierDto` (subset; unknown fields pass through). `number` is the supplier's id (supplierCd). */
export const VISMA_SUPPLIER = z
  .object({
    internalId: OPT_INT,
    number: z.string(),
    name: OPT_STRING,
    status: z.enum(VISMA_SUPPLIER_STATUSES).nullish(),
    mainAddress: ADDRESS.nullish(),
    mainContact: CONTACT.nullish(),
    remitAddress: ADDRESS.nullish(),
    remitContact: CONTACT.nullish(),
    supplierAddress: ADDRESS.nullish(),
    supplierContact: CONTACT.nullish(),
    accountReference: OPT_STRING,
    parentRecord: NUMBER_NAME.nullish(),
    supplierClass: ID_DESCRIPTION.nullish(),
    creditTerms: ID_DESCRIPTION.nullish(),
    paymentMethod: ID_DESCRIPTION.nullish(),
    currencyId: OPT_STRING,
    vatRegistrationId: OPT_STRING,
    corporateId: OPT_STRING,
    vatZone: ID_DESCRIPTION.nullish(),
    note: OPT_STRING,
    lastModifiedDateTime: OPT_DATE_TIME,
    /** Base64 row version; `"<timeStamp>"` is the record's ETag (see `supplierEtagFromTimestamp`). */
    timeStamp: OPT_STRING,
    metadata: METADATA.nullish(),
  })
  .passthrough();
export type VismaSupplier = z.infer<typeof VISMA_SUPPLIER>;
export const VISMA_SUPPLIER_LIST = z.array(VISMA_SUPPLIER);

/** `SupplierClassDto` (GET /v1/supplier/supplierClass[/{supplierClassId}]). */
export const VISMA_SUPPLIER_CLASS = z
  .object({ id: z.string(), description: OPT_STRING, paymentMethodId: OPT_STRING, paymentMethodDescription: OPT_STRING, timeStamp: OPT_STRING })
  .passthrough();
export type VismaSupplierClass = z.infer<typeof VISMA_SUPPLIER_CLASS>;
export const VISMA_SUPPLIER_CLASS_LIST = z.array(VISMA_SUPPLIER_CLASS);

/**
 * A value-wrapped `SupplierUpdateDto` (strict subset) for POST /v1/supplier and PUT /v1/supplier/{supplierCd}.
 * On create the spec's mandatory fields are `name` and `supplierClassId` (checked by `VISMA_SUPPLIER_CREATE_DOCUMENT`);
 * an update sends only the fields it changes. `overrideWithClassValues` is a plain boolean in the spec.
 */
export const VISMA_SUPPLIER_DOCUMENT = z
  .object({
    number: wrappedValue(z.string().min(1).max(30)).optional(),
    name: wrappedValue(z.string().min(1).max(255)).optional(),
    status: wrappedValue(z.enum(VISMA_SUPPLIER_STATUSES)).optional(),
    accountReference: WRAPPED_TEXT().optional(),
    numberOfEmployees: WRAPPED_INT.optional(),
    parentRecordNumber: WRAPPED_TEXT().optional(),
    supplierClassId: wrappedValue(z.string().min(1)).optional(),
    overrideWithClassValues: z.boolean().optional(),
    creditTermsId: WRAPPED_TEXT().optional(),
    documentLanguage: WRAPPED_TEXT().optional(),
    currencyId: wrappedValue(z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code')).optional(),
    paymentMethodId: WRAPPED_TEXT().optional(),
    cashAccount: WRAPPED_TEXT().optional(),
    vatRegistrationId: WRAPPED_TEXT().optional(),
    corporateId: WRAPPED_TEXT().optional(),
    vatZoneId: WRAPPED_TEXT().optional(),
    mainAddress: wrappedValue(z.object(WRAPPED_ADDRESS_FIELDS).strict()).optional(),
    mainContact: wrappedValue(z.object(WRAPPED_CONTACT_FIELDS).strict()).optional(),
    remitAddress: wrappedValue(z.object(WRAPPED_ADDRESS_FIELDS).strict()).optional(),
    remitContact: wrappedValue(z.object(WRAPPED_CONTACT_FIELDS).strict()).optional(),
    supplierAddress: wrappedValue(z.object(WRAPPED_ADDRESS_FIELDS).strict()).optional(),
    supplierContact: wrappedValue(z.object(WRAPPED_CONTACT_FIELDS).strict()).optional(),
    note: WRAPPED_TEXT().optional(),
    overrideNumberSeries: WRAPPED_BOOLEAN.optional(),
  })
  .strict();
/** The value-wrapped body of POST /v1/supplier and PUT /v1/supplier/{supplierCd}, as libs/mapping builds it. */
export type VismaSupplierDocument = z.input<typeof VISMA_SUPPLIER_DOCUMENT>;

/** `VISMA_SUPPLIER_DOCUMENT` plus the fields a create must carry: `name` and `supplierClassId` (spec "Mandatory field"). */
export const VISMA_SUPPLIER_CREATE_DOCUMENT = VISMA_SUPPLIER_DOCUMENT.refine((d) => d.name !== undefined, { message: 'name is mandatory', path: ['name'] }).refine(
  (d) => d.supplierClassId !== undefined,
  { message: 'supplierClassId is mandatory (SupplierDto: "Mandatory field: Supplier class")', path: ['supplierClassId'] },
);

/** Filters of GET /v1/supplier that this client sends (query parameters of operation Supplier_GetAll). */
export type VismaSupplierFilter = {
  name?: string | undefined;
  status?: VismaSupplierStatus | undefined;
  vatRegistrationId?: string | undefined;
  corporateId?: string | undefined;
};
