/**
 * Building blocks of the Visma.net ERP schemas (visma-net-erp-api.v1_20250424.openapi.json, components/schemas).
 * The spec marks no field `required` and none `nullable` (README §1 "What the spec does not state"), so response
 * fields are `nullish` except record identifiers, and objects pass unknown fields through for the audit trail.
 * Money: responses carry JSON numbers (`number(double)`); they become decimal strings here, never floats in our
 * types. Requests take decimal strings and send them as JSON numbers (≤ 15 significant digits round-trip exactly).
 */
import { z } from 'zod';

/** Optional text field of a response DTO. */
export const OPT_STRING = z.string().nullish();
export const OPT_BOOLEAN = z.boolean().nullish();
export const OPT_INT = z.number().int().nullish();
/** `date-time` without offset or with one; kept as text (see `parseVismaTimestamp`). */
export const OPT_DATE_TIME = z.string().nullish();

/**
 * Converts a JSON number from Visma into a plain decimal string ("1250.5", never "1.2505e3").
 * Exact for values with at most 15 significant digits, which covers every amount Visma stores (decimal(19,4)).
 */
export function toDecimalString(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return n.toFixed(10).replace(/\.?0+$/, '');
}

/** A money/quantity field of a response: number in, decimal string out. */
export const DECIMAL_FROM_NUMBER = z.number().transform(toDecimalString).nullish();

/** A decimal string accepted on input ("-12.50"): at most 13 integer and 6 fraction digits. */
export const DECIMAL_STRING = z.string().regex(/^-?\d{1,13}(\.\d{1,6})?$/, 'expected a decimal string such as "12.50"');

/** Decimal string on input, JSON number on the wire (see file header for exactness). */
export const DECIMAL_INPUT = DECIMAL_STRING.transform((s) => Number(s));

/** `MetadataDto`: each item of a paged list carries `{ totalCount, maxPageSize }`. */
export const METADATA = z.object({ totalCount: OPT_INT, maxPageSize: OPT_INT }).passthrough();

/** `{ id, description }` references (customerClass, creditTerms, vatCode…). */
export const ID_DESCRIPTION = z.object({ id: OPT_STRING, description: OPT_STRING }).passthrough();

/** `{ number, name }` references (customer, branchNumber, parentRecord…). */
export const NUMBER_NAME = z.object({ number: OPT_STRING, name: OPT_STRING }).passthrough();

/** Address DTOs (`mainAddressInCustomerDto` and siblings). */
export const ADDRESS = z
  .object({
    addressId: OPT_INT,
    addressLine1: OPT_STRING,
    addressLine2: OPT_STRING,
    addressLine3: OPT_STRING,
    postalCode: OPT_STRING,
    city: OPT_STRING,
    country: z.object({ id: OPT_STRING, name: OPT_STRING }).passthrough().nullish(),
  })
  .passthrough();

/** Contact DTOs (`mainContactInCustomerDto` and siblings). */
export const CONTACT = z
  .object({ contactId: OPT_INT, name: OPT_STRING, attention: OPT_STRING, email: OPT_STRING, web: OPT_STRING, phone1: OPT_STRING, phone2: OPT_STRING, fax: OPT_STRING })
  .passthrough();

/** `AddressUpdateDto` input (plain; wrapped on send). */
export const ADDRESS_INPUT = z
  .object({
    addressLine1: z.string().optional(),
    addressLine2: z.string().optional(),
    addressLine3: z.string().optional(),
    postalCode: z.string().optional(),
    city: z.string().optional(),
    countryId: z.string().length(2).optional(),
    county: z.string().optional(),
  })
  .strict();

/** `ContactInfoUpdateDto` input (plain; wrapped on send). */
export const CONTACT_INPUT = z
  .object({
    name: z.string().optional(),
    attention: z.string().optional(),
    email: z.string().email().optional(),
    web: z.string().optional(),
    phone1: z.string().optional(),
    phone2: z.string().optional(),
    fax: z.string().optional(),
  })
  .strict();

