import { z } from 'zod';
import { SALES_LINE_TYPES, type SalesLineType } from '../canonical/sales-document';
import type { MappingProblem, MappingProblemCode } from '../mapping-problem';
import { MappingError } from '../mapping.error';

/**
 * Settings of the flows that post shop orders as Visma **sales orders** and shop customers as **suppliers**, next to
 * the company's MappingRules (which still give VAT codes, subaccounts, branch, rounding, hold, terms and payment
 * methods). Every mapping is optional in the schema so an incomplete configuration parses; the builders report the
 * gaps as problems, all at once.
 */

const nonEmpty = z.string().trim().min(1);
const INVENTORY_LINE_TYPES = ['rounding', ...SALES_LINE_TYPES] as [VismaInventoryLineType, ...VismaInventoryLineType[]];

export const VISMA_SALES_ORDER_SETTINGS_SCHEMA = z.object({
  /** `SalesOrderUpdateDto.orderType` ("Mandatory field"): Visma's standard sales order type is `SO`. */
  orderType: nonEmpty.default('SO'),
  numbering: z
    .object({
      /**
       * `own-number`: we set `orderNumber` = prefix + shop order number with `overrideNumberSeries: true`, and find a
       * posted order again with one GET by type and number (exactly-once). `number-series`: Visma numbers the order;
       * it can then be found only by scanning recent orders for `customerRefNo`.
       */
      mode: z.enum(['own-number', 'number-series']).default('own-number'),
      /** Letters keep our numbers apart from Visma's numeric series and from other shops posting to the company. */
      prefix: z.string().regex(/^[A-Za-z0-9-]*$/, 'use letters, digits and -').max(10).default(''),
      /** Longest order number Visma keeps (not in the spec; Acumatica's order numbers hold 15 characters). */
      maxLength: z.number().int().min(1).max(30).default(15),
    })
    .default({}),
  inventory: z
    .object({
      /** Product lines use their SKU as the Visma inventory number (the item must exist in Visma). */
      productsBySku: z.boolean().default(true),
      /** Inventory number (a non-stock item for shipping, discounts, fees, rounding…) per line type. */
      byLineType: z.record(z.enum(INVENTORY_LINE_TYPES), nonEmpty).default({}),
    })
    .default({}),
  /** Send the order's shipping address/contact as `soShippingAddress`/`soShippingContact` (override). */
  copyShippingAddress: z.boolean().default(true),
});
export type VismaSalesOrderSettings = z.infer<typeof VISMA_SALES_ORDER_SETTINGS_SCHEMA>;
export type VismaSalesOrderSettingsInput = z.input<typeof VISMA_SALES_ORDER_SETTINGS_SCHEMA>;
export type VismaInventoryLineType = SalesLineType | 'rounding';

export const VISMA_SUPPLIER_SETTINGS_SCHEMA = z.object({
  /** `supplierClassId` ("Mandatory field: Supplier class" in SupplierDto); GET /v1/supplier/supplierClass lists them. */
  supplierClassId: nonEmpty.optional(),
  creditTermsId: nonEmpty.optional(),
  paymentMethodId: nonEmpty.optional(),
  vatZoneId: nonEmpty.optional(),
  /** Currency of new suppliers when the caller gives none (Visma otherwise takes the class's / company's). */
  currencyId: z.string().regex(/^[A-Z]{3}$/).optional(),
});
export type VismaSupplierSettings = z.infer<typeof VISMA_SUPPLIER_SETTINGS_SCHEMA>;
export type VismaSupplierSettingsInput = z.input<typeof VISMA_SUPPLIER_SETTINGS_SCHEMA>;

/** Problem codes of the sales order and supplier builders, beyond the shared MappingProblemCode. */
export type VismaOrderProblemCode =
  | MappingProblemCode
  | 'missing-inventory-number'
  | 'invalid-order-number'
  | 'missing-supplier-class'
  | 'missing-supplier-name'
  | 'invalid-email';

/** A MappingProblem whose code may also be one of VismaOrderProblemCode. */
export type VismaOrderProblem = Omit<MappingProblem, 'code'> & { code: VismaOrderProblemCode };

/**
 * Parses and defaults stored sales order settings.
 * @throws MappingError `invalid-rules` naming the first bad path, the message listing every issue
 */
export function parseVismaSalesOrderSettings(input: unknown): VismaSalesOrderSettings {
  return parseWith(VISMA_SALES_ORDER_SETTINGS_SCHEMA, input);
}

/**
 * Parses stored supplier settings.
 * @throws MappingError `invalid-rules` naming the first bad path, the message listing every issue
 */
export function parseVismaSupplierSettings(input: unknown): VismaSupplierSettings {
  return parseWith(VISMA_SUPPLIER_SETTINGS_SCHEMA, input);
}

function parseWith<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const path = (p: readonly (string | number)[]): string => p.map(String).join('.');
  throw new MappingError('invalid-rules', path(result.error.issues[0]?.path ?? []), result.error.issues.map((i) => `${path(i.path)}: ${i.message}`).join('; '));
}
