import { z } from 'zod';

/** A value-wrapped request DTO (`{"field": {"value": x}}`), e.g. a CustomerInvoiceUpdateDto built by libs/mapping. */
export type VismaWrappedDocument = Record<string, unknown>;

const wrappedString = (max?: number) => z.object({ value: max ? z.string().min(1).max(max) : z.string().min(1) });

/**
 * Checks the few fields a wrapped customer document must carry for posting and idempotency; everything
 * else passes through unchanged (Visma validates the rest and answers 400 in its error shape).
 * `linesKey` is `invoiceLines` for CustomerInvoiceUpdateDto and `lines` for CustomerCreditNoteUpdateDto.
 */
function wrappedDocument(linesKey: 'invoiceLines' | 'lines') {
  return z
    .object({
      customerNumber: wrappedString(),
      externalReference: wrappedString(40),
      [linesKey]: z.array(z.object({ operation: z.literal('Insert') }).passthrough()).min(1),
    })
    .passthrough();
}

const WRAPPED_DOCUMENTS = { invoiceLines: wrappedDocument('invoiceLines'), lines: wrappedDocument('lines') } as const;

/** The schema for `linesKey`, built once (zod schemas are costly to build and every posting checks one). */
export function VISMA_WRAPPED_DOCUMENT<K extends 'invoiceLines' | 'lines'>(linesKey: K): (typeof WRAPPED_DOCUMENTS)[K] {
  return WRAPPED_DOCUMENTS[linesKey];
}

// ---------------------------------------------------------------------------------------------------------------
// Strict value wrappers for request DTOs checked field by field (SalesOrderUpdateDto, SupplierUpdateDto): the
// `DtoValueOf…` schemas of visma-net-erp-api.v1_20250424.openapi.json are `{ value: T }` objects.
// ---------------------------------------------------------------------------------------------------------------

/** `{ value: T }` with nothing else (`DtoValueOfString`, `DtoValueOfNullableOfBoolean`, …). */
export function wrappedValue<T extends z.ZodTypeAny>(schema: T) {
  return z.object({ value: schema }).strict();
}

/** `DtoValueOfString`, at most `max` characters when given. */
export const WRAPPED_TEXT = (max?: number) => wrappedValue(max === undefined ? z.string() : z.string().max(max));
/** `DtoValueOfBoolean` / `DtoValueOfNullableOfBoolean`. */
export const WRAPPED_BOOLEAN = wrappedValue(z.boolean());
/** `DtoValueOfNullableOfDecimal` (number/double): a finite JSON number, built from minor units by the caller. */
export const WRAPPED_DECIMAL = wrappedValue(z.number().finite());
/** `DtoValueOfNullableOfInt32`. */
export const WRAPPED_INT = wrappedValue(z.number().int());
/** `DtoValueOfNullableOfDateTime`: `yyyy-MM-ddTHH:mm:ss[.fff]`, optionally with an offset. */
export const WRAPPED_DATE_TIME = wrappedValue(z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})?$/, 'expected yyyy-MM-ddTHH:mm:ss'));

/** `AddressUpdateDto` / `SalesOrderAddressUpdateDto` fields, value-wrapped (the latter adds `overrideAddress`). */
export const WRAPPED_ADDRESS_FIELDS = {
  addressLine1: WRAPPED_TEXT().optional(),
  addressLine2: WRAPPED_TEXT().optional(),
  addressLine3: WRAPPED_TEXT().optional(),
  postalCode: WRAPPED_TEXT().optional(),
  city: WRAPPED_TEXT().optional(),
  countryId: wrappedValue(z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 country code')).optional(),
  county: WRAPPED_TEXT().optional(),
};

/** `ContactInfoUpdateDto` / `SalesOrderContactUpdateDto` fields, value-wrapped (the latter adds `overrideContact`). */
export const WRAPPED_CONTACT_FIELDS = {
  name: WRAPPED_TEXT().optional(),
  attention: WRAPPED_TEXT().optional(),
  email: wrappedValue(z.string().email()).optional(),
  web: WRAPPED_TEXT().optional(),
  phone1: WRAPPED_TEXT().optional(),
  phone2: WRAPPED_TEXT().optional(),
  fax: WRAPPED_TEXT().optional(),
};