/** `SegmentUpdateDto` (not value-wrapped in the spec): one subaccount segment. */
export const SEGMENT_INPUT = z.object({ segmentId: z.number().int(), segmentValue: z.string() }).strict();

// ---------------------------------------------------------------------------------------------------------------
// Value wrapping: request DTOs carry `{ "field": { "value": … } }` (e.g. `DtoValueOfString`), nested update DTOs
// are wrapped as a whole (`DtoValueOfAddressUpdateDto` = `{ value: AddressUpdateDto }`), arrays are not wrapped
// (`invoiceLines: CustomerInvoiceLinesUpdateDto[]`), and a few scalars are plain (`operation`,
// `overrideWithClassValues`, `SegmentUpdateDto` fields). Source: CustomerUpdateDto, CustomerInvoiceUpdateDto,
// CustomerInvoiceLinesUpdateDto and SegmentUpdateDto in visma-net-erp-api.v1_20250424.openapi.json.
// ---------------------------------------------------------------------------------------------------------------

type WrapValue<V, Raw extends PropertyKey> = V extends readonly (infer E)[]
  ? E extends object
    ? Array<Wrapped<E, Raw>>
    : E[]
  : V extends object
    ? { value: Wrapped<V, Raw> }
    : { value: V };

/** The value-wrapped form of a plain input `T`; keys in `Raw` (at any depth) stay plain. */
export type Wrapped<T, Raw extends PropertyKey = never> = {
  [K in keyof T]: K extends Raw ? T[K] : WrapValue<Exclude<T[K], undefined>, Raw>;
};

/**
 * Wraps a plain input into Visma's request shape: `wrap({ customerNumber: '10000' })` →
 * `{ customerNumber: { value: '10000' } }`. Undefined fields are dropped, `null` becomes `{ value: null }`
 * (clears the field), arrays keep their shape with wrapped object elements, and `rawKeys` stay plain at any depth.
 */
export function wrap<T extends object, Raw extends PropertyKey = never>(input: T, rawKeys: readonly Raw[] = []): Wrapped<T, Raw> {
  const raw = new Set<PropertyKey>(rawKeys);
  const out: Record<string, unknown> = {};
  const entries: [string, unknown][] = Object.entries(input);
  for (const [key, value] of entries) {
    if (value === undefined) continue;
    if (raw.has(key)) out[key] = value;
    else if (Array.isArray(value)) out[key] = value.map((e: unknown) => (isPlainObject(e) ? wrap(e, rawKeys) : e));
    else if (isPlainObject(value)) out[key] = { value: wrap(value, rawKeys) };
    else out[key] = { value };
  }
  return out as Wrapped<T, Raw>;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// ---------------------------------------------------------------------------------------------------------------
// Date-times. Filters accept `yyyy-MM-dd`, `yyyy-MM-dd HH:mm:ss[.FFF]` and `yyyy-MM-ddTHH:mm:ss[.FFF]`, no offset
// (spec: `lastModifiedDateTime` parameter of GET /v1/customer; docs.vismasoftware.no/vismanetapi/api-reference/
// features/date-time-condition-operators/). The timezone is not stated; we send and read UTC (doubtful, see README).
// ---------------------------------------------------------------------------------------------------------------

/** Formats epoch ms as `yyyy-MM-dd HH:mm:ss.fff` (UTC) for `lastModifiedDateTime` filters. */
export function toVismaDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

/** Parses a Visma timestamp; text without an offset is read as UTC. Undefined when unparseable. */
export function parseVismaTimestamp(text: string | null | undefined): number | undefined {
  if (!text) return undefined;
  const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/i.test(text.trim());
  const iso = text.trim().replace(' ', 'T');
  const ms = Date.parse(hasOffset ? iso : `${iso}${iso.length === 10 ? 'T00:00:00' : ''}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** `lastModifiedDateTimeCondition` operators (same source as above). */
export type VismaDateCondition = '>' | '<' | '>=' | '<=';
