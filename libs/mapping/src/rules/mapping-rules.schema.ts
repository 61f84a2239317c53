import { z } from 'zod';
import { SALES_LINE_TYPES, type SalesLineType } from '../canonical/sales-document';
import { MappingError } from '../mapping.error';

/**
 * Mapping rules of one Visma company: ledger accounts, subaccount segments, VAT codes, rounding
 * and customer-invoice defaults. Every mapping is optional in the schema so that an incomplete
 * configuration still parses; `validateMapping` then lists every gap in accountant's words.
 *
 * Precedence (documented once, used by `resolve-rules.ts`):
 * - **Ledger account**: the first entry of `accounts.overrides` whose `match` fully matches the line
 *   wins (all given criteria must hold: line type, category id, SKU glob, SKU regex, channel id);
 *   otherwise `accounts.byLineType[line.type]`. An override without `lineTypes` applies to
 *   `product` lines only, so that a category override never moves discounts or shipping.
 *   Order the list from specific to general.
 * - **VAT code**: among `vatCodes` entries whose fields match (exact value or '*'), the most specific
 *   wins — line type (8) > country (4) > tax class (2) > rate (1); ties go to the earlier entry.
 * - **Subaccount**: each segment takes its value from the store/channel/country map, else
 *   `defaultValue`, else it is reported missing.
 */

const LINE_TYPE = z.enum(SALES_LINE_TYPES as [SalesLineType, ...SalesLineType[]]);
const DECIMAL = /^\d+(\.\d+)?$/;
const nonEmpty = z.string().trim().min(1);

const regexSource = nonEmpty.refine((source) => {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}, 'is not a valid regular expression');

export const ACCOUNT_OVERRIDE_SCHEMA = z.object({
  match: z
    .object({
      lineTypes: z.array(LINE_TYPE).min(1).optional(),
      categoryIds: z.array(nonEmpty).min(1).optional(),
      /** Glob on SKU: `*` any run of characters, `?` one character; case-insensitive. */
      skuPattern: nonEmpty.optional(),
      /** JavaScript regular expression tested against the SKU. */
      skuRegex: regexSource.optional(),
      channelIds: z.array(nonEmpty).min(1).optional(),
    })
    .refine((m) => Object.values(m).some((v) => v !== undefined), 'an override needs at least one criterion'),
  accountNumber: nonEmpty,
  label: z.string().optional(),
});

const ACCOUNT_BY_TYPE_SCHEMA = z
  .object({
    product: nonEmpty, shipping: nonEmpty, discount: nonEmpty, 'gift-card': nonEmpty,
    fee: nonEmpty, handling: nonEmpty, wrapping: nonEmpty, rounding: nonEmpty,
  })
  .partial();

export const SUBACCOUNT_SEGMENT_SCHEMA = z.object({
  segmentId: z.number().int().positive(),
  source: z.enum(['store', 'channel', 'country', 'fixed']),
  values: z.record(z.string(), nonEmpty).default({}),
  defaultValue: nonEmpty.optional(),
});

export const VAT_CODE_RULE_SCHEMA = z.object({
  country: z.string().regex(/^([A-Z]{2}|\*)$/, 'use an ISO country code like NO or *'),
  taxClass: z.string().default('*'),
  ratePercent: z.string().regex(/^(\*|\d+(\.\d+)?)$/, 'use a percentage like 25 or 8.875, or *'),
  lineType: z.union([LINE_TYPE, z.literal('*')]).default('*'),
  vatCodeId: nonEmpty,
});

