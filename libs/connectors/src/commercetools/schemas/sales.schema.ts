/**
 * Orders, payments and customers (shared/specs/commercetools/openapi.yaml `Order`, `LineItem`, `CustomLineItem`,
 * `TaxedPrice`, `PaymentInfo`, `Payment`, `Transaction`, `Customer`; examples `order.example.json`,
 * `payment.example.json`, `customer.example.json`). Required here: what the mapping reads; the rest passes through.
 */
import { z } from 'zod';
import { CT_ADDRESS, CT_BASE_RESOURCE, CT_CENT_PRECISION_MONEY, CT_KEY_REFERENCE, CT_LOCALIZED_STRING, CT_REFERENCE, CT_TYPED_MONEY, ctPaged } from './common.schema';

/** Amounts the spec types `CentPrecisionMoney` (totals, tax portions, transactions); unit prices are `TypedMoney`. */
const CENTS = CT_CENT_PRECISION_MONEY;

/** `TaxRate` (`amount` is the rate as the API sends it, a JSON number between 0 and 1). */
const TAX_RATE = z.object({ name: z.string(), amount: z.number(), includedInPrice: z.boolean(), country: z.string(), id: z.string().optional(), state: z.string().optional() }).passthrough();

export type CommercetoolsTaxRate = z.infer<typeof TAX_RATE>;
export const CT_TAX_RATE: z.ZodType<CommercetoolsTaxRate, z.ZodTypeDef, unknown> = TAX_RATE;

/** `TaxPortion`: `{rate, amount, name?}`. */
export const CT_TAX_PORTION = z.object({ rate: z.number(), amount: CENTS, name: z.string().optional() }).passthrough();

const TAXED_PRICE = z
  .object({ totalNet: CENTS, totalGross: CENTS, totalTax: CENTS.optional(), taxPortions: z.array(CT_TAX_PORTION).optional() })
  .passthrough();
export type CommercetoolsTaxedPrice = z.infer<typeof TAXED_PRICE>;
/** `TaxedPrice` / `TaxedItemPrice`: net, gross, tax (and portions on the order total). */
export const CT_TAXED_PRICE: z.ZodType<CommercetoolsTaxedPrice, z.ZodTypeDef, unknown> = TAXED_PRICE;

/** `LineItem`. `price.value` is the unit price; `totalPrice` the line total after discounts. */
const LINE_ITEM = z
  .object({
    id: z.string(),
    productId: z.string(),
    productKey: z.string().optional(),
    name: CT_LOCALIZED_STRING,
    variant: z.object({ id: z.number().int(), sku: z.string().optional(), key: z.string().optional() }).passthrough(),
    price: z.object({ id: z.string().optional(), value: CT_TYPED_MONEY }).passthrough(),
    quantity: z.number().int(),
    totalPrice: CENTS,
    taxedPrice: CT_TAXED_PRICE.optional(),
    taxRate: CT_TAX_RATE.optional(),
    supplyChannel: CT_REFERENCE.optional(),
  })
  .passthrough();
export type CommercetoolsLineItem = z.infer<typeof LINE_ITEM>;
export const CT_LINE_ITEM: z.ZodType<CommercetoolsLineItem, z.ZodTypeDef, unknown> = LINE_ITEM;

/** `CustomLineItem` (fees, surcharges): `money` per unit, `totalPrice` per line. */
const CUSTOM_LINE_ITEM = z
  .object({ id: z.string(), name: CT_LOCALIZED_STRING, money: CT_TYPED_MONEY, totalPrice: CENTS, quantity: z.number().int(), slug: z.string().optional(), taxedPrice: CT_TAXED_PRICE.optional(), taxRate: CT_TAX_RATE.optional() })
  .passthrough();

export type CommercetoolsCustomLineItem = z.infer<typeof CUSTOM_LINE_ITEM>;
export const CT_CUSTOM_LINE_ITEM: z.ZodType<CommercetoolsCustomLineItem, z.ZodTypeDef, unknown> = CUSTOM_LINE_ITEM;

/** `ShippingInfo` of single-shipping orders. */
export const CT_SHIPPING_INFO = z
  .object({ shippingMethodName: z.string(), price: CENTS, taxedPrice: CT_TAXED_PRICE.optional(), taxRate: CT_TAX_RATE.optional(), shippingMethodState: z.string().optional() })
  .passthrough();

