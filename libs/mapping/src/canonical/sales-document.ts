/**
 * Shop-independent sales document: the single shape every shop adapter produces and every ERP
 * writer consumes. All amounts are integer **minor units** of `SalesDocument.currency`; quantities
 * and tax-rate percentages are canonical decimal strings ("1", "2.5", "25", "8.875").
 *
 * Sign convention: amounts are as the document reads. Product/shipping/fee lines are positive,
 * discount lines negative; a credit note carries positive amounts (the kind makes it a credit).
 */

export type SalesDocumentKind = 'invoice' | 'credit-note';

export type SalesLineType = 'product' | 'shipping' | 'discount' | 'gift-card' | 'fee' | 'handling' | 'wrapping';

export const SALES_LINE_TYPES: readonly SalesLineType[] = [
  'product', 'shipping', 'discount', 'gift-card', 'fee', 'handling', 'wrapping',
];

/**
 * Ledger-account roles that are not a line type. A line carrying one belongs on that role's account instead of its
 * type's: `chargeback` = money a card scheme took back from the shop (commercetools transaction type Chargeback).
 * Optional and additive: an ERP writer that does not know a role books the line by its `type`.
 */
export type SalesAccountRole = 'chargeback';

export type PostalAddress = {
  name: string;
  company?: string;
  line1: string;
  line2?: string;
  postalCode: string;
  city: string;
  region?: string;
  /** ISO 3166-1 alpha-2, upper case ('' when the shop did not send one). */
  countryCode: string;
  phone?: string;
  email?: string;
};

export type SalesCustomer = {
  email: string;
  name: string;
  company?: string;
  phone?: string;
  vatNumber?: string;
  /** Shop-side customer id ('0' or '' for guests). */
  shopCustomerId: string;
  billingAddress: PostalAddress;
  shippingAddress?: PostalAddress;
};

export type SalesLine = {
  /** Stable id inside the document, e.g. `product:65`, `shipping`, `discount:25`, `fee:1`. */
  lineId: string;
  type: SalesLineType;
  sku?: string;
  name: string;
  /** Canonical decimal string, positive ("3", "1.5"). */
  quantity: string;
  /** Unit price excluding tax, minor units (rounded from the shop's 4-decimal value). */
  unitPriceExTaxMinor: number;
  /** Unit price including tax, minor units. */
  unitPriceIncTaxMinor: number;
  /** Line totals as the shop states them (before any ERP recalculation). */
  netMinor: number;
  taxMinor: number;
  grossMinor: number;
  /** Tax rate in percent, canonical decimal string ("25", "0", "8.875"). */
  taxRatePercent: string;
  /** Shop tax class id or name ('' when unknown). */
  taxClass: string;
  /** Human name of the tax class when the shop sent one (for messages). */
  taxClassName?: string;
  categoryIds: string[];
  channelId: string;
  /** ISO2 country whose VAT applies (ship-to country, else billing). */
  country: string;
  /** For discount lines: the line the discount belongs to (decides VAT and category). */
  appliesToLineId?: string;
  /** Book on this role's ledger account rather than the type's (optional; see SalesAccountRole). */
  accountRole?: SalesAccountRole;
};

/** Value already settled outside the invoice (gift card redeemed, store credit): a payment, not a discount. */
export type SalesSettlement = {
  method: 'gift-certificate' | 'store-credit' | 'payment-provider';
  amountMinor: number;
  reference?: string;
};

export type SalesSource = {
  system: string;
  storeId: string;
  orderId: string;
  /** Idempotency/search key written to Visma `externalReference`, e.g. `bc:store-abc:order:218`. */
  externalReference: string;
  refundId?: string;
};

export type SalesTotals = { netMinor: number; taxMinor: number; grossMinor: number };

export type SalesDocument = {
  kind: SalesDocumentKind;
  source: SalesSource;
  /** Shop order number shown to the customer (Visma `customerRefNumber`). */
  orderNumber: string;
  /** For credit notes: external reference of the invoice being credited. */
  originalExternalReference?: string;
  currency: string;
  /** ISO date (YYYY-MM-DD) chosen by the caller; never read from a clock here. */
  issueDate: string;
  isTaxInclusivePricing: boolean;
  channelId: string;
  /** ISO2 country used for routing and as default VAT country. */
  country: string;
  customer: SalesCustomer;
  lines: SalesLine[];
  /** Totals as the shop states them; gross is what the customer owes for this document. */
  totals: SalesTotals;
  paymentMethod: string;
  couponCodes: string[];
  settlements: SalesSettlement[];
  /** Store-default currency and rate, kept for audit; the document itself is in `currency`. */
  fx?: { storeDefaultCurrency: string; storeToDocumentRate: string };
  /** Free text for the ERP (refund reason etc.). */
  note?: string;
};