export const MAPPING_RULES_SCHEMA = z.object({
  accounts: z.object({
    byLineType: ACCOUNT_BY_TYPE_SCHEMA.default({}),
    /**
     * Accounts of line roles that are not a line type (SalesLine.accountRole): `chargeback`, where money a card scheme
     * took back from the shop is booked. A line with a role is booked here, before overrides and its type's account;
     * a role without an account is a missing-account problem (the line is never booked as revenue by accident).
     */
    byRole: z.object({ chargeback: nonEmpty }).partial().default({}),
    overrides: z.array(ACCOUNT_OVERRIDE_SCHEMA).default([]),
    /** Shown in the posting summary only; Visma takes the AR account from the customer class. */
    receivable: nonEmpty.default('AR'),
  }),
  subaccount: z.object({ segments: z.array(SUBACCOUNT_SEGMENT_SCHEMA).default([]) }).default({}),
  vatCodes: z.array(VAT_CODE_RULE_SCHEMA).default([]),
  /**
   * How far (percentage points) a line's rate may be from a rule's rate and still match it, for shops that
   * derive rates from rounded prices (14.9959 % for 15 %). Exact matches always win.
   */
  vatRateTolerancePercent: z.string().regex(DECIMAL).default('0.05'),
  rounding: z
    .object({
      /** VAT code of the rounding line: an exempt / outside-scope code. */
      vatCodeId: nonEmpty.optional(),
      /** Largest difference (major units, e.g. "1.00") fixed by a rounding line; above it → problem. */
      maxAdjustment: z.string().regex(DECIMAL).default('1'),
      description: nonEmpty.default('Rounding'),
    })
    .default({}),
  invoice: z
    .object({
      branchNumber: nonEmpty.optional(),
      creditTermsId: nonEmpty.optional(),
      /** Visma payment method id per shop payment method name; '*' is the fallback. */
      paymentMethodIds: z.record(z.string(), nonEmpty).default({}),
      customerVatZoneId: nonEmpty.optional(),
      /** Unit of measure on lines (Visma `uom`); omitted when absent. */
      uom: nonEmpty.optional(),
      /** Send the order's billing address/contact on the document (overrideAddress/overrideContact). */
      copyBillingAddress: z.boolean().default(true),
      hold: z.boolean().default(false),
      dontEmail: z.boolean().default(true),
      dontPrint: z.boolean().default(true),
      /**
       * How Visma gets line amounts: `price-times-quantity` sends quantity and unit price and lets
       * Visma compute round(qty × price); `manual-amount` also sends `manualAmountInCurrency` with the
       * shop's line net so the ERP keeps it.
       */
      lineAmountMode: z.enum(['price-times-quantity', 'manual-amount']).default('price-times-quantity'),
      /**
       * Visma VAT code "Calculate on" (VatInformationDto.calculateOn): `DocumentAmount` = VAT per VAT
       * code on the summed line amounts (default in Visma.net), `ItemAmount` = VAT rounded per line.
       */
      vatCalculation: z.enum(['DocumentAmount', 'ItemAmount']).default('DocumentAmount'),
    })
    .default({}),
  /**
   * Customer payments for captures a shop reports paid (an Adobe Commerce invoice in state 2): booked on a Visma cash
   * account and applied to the order's customer invoice (PaymentUpdateDto of visma-net-erp-api.v1_20250424.openapi.json:
   * `cashAccount`, `paymentMethod`, `paymentLines[]`).
   */
  /**
   * Inventory items a shop's products become in this company (the item master direction: shop catalog → Visma,
   * InventoryUpdateDto of visma-net-erp-api.v1_20250424.openapi.json): the item class ("Mandatory"), and optionally the
   * posting class, VAT category and base unit (else the item class's defaults). No item is created without the class.
   */
  inventoryItems: z
    .object({
      itemClass: nonEmpty.optional(),
      postingClass: nonEmpty.optional(),
      vatCode: nonEmpty.optional(),
      baseUnit: nonEmpty.optional(),
    })
    .default({}),
  payments: z
    .object({
      /** The Visma cash account (its id, e.g. "1920") payments are booked on; no payment is posted without it. */
      cashAccount: nonEmpty.optional(),
      /**
       * The Visma cash account bound to the gift-card liability ledger account: a charge paid by a redeemed gift card
       * settles the invoice against the liability, not cash (SalesCapture.settlementAccountRole). No gift-card payment
       * is posted without it.
       */
      giftCardCashAccount: nonEmpty.optional(),
      /** Visma payment method id per shop payment method name; '*' is the fallback; omitted when none matches. */
      paymentMethodIds: z.record(z.string(), nonEmpty).default({}),
      /**
       * Visma applies payments only to released invoices: release a Balanced invoice first (true), or fail the payment
       * with a note asking to release it in Visma (false).
       */
      releaseInvoices: z.boolean().default(true),
      /**
       * Record money a shop paid back through its payment provider (a refund's `payment-provider` settlement) as a
       * Visma customer refund: the credit note is released and a payment of type Refund on `cashAccount` is applied to
       * it, so the customer's balance and the bank account both show the repayment (false, the default: the credit note
       * stays open for the bank reconciliation to settle).
       */
      recordRefunds: z.boolean().default(false),
    })
    .default({}),
});

/** Parsed, defaulted rules (output of the schema). */
export type MappingRules = z.infer<typeof MAPPING_RULES_SCHEMA>;
/** Rules as written by a user / stored as JSON (input of the schema). */
export type MappingRulesInput = z.input<typeof MAPPING_RULES_SCHEMA>;
export type AccountOverride = z.infer<typeof ACCOUNT_OVERRIDE_SCHEMA>;
export type VatCodeRule = z.infer<typeof VAT_CODE_RULE_SCHEMA>;
export type SubaccountSegmentRule = z.infer<typeof SUBACCOUNT_SEGMENT_SCHEMA>;
export type AccountLineType = SalesLineType | 'rounding';

/**
 * Parses and defaults stored rules.
 * @throws MappingError `invalid-rules` whose field is the first bad path (e.g. `vatCodes[2].ratePercent`)
 *   and whose message lists every issue.
 */
export function parseMappingRules(input: unknown): MappingRules {
  const result = MAPPING_RULES_SCHEMA.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  throw new MappingError('invalid-rules', formatPath(result.error.issues[0]?.path ?? []), issues.join('; '));
}

function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
}
