/**
 * Products and inventory entries of the stock flow (shared/specs/commercetools/openapi.yaml `Product`,
 * `ProductCatalogData`, `ProductData`, `ProductVariant`, `Price`, `ProductDraft`, `ProductUpdate`, `InventoryEntry`,
 * `InventoryEntryDraft`, `InventoryEntryUpdate` with its 13 `InventoryEntryUpdateAction`s; examples
 * `product*.example.json`, `inventory*.example.json`, `Inventory/*Action.json`, `Product/*Action.json`).
 */
import { z } from 'zod';
import { CT_BASE_RESOURCE, CT_LOCALIZED_STRING, CT_MONEY_DRAFT, CT_REFERENCE, CT_RESOURCE_IDENTIFIER, CT_TYPED_MONEY, ctPaged, ctUpdate } from './common.schema';

/** `Price` of a variant. */
export const CT_PRICE = z.object({ id: z.string(), key: z.string().optional(), value: CT_TYPED_MONEY, country: z.string().optional(), channel: CT_REFERENCE.optional(), customerGroup: CT_REFERENCE.optional() }).passthrough();

/** `Attribute`: `{name, value}` (value shape depends on the attribute type). */
export const CT_ATTRIBUTE = z.object({ name: z.string(), value: z.unknown() }).passthrough();

/** `ProductVariant`. */
const PRODUCT_VARIANT = z
  .object({ id: z.number().int(), sku: z.string().optional(), key: z.string().optional(), prices: z.array(CT_PRICE).optional(), attributes: z.array(CT_ATTRIBUTE).optional(), availability: z.unknown().optional() })
  .passthrough();
export type CommercetoolsProductVariant = z.infer<typeof PRODUCT_VARIANT>;
export const CT_PRODUCT_VARIANT: z.ZodType<CommercetoolsProductVariant, z.ZodTypeDef, unknown> = PRODUCT_VARIANT;

const PRODUCT_DATA = z
  .object({ name: CT_LOCALIZED_STRING, slug: CT_LOCALIZED_STRING, description: CT_LOCALIZED_STRING.optional(), masterVariant: CT_PRODUCT_VARIANT, variants: z.array(CT_PRODUCT_VARIANT), categories: z.array(CT_REFERENCE).optional() })
  .passthrough();

export type CommercetoolsProductData = z.infer<typeof PRODUCT_DATA>;
/** `ProductData` (the current or staged projection). */
export const CT_PRODUCT_DATA: z.ZodType<CommercetoolsProductData, z.ZodTypeDef, unknown> = PRODUCT_DATA;

/** `Product`: `masterData.current` (published) and `masterData.staged`. */
const PRODUCT = z
  .object({
    ...CT_BASE_RESOURCE,
    key: z.string().optional(),
    productType: CT_REFERENCE,
    masterData: z.object({ published: z.boolean(), hasStagedChanges: z.boolean(), current: CT_PRODUCT_DATA, staged: CT_PRODUCT_DATA }).passthrough(),
    taxCategory: CT_REFERENCE.optional(),
    state: CT_REFERENCE.optional(),
  })
  .passthrough();
export type CommercetoolsProduct = z.infer<typeof PRODUCT>;
export const CT_PRODUCT: z.ZodType<CommercetoolsProduct, z.ZodTypeDef, unknown> = PRODUCT;
export const CT_PRODUCT_PAGE = ctPaged(CT_PRODUCT);

/** `ProductVariantDraft`. */
export const CT_PRODUCT_VARIANT_DRAFT = z
  .object({
    sku: z.string().optional(),
    key: z.string().optional(),
    prices: z.array(z.object({ value: CT_MONEY_DRAFT, key: z.string().optional(), country: z.string().optional(), channel: CT_RESOURCE_IDENTIFIER.optional() }).passthrough()).optional(),
    attributes: z.array(CT_ATTRIBUTE).optional(),
  })
  .passthrough();