/** `Order`. `paymentInfo.payments[].obj` is present when read with `expand=paymentInfo.payments[*]`. */
const ORDER = z
  .object({
    ...CT_BASE_RESOURCE,
    orderNumber: z.string().optional(),
    purchaseOrderNumber: z.string().optional(),
    customerId: z.string().optional(),
    customerEmail: z.string().optional(),
    store: CT_KEY_REFERENCE.optional(),
    lineItems: z.array(CT_LINE_ITEM),
    customLineItems: z.array(CT_CUSTOM_LINE_ITEM).default([]),
    totalPrice: CENTS,
    taxedPrice: CT_TAXED_PRICE.optional(),
    taxedShippingPrice: CT_TAXED_PRICE.optional(),
    taxMode: z.enum(['Platform', 'External', 'ExternalAmount', 'Disabled']).optional(),
    taxRoundingMode: z.enum(['HalfEven', 'HalfUp', 'HalfDown']).optional(),
    priceRoundingMode: z.enum(['HalfEven', 'HalfUp', 'HalfDown']).optional(),
    taxCalculationMode: z.enum(['LineItemLevel', 'UnitPriceLevel']).optional(),
    shippingMode: z.string().optional(),
    billingAddress: CT_ADDRESS.optional(),
    shippingAddress: CT_ADDRESS.optional(),
    shippingInfo: CT_SHIPPING_INFO.optional(),
    paymentInfo: z.object({ payments: z.array(CT_REFERENCE) }).passthrough().optional(),
    country: z.string().optional(),
    locale: z.string().optional(),
    orderState: z.string(),
    paymentState: z.string().optional(),
    shipmentState: z.string().optional(),
    completedAt: z.string().optional(),
  })
  .passthrough();
export type CommercetoolsOrder = z.infer<typeof ORDER>;
export const CT_ORDER: z.ZodType<CommercetoolsOrder, z.ZodTypeDef, unknown> = ORDER;
export const CT_ORDER_PAGE = ctPaged(CT_ORDER);

/** `Transaction`: `type` Authorization | CancelAuthorization | Charge | Refund | Chargeback; `state` Initial | Pending | Success | Failure. */
export const CT_TRANSACTION = z
  .object({ id: z.string(), type: z.enum(['Authorization', 'CancelAuthorization', 'Charge', 'Refund', 'Chargeback']), amount: CENTS, state: z.enum(['Initial', 'Pending', 'Success', 'Failure']), timestamp: z.string().optional(), interactionId: z.string().optional(), interfaceId: z.string().optional() })
  .passthrough();

/** `Payment`. */
export const CT_PAYMENT = z
  .object({
    ...CT_BASE_RESOURCE,
    key: z.string().optional(),
    interfaceId: z.string().optional(),
    customer: CT_REFERENCE.optional(),
    amountPlanned: CENTS,
    paymentMethodInfo: z.object({ paymentInterface: z.string().optional(), method: z.string().optional(), name: CT_LOCALIZED_STRING.optional() }).passthrough(),
    paymentStatus: z.object({ interfaceCode: z.string().optional(), interfaceText: z.string().optional(), state: CT_REFERENCE.optional() }).passthrough().optional(),
    transactions: z.array(CT_TRANSACTION),
  })
  .passthrough();
export type CommercetoolsPayment = z.infer<typeof CT_PAYMENT>;
export const CT_PAYMENT_PAGE = ctPaged(CT_PAYMENT);

/**
 * `Customer`. The `password` hash the API returns is dropped here, so it never reaches the stored raw payload or logs.
 */
export const CT_CUSTOMER = z
  .object({
    ...CT_BASE_RESOURCE,
    key: z.string().optional(),
    customerNumber: z.string().optional(),
    externalId: z.string().optional(),
    email: z.string(),
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    companyName: z.string().optional(),
    vatId: z.string().optional(),
    addresses: z.array(CT_ADDRESS).default([]),
    defaultBillingAddressId: z.string().optional(),
    defaultShippingAddressId: z.string().optional(),
    billingAddressIds: z.array(z.string()).optional(),
    shippingAddressIds: z.array(z.string()).optional(),
    customerGroup: CT_REFERENCE.optional(),
    stores: z.array(CT_KEY_REFERENCE).optional(),
    locale: z.string().optional(),
    password: z.unknown().optional(),
  })
  .passthrough()
  .transform(({ password: _password, ...customer }) => customer);
export type CommercetoolsCustomer = z.infer<typeof CT_CUSTOMER>;
export const CT_CUSTOMER_PAGE = ctPaged(CT_CUSTOMER);
