/**
 * The mapping library's own input types for commercetools Composable Commerce records, named after the schemas of the
 * official contract (shared/specs/commercetools/openapi.yaml, generated from commercetools-api-reference):
 * `Order`, `LineItem`, `CustomLineItem`, `ShippingInfo`, `Shipping`, `TaxedPrice`, `TaxedItemPrice`, `TaxPortion`,
 * `TaxRate`, `TypedMoney` (`CentPrecisionMoney` / `HighPrecisionMoney`), `DiscountedLineItemPriceForQuantity`,
 * `DiscountOnTotalPrice`, `Payment`, `Transaction`, `Customer` and `BaseAddress`.
 *
 * Money is always integer: `centAmount` in the currency's minor units (10^-`fractionDigits`), and for high-precision
 * prices `preciseAmount` in 10^-`fractionDigits` (more digits than the currency has). Tax rates (`TaxRate.amount`,
 * `TaxPortion.rate`) are JSON doubles such as 0.19; the library reads them through their shortest decimal string, never
 * through arithmetic. Only what the mapping reads is named; any other field may be present.
 */

type Opt<T> = T | null | undefined;

/** `LocalizedString`: `{ "en": "Shirt", "de": "Hemd" }`. */
export type CtLocalizedString = Readonly<Record<string, string>>;

/** `CentPrecisionMoney` (`type` "centPrecision"); `fractionDigits` equals the currency's ISO 4217 minor unit. */
export type CtCentPrecisionMoney = {
  type?: 'centPrecision';
  currencyCode: string;
  /** Integer amount in minor units (10^-fractionDigits). */
  centAmount: number;
  fractionDigits?: number;
  [key: string]: unknown;
};

/**
 * `HighPrecisionMoney` (`type` "highPrecision"): `preciseAmount` in 10^-`fractionDigits` (e.g. 1.2345 EUR =
 * preciseAmount 12345, fractionDigits 4); `centAmount` is that value rounded to the currency's minor units by
 * commercetools (HalfEven). A string of digits is accepted for `preciseAmount` (int64 may exceed a JS safe integer).
 */
export type CtHighPrecisionMoney = {
  type: 'highPrecision';
  currencyCode: string;
  centAmount: number;
  fractionDigits: number;
  preciseAmount: number | string;
  [key: string]: unknown;
};

/** `TypedMoney`. */
export type CtTypedMoney = CtCentPrecisionMoney | CtHighPrecisionMoney;

/** `RoundingMode`: how commercetools rounded (`priceRoundingMode`, `taxRoundingMode`); HalfEven is the default. */
export type CtRoundingMode = 'HalfEven' | 'HalfUp' | 'HalfDown';
/** `TaxMode`. */
export type CtTaxMode = 'Platform' | 'External' | 'ExternalAmount' | 'Disabled';
/** `TaxCalculationMode`. */
export type CtTaxCalculationMode = 'LineItemLevel' | 'UnitPriceLevel';

/** `Reference` (e.g. `ProductTypeReference`, `TaxCategoryReference`, `DiscountCodeReference`), `obj` when expanded. */
export type CtReference<T = Record<string, unknown>> = { typeId?: string; id: string; obj?: Opt<T & { key?: Opt<string> }>; [key: string]: unknown };

/** `KeyReference` (`StoreKeyReference`, `BusinessUnitKeyReference`). */
export type CtKeyReference = { typeId?: string; key: string; [key: string]: unknown };

/** `SubRate`. */
export type CtSubRate = { name: string; amount: number };

/** `TaxRate`: `amount` is a fraction (0.19 = 19 %), `includedInPrice` says whether the item's prices are gross. */
export type CtTaxRate = {
  id?: Opt<string>;
  key?: Opt<string>;
  name: string;
  amount?: Opt<number>;
  includedInPrice: boolean;
  /** ISO 3166-1 alpha-2. */
  country: string;
  state?: Opt<string>;
  subRates?: Opt<readonly CtSubRate[]>;
};

/** `TaxPortion`: the tax of one rate (`rate` a fraction). */
export type CtTaxPortion = { name?: Opt<string>; rate: number; amount: CtCentPrecisionMoney };

/** `TaxedItemPrice` (line, custom line, shipping) and `TaxedPrice` (order): `totalGross` = `totalNet` + taxes. */
export type CtTaxedPrice = {
  totalNet: CtCentPrecisionMoney;
  totalGross: CtCentPrecisionMoney;
  taxPortions?: Opt<readonly CtTaxPortion[]>;
  totalTax?: Opt<CtCentPrecisionMoney>;
};

/** `DiscountedLineItemPortion` / `DiscountedTotalPricePortion`. */
export type CtDiscountPortion = { discount: CtReference; discountedAmount: CtTypedMoney };

/** `DiscountedLineItemPrice`: the unit price after the discounts in `includedDiscounts`. */
export type CtDiscountedLineItemPrice = { value: CtTypedMoney; includedDiscounts?: Opt<readonly CtDiscountPortion[]> };