/** `ProductDraft` (POST /{projectKey}/products): `productType`, `name`, `slug` required. */
export const CT_PRODUCT_DRAFT = z
  .object({
    productType: CT_RESOURCE_IDENTIFIER,
    name: CT_LOCALIZED_STRING,
    slug: CT_LOCALIZED_STRING,
    key: z.string().optional(),
    description: CT_LOCALIZED_STRING.optional(),
    masterVariant: CT_PRODUCT_VARIANT_DRAFT.optional(),
    variants: z.array(CT_PRODUCT_VARIANT_DRAFT).optional(),
    taxCategory: CT_RESOURCE_IDENTIFIER.optional(),
    publish: z.boolean().optional(),
  })
  .passthrough();
export type CommercetoolsProductDraft = z.input<typeof CT_PRODUCT_DRAFT>;

/** One `ProductUpdateAction` (50 kinds, e.g. `setAttribute`, `changePrice`, `publish`): `action` plus its fields. */
export const CT_PRODUCT_UPDATE_ACTION = z.object({ action: z.string().regex(/^[a-zA-Z]+$/) }).passthrough();
export type CommercetoolsProductUpdateAction = z.input<typeof CT_PRODUCT_UPDATE_ACTION>;
/** `ProductUpdate`: `{version, actions}`. */
export const CT_PRODUCT_UPDATE = ctUpdate(CT_PRODUCT_UPDATE_ACTION);

/** `InventoryEntry`: `quantityOnStock` and `availableQuantity` (on stock minus reservations) are integers. */
export const CT_INVENTORY_ENTRY = z
  .object({
    ...CT_BASE_RESOURCE,
    key: z.string().optional(),
    sku: z.string(),
    supplyChannel: CT_REFERENCE.optional(),
    quantityOnStock: z.number().int(),
    availableQuantity: z.number().int(),
    restockableInDays: z.number().int().optional(),
    expectedDelivery: z.string().optional(),
  })
  .passthrough();
export type CommercetoolsInventoryEntry = z.infer<typeof CT_INVENTORY_ENTRY>;
export const CT_INVENTORY_PAGE = ctPaged(CT_INVENTORY_ENTRY);

/** `InventoryEntryDraft` (POST /{projectKey}/inventory): one entry per SKU and supply channel. */
export const CT_INVENTORY_DRAFT = z
  .object({
    sku: z.string().min(1),
    quantityOnStock: z.number().int(),
    key: z.string().optional(),
    supplyChannel: CT_RESOURCE_IDENTIFIER.optional(),
    restockableInDays: z.number().int().optional(),
    expectedDelivery: z.string().optional(),
  })
  .passthrough();
export type CommercetoolsInventoryDraft = z.input<typeof CT_INVENTORY_DRAFT>;

const QUANTITY_ACTION = <A extends string>(action: A) => z.object({ action: z.literal(action), quantity: z.number().int() }).strict();
/** Inventory actions without a quantity, passed through as given (their fields are optional "unset" values). */
const OTHER_INVENTORY_ACTIONS = ['setCustomField', 'setCustomType', 'setExpectedDelivery', 'setInventoryLimits', 'setKey', 'setReorderPoint', 'setReservationExpirationInMinutes', 'setRestockableInDays', 'setSafetyStock', 'setSupplyChannel'] as const;

/** `InventoryEntryUpdateAction`: `addQuantity`/`removeQuantity`/`changeQuantity` typed, the other ten by name. */
export const CT_INVENTORY_UPDATE_ACTION = z.union([
  z.discriminatedUnion('action', [QUANTITY_ACTION('addQuantity'), QUANTITY_ACTION('removeQuantity'), QUANTITY_ACTION('changeQuantity')]),
  z.object({ action: z.enum(OTHER_INVENTORY_ACTIONS) }).passthrough(),
]);
export type CommercetoolsInventoryUpdateAction = z.input<typeof CT_INVENTORY_UPDATE_ACTION>;
/** `InventoryEntryUpdate`: `{version, actions}`. */
export const CT_INVENTORY_UPDATE = ctUpdate(CT_INVENTORY_UPDATE_ACTION);
