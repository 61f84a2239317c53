/**
 * Building blocks of the commercetools zod schemas, written from shared/specs/commercetools/openapi.yaml
 * (`components.schemas`) and checked against its `examples/`. Rules:
 * - Objects are `.passthrough()`: fields we do not model (custom fields, discounts, …) survive into the stored raw
 *   payload. Fields we read are typed and required where the spec requires them.
 * - Money stays as the API sends it (`TypedMoney`): `centAmount` is an integer in the currency's minor units with
 *   `fractionDigits`; `HighPrecisionMoney` adds the integer `preciseAmount` (10^-fractionDigits units). No floats are
 *   introduced here; conversion happens in libs/mapping.
 * - Dates are ISO-8601 UTC strings with milliseconds (`2015-10-07T06:58:19.341Z`), kept as strings.
 */
import { z } from 'zod';

/** `LocalizedString`: `{ "en": "…", "de": "…" }`. */
export const CT_LOCALIZED_STRING = z.record(z.string());
export type CommercetoolsLocalizedString = z.infer<typeof CT_LOCALIZED_STRING>;

/** ISO 4217 `CurrencyCode` (three letters; the spec allows any alphabetic code). */
export const CT_CURRENCY = z.string().regex(/^[A-Z]{3}$/);

/** `CentPrecisionMoney`: `{type: "centPrecision", currencyCode, centAmount, fractionDigits}`. */
export const CT_CENT_PRECISION_MONEY = z.object({ type: z.literal('centPrecision'), currencyCode: CT_CURRENCY, centAmount: z.number().int(), fractionDigits: z.number().int().min(0) }).passthrough();
/** `HighPrecisionMoney`: adds `preciseAmount` (integer, `fractionDigits` decimals); `centAmount` is its rounded value. */
export const CT_HIGH_PRECISION_MONEY = z
  .object({ type: z.literal('highPrecision'), currencyCode: CT_CURRENCY, centAmount: z.number().int(), fractionDigits: z.number().int().min(0), preciseAmount: z.number().int() })
  .passthrough();
const TYPED_MONEY = z.discriminatedUnion('type', [CT_CENT_PRECISION_MONEY, CT_HIGH_PRECISION_MONEY]);
export type CommercetoolsTypedMoney = z.infer<typeof TYPED_MONEY>;
/** `TypedMoney`, discriminated by `type` (declared with its named type to keep declaration files small). */
export const CT_TYPED_MONEY: z.ZodType<CommercetoolsTypedMoney, z.ZodTypeDef, unknown> = TYPED_MONEY;

/** `Money` of drafts: `{currencyCode, centAmount}` (integer minor units). */
export const CT_MONEY_DRAFT = z.object({ currencyCode: CT_CURRENCY, centAmount: z.number().int() }).passthrough();

const REFERENCE = z.object({ typeId: z.string(), id: z.string(), obj: z.unknown().optional() }).passthrough();
export type CommercetoolsReference = z.infer<typeof REFERENCE>;
/** `Reference`: `{typeId, id}`, with the expanded `obj` when asked for by `expand`. */
export const CT_REFERENCE: z.ZodType<CommercetoolsReference, z.ZodTypeDef, unknown> = REFERENCE;
/** `KeyReference` (e.g. `StoreKeyReference`): `{typeId, key}`. */
export const CT_KEY_REFERENCE = z.object({ typeId: z.string(), key: z.string() }).passthrough();
/** `ResourceIdentifier` of drafts: `{typeId?, id?, key?}` (one of id/key). */
export const CT_RESOURCE_IDENTIFIER = z
  .object({ typeId: z.string().optional(), id: z.string().optional(), key: z.string().optional() })
  .passthrough()
  .refine((r) => r.id !== undefined || r.key !== undefined, { message: 'id or key is required' });

/** `BaseResource` fields every queryable resource has. */
export const CT_BASE_RESOURCE = { id: z.string().min(1), version: z.number().int().nonnegative(), createdAt: z.string(), lastModifiedAt: z.string() };

/** `Address` (only `country` is required by the spec; everything is optional here, as drafts from shops vary). */
const ADDRESS = z
  .object({
    id: z.string().optional(),
    key: z.string().optional(),
    country: z.string().optional(),
    title: z.string().optional(),
    salutation: z.string().optional(),
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    streetName: z.string().optional(),
    streetNumber: z.string().optional(),
    additionalStreetInfo: z.string().optional(),
    postalCode: z.string().optional(),
    city: z.string().optional(),
    region: z.string().optional(),
    state: z.string().optional(),
    company: z.string().optional(),
    department: z.string().optional(),
    phone: z.string().optional(),
    mobile: z.string().optional(),
    email: z.string().optional(),
  })
  .passthrough();
export type CommercetoolsAddress = z.infer<typeof ADDRESS>;
export const CT_ADDRESS: z.ZodType<CommercetoolsAddress, z.ZodTypeDef, unknown> = ADDRESS;

/** `<Resource>PagedQueryResponse`: `{limit, offset, count, total?, results}` (`total` only with `withTotal=true`). */
export function ctPaged<T extends z.ZodTypeAny>(item: T) {
  return z.object({ limit: z.number().int(), offset: z.number().int(), count: z.number().int(), total: z.number().int().optional(), results: z.array(item) }).passthrough();
}
/** A parsed paged query response. */
export type CommercetoolsPagedResponse<T> = { limit: number; offset: number; count: number; total?: number | undefined; results: T[]; [key: string]: unknown };

/** `{version, actions}` of every update request (raml/traits/versioned.raml); `actions` as given by the resource. */
export function ctUpdate<A extends z.ZodTypeAny>(action: A) {
  return z.object({ version: z.number().int().nonnegative(), actions: z.array(action).min(1) }).strict();
}