/** `DiscountedLineItemPriceForQuantity`: `quantity` units at `discountedPrice.value` each. */
export type CtDiscountedLineItemPriceForQuantity = { quantity: number; discountedPrice: CtDiscountedLineItemPrice };

/** `MethodTaxRate` / `MethodTaxedPrice` (Multiple shipping mode: per shipping method). */
export type CtMethodTaxRate = { shippingMethodKey: string; taxRate?: Opt<CtTaxRate> };
export type CtMethodTaxedPrice = { shippingMethodKey: string; taxedPrice?: Opt<CtTaxedPrice> };

/** `ItemShippingDetails`: which quantity goes to which address / shipping method. */
export type CtItemShippingDetails = { targets?: Opt<readonly { addressKey: string; quantity: number; shippingMethodKey?: Opt<string> }[]> };

/** Fields `LineItem` and `CustomLineItem` share. */
type CtItemBase = {
  id: string;
  key?: Opt<string>;
  name: CtLocalizedString;
  quantity: number;
  /** After line discounts (`discountedPricePerQuantity` × quantity); gross when `taxRate.includedInPrice`. */
  totalPrice: CtCentPrecisionMoney;
  discountedPricePerQuantity?: Opt<readonly CtDiscountedLineItemPriceForQuantity[]>;
  taxedPrice?: Opt<CtTaxedPrice>;
  taxedPricePortions?: Opt<readonly CtMethodTaxedPrice[]>;
  taxRate?: Opt<CtTaxRate>;
  perMethodTaxRate?: Opt<readonly CtMethodTaxRate[]>;
  shippingDetails?: Opt<CtItemShippingDetails>;
  [key: string]: unknown;
};

/** `LineItem`. */
export type CtLineItem = CtItemBase & {
  productId?: Opt<string>;
  productKey?: Opt<string>;
  productType?: Opt<CtReference<{ name?: Opt<string> }>>;
  variant?: Opt<{ id?: Opt<number>; sku?: Opt<string>; key?: Opt<string>; [key: string]: unknown }>;
  /** The unit price before discounts (`Price.value`, possibly high precision). */
  price: { id?: Opt<string>; value: CtTypedMoney; [key: string]: unknown };
  /** `Platform` (default), `ExternalPrice`, `ExternalTotal`. */
  priceMode?: Opt<string>;
  /** `Standard` or `GiftLineItem` (added by a cart discount, `totalPrice` 0). */
  lineItemMode?: Opt<string>;
};

/** `CustomLineItem` (fees, vouchers, services; `money` may be negative). */
export type CtCustomLineItem = CtItemBase & {
  /** Unit amount (`TypedMoney`). */
  money: CtTypedMoney;
  slug?: Opt<string>;
  taxCategory?: Opt<CtReference>;
  /** `Standard` or `External`. */
  priceMode?: Opt<string>;
};

/** `ShippingInfo`. `price` is before the shipping discount, `discountedPrice.value` after. */
export type CtShippingInfo = {
  shippingMethodName: string;
  price: CtCentPrecisionMoney;
  taxedPrice?: Opt<CtTaxedPrice>;
  taxRate?: Opt<CtTaxRate>;
  taxCategory?: Opt<CtReference>;
  shippingMethod?: Opt<CtReference>;
  discountedPrice?: Opt<CtDiscountedLineItemPrice>;
  [key: string]: unknown;
};

/** `BaseAddress` / `Address`. */
export type CtAddress = {
  id?: Opt<string>;
  key?: Opt<string>;
  country?: Opt<string>;
  title?: Opt<string>;
  salutation?: Opt<string>;
  firstName?: Opt<string>;
  lastName?: Opt<string>;
  streetName?: Opt<string>;
  streetNumber?: Opt<string>;
  additionalStreetInfo?: Opt<string>;
  postalCode?: Opt<string>;
  city?: Opt<string>;
  region?: Opt<string>;
  state?: Opt<string>;
  company?: Opt<string>;
  department?: Opt<string>;
  building?: Opt<string>;
  apartment?: Opt<string>;
  pOBox?: Opt<string>;
  phone?: Opt<string>;
  mobile?: Opt<string>;
  email?: Opt<string>;
  additionalAddressInfo?: Opt<string>;
  [key: string]: unknown;
};

/** `Shipping` (Multiple shipping mode). */
export type CtShipping = { shippingKey: string; shippingInfo: CtShippingInfo; shippingAddress?: Opt<CtAddress>; [key: string]: unknown };

/** `DiscountOnTotalPrice`: `discountedAmount` in the price mode of the cart; net/gross variants when taxed. */
export type CtDiscountOnTotalPrice = {
  discountedAmount: CtTypedMoney;
  includedDiscounts?: Opt<readonly CtDiscountPortion[]>;
  discountedNetAmount?: Opt<CtTypedMoney>;
  discountedGrossAmount?: Opt<CtTypedMoney>;
};

/** `DiscountCodeInfo` (the reference's `obj.code` when expanded). */
export type CtDiscountCodeInfo = { discountCode: CtReference<{ code?: Opt<string> }>; state?: Opt<string> };

/** `OrderState`. */
export type CtOrderState = 'Open' | 'Confirmed' | 'Complete' | 'Cancelled' | (string & {});

/** `Order` (`GET /{projectKey}/orders/{id}`). */
export type CtOrder = {
  id: string;
  version?: Opt<number>;
  createdAt: string;
  lastModifiedAt?: Opt<string>;
  completedAt?: Opt<string>;
  orderNumber?: Opt<string>;
  purchaseOrderNumber?: Opt<string>;
  customerId?: Opt<string>;
  customerEmail?: Opt<string>;
  anonymousId?: Opt<string>;
  store?: Opt<CtKeyReference>;
  businessUnit?: Opt<CtKeyReference>;
  lineItems: readonly CtLineItem[];
  customLineItems?: Opt<readonly CtCustomLineItem[]>;
  /** Sum of the items' and shipping's `totalPrice`, after a total-price discount; gross when prices include tax. */
  totalPrice: CtCentPrecisionMoney;
  taxedPrice?: Opt<CtTaxedPrice>;
  taxedShippingPrice?: Opt<CtTaxedPrice>;
  discountOnTotalPrice?: Opt<CtDiscountOnTotalPrice>;
  priceRoundingMode?: Opt<CtRoundingMode>;
  taxMode?: Opt<CtTaxMode>;
  taxRoundingMode?: Opt<CtRoundingMode>;
  taxCalculationMode?: Opt<CtTaxCalculationMode>;
  billingAddress?: Opt<CtAddress>;
  shippingAddress?: Opt<CtAddress>;
  /** `Single` (default: `shippingInfo`) or `Multiple` (`shipping[]`). */
  shippingMode?: Opt<'Single' | 'Multiple' | (string & {})>;
  shippingInfo?: Opt<CtShippingInfo>;
  shipping?: Opt<readonly CtShipping[]>;
  discountCodes?: Opt<readonly CtDiscountCodeInfo[]>;
  directDiscounts?: Opt<readonly { id: string; [key: string]: unknown }[]>;
  paymentInfo?: Opt<{ payments: readonly CtReference[] }>;
  /** Used for price selection (ISO 3166-1 alpha-2). */
  country?: Opt<string>;
  locale?: Opt<string>;
  orderState: CtOrderState;
  paymentState?: Opt<string>;
  [key: string]: unknown;
};

/** `TransactionType`. */
export type CtTransactionType = 'Authorization' | 'CancelAuthorization' | 'Charge' | 'Refund' | 'Chargeback';
/** `TransactionState`. */
export type CtTransactionState = 'Initial' | 'Pending' | 'Success' | 'Failure';

/** `Transaction`. */
export type CtTransaction = {
  id: string;
  timestamp?: Opt<string>;
  type: CtTransactionType;
  amount: CtCentPrecisionMoney;
  interactionId?: Opt<string>;
  state: CtTransactionState;
  interfaceId?: Opt<string>;
  [key: string]: unknown;
};

/** `PaymentMethodInfo` (`method` is free text: "CREDIT_CARD", "giftcard"…). */
export type CtPaymentMethodInfo = { paymentInterface?: Opt<string>; method?: Opt<string>; name?: Opt<CtLocalizedString>; [key: string]: unknown };

/** `Payment` (`GET /{projectKey}/payments/{id}`). */
export type CtPayment = {
  id: string;
  key?: Opt<string>;
  createdAt?: Opt<string>;
  lastModifiedAt?: Opt<string>;
  interfaceId?: Opt<string>;
  amountPlanned?: Opt<CtCentPrecisionMoney>;
  paymentMethodInfo?: Opt<CtPaymentMethodInfo>;
  transactions: readonly CtTransaction[];
  [key: string]: unknown;
};

/** `Customer` (`GET /{projectKey}/customers/{id}`). */
export type CtCustomer = {
  id: string;
  customerNumber?: Opt<string>;
  externalId?: Opt<string>;
  email: string;
  firstName?: Opt<string>;
  middleName?: Opt<string>;
  lastName?: Opt<string>;
  companyName?: Opt<string>;
  vatId?: Opt<string>;
  addresses?: Opt<readonly CtAddress[]>;
  defaultShippingAddressId?: Opt<string>;
  shippingAddressIds?: Opt<readonly string[]>;
  defaultBillingAddressId?: Opt<string>;
  billingAddressIds?: Opt<readonly string[]>;
  [key: string]: unknown;
};

/** Options of the order mapper. */
export type CommercetoolsMappingOptions = {
  /** The commercetools project key: the store segment of every external reference. */
  projectKey: string;
  /** Override of the issue date (YYYY-MM-DD); default the UTC date of `createdAt`. */
  issueDate?: string | undefined;
  /** Preferred locale for `LocalizedString` names (default: the order's `locale`, then "en", then the first). */
  locale?: string | undefined;
  /** The shop's payment method name for the invoice (an order does not carry it; its payments do). */
  paymentMethod?: string | undefined;
};
