import { jsonText } from '../core/json-text';
import { BIGCOMMERCE_STORE_CURRENCIES } from './demo.constants';
import { parseApiDate } from './dates';
import { v2Error, v2MissingField, v2ReadOnlyField } from './errors';
import { InvalidAmountError, parseUnits } from './money';
import type { ChargeInput } from './order-math';
import type { Json } from './json.types';

/**
 * Normalizes `POST /v2/orders` and `PUT /v2/orders/{id}` bodies (orders.v2.oas2.yml `order_Post`,
 * `order_Put`, `orderCustomProduct_Post`, `orderCatalogProduct_Post`, `orderFees_Post`) into an
 * `OrderDraft` with integer money units. Errors are thrown as V2 400 responses.
 * Sandbox limits (documented in the report): no catalog, so catalog products need explicit prices; no
 * pickup `consignments` on POST.
 */
export type ProductType = 'physical' | 'digital' | 'giftcertificate';

export type ProductDraft = {
  /** Order product id once assigned. */
  id?: number;
  productId: number;
  variantId?: number;
  name: string;
  nameMerchant: string;
  sku: string;
  upc: string;
  quantity: number;
  priceEx: number;
  priceInc: number;
  type: ProductType;
  brand: string;
};

export type FeeDraft = {
  id?: number;
  displayNameCustomer: string;
  displayNameMerchant: string;
  source: string;
  ex: number;
  inc: number;
  taxClassId: number | null;
};

export type OrderDraft = {
  statusId: number;
  customerId: number;
  currency: string;
  billingAddress: Json;
  shippingAddresses: Json[];
  products: ProductDraft[];
  shipping: ChargeInput;
  handling: ChargeInput;
  wrapping: ChargeInput;
  discount: number;
  fees: FeeDraft[];
  subtotalOverride?: ChargeInput;
  totalOverride?: ChargeInput;
  /** Writable pass-through fields (staff_notes, external_order_id, payment_method, …). */
  scalars: Json;
  dateCreatedMs?: number;
  /** Demo-only facts a V2 POST cannot set (read-only there): payments by gift certificate / store credit. */
  giftCertificateAmount?: number;
  storeCreditAmount?: number;
  paymentStatus?: string;
};

/** Response-only fields a POST/PUT may not carry (order_RespOnly, "read-only … Do not pass"). */
const READ_ONLY_FIELDS = [
  'id', 'date_modified', 'date_shipped', 'status', 'cart_id', 'subtotal_tax', 'shipping_cost_tax', 'shipping_cost_tax_class_id',
  'handling_cost_tax', 'handling_cost_tax_class_id', 'wrapping_cost_tax', 'wrapping_cost_tax_class_id', 'payment_status',
  'store_credit_amount', 'gift_certificate_amount', 'currency_id', 'currency_code', 'currency_exchange_rate', 'default_currency_id',
  'coupon_discount', 'shipping_address_count', 'total_tax', 'is_email_opt_in', 'is_tax_inclusive_pricing', 'external_id',
  'tax_provider_id', 'store_default_currency_code', 'store_default_to_transactional_exchange_rate', 'custom_status',
] as const;

/** Writable scalar fields copied as given (order_Shared). */
const SCALAR_FIELDS = [
  'channel_id', 'customer_message', 'ebay_order_id', 'external_merchant_id', 'external_source', 'external_order_id', 'geoip_country',
  'geoip_country_iso2', 'ip_address', 'ip_address_v6', 'order_source', 'payment_method', 'payment_provider_id', 'staff_notes',
  'customer_locale', 'items_shipped',
] as const;

const ADDRESS_FIELDS = ['first_name', 'last_name', 'company', 'street_1', 'street_2', 'city', 'state', 'zip', 'country', 'country_iso2', 'phone', 'email'] as const;

/** Parses an amount or answers V2 400 naming the field. */
export function units(value: unknown, field: string): number {
  try {
    return parseUnits(value, field);
  } catch (err) {
    if (err instanceof InvalidAmountError) throw v2Error(400, `The field '${field}' is invalid. It must be a non-negative decimal.`);
    throw err;
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads an ex/inc pair that must come together ("When specified … the field … is also required"). */
function pair(body: Json, exField: string, incField: string, fallback?: ChargeInput): ChargeInput | undefined {
  const hasEx = body[exField] !== undefined;
  const hasInc = body[incField] !== undefined;
  if (hasEx !== hasInc) throw v2MissingField(hasEx ? incField : exField);
  if (!hasEx) return fallback;
  return { ex: units(body[exField], exField), inc: units(body[incField], incField) };
}

/** Copies the known address fields (strings only), keeping `form_fields` / `shipping_method` when given. */
export function normalizeAddress(raw: unknown, field: string, requireZip: boolean): Json {
  if (!isObject(raw)) throw v2MissingField(field);
  const out: Json = {};
  for (const key of ADDRESS_FIELDS) out[key] = typeof raw[key] === 'string' ? raw[key] : '';
  if (requireZip && String(out['zip']).length < 2) throw v2Error(400, `The field '${field}.zip' must be two or more characters.`);
  out['form_fields'] = Array.isArray(raw['form_fields']) ? raw['form_fields'] : [];
  if (typeof raw['shipping_method'] === 'string') out['shipping_method'] = raw['shipping_method'];
  return out;
}

/** One product of a POST/PUT body. `existing` is the product being updated (PUT with `id`). */
export function parseProduct(raw: unknown, index: number, existing?: ProductDraft): ProductDraft {
  const field = `products[${index}]`;
  if (!isObject(raw)) throw v2Error(400, `The field '${field}' is invalid.`);
  const quantity = raw['quantity'] ?? existing?.quantity;
  if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 0) throw v2MissingField(`${field}.quantity`);
  const hasPrices = raw['price_ex_tax'] !== undefined || raw['price_inc_tax'] !== undefined;
  if (!existing && !hasPrices) {
    if (raw['product_id'] !== undefined) {
      throw v2Error(400, `${field}: the sandbox has no catalog; send price_ex_tax and price_inc_tax with product_id ${jsonText(raw['product_id'])}.`);
    }
    throw v2MissingField(`${field}.price_inc_tax`);
  }
  const priceEx = raw['price_ex_tax'] !== undefined ? units(raw['price_ex_tax'], `${field}.price_ex_tax`) : existing?.priceEx;
  const priceInc = raw['price_inc_tax'] !== undefined ? units(raw['price_inc_tax'], `${field}.price_inc_tax`) : existing?.priceInc;
  if (priceEx === undefined) throw v2MissingField(`${field}.price_ex_tax`);
  if (priceInc === undefined) throw v2MissingField(`${field}.price_inc_tax`);
  const nameIn = raw['name'] ?? raw['name_customer'];
  if (raw['name'] !== undefined && raw['name_customer'] !== undefined && raw['name'] !== raw['name_customer']) {
    throw v2Error(400, `${field}: name and name_customer must have the same value.`);
  }
  const name = typeof nameIn === 'string' && nameIn !== '' ? nameIn : (typeof raw['name_merchant'] === 'string' ? raw['name_merchant'] : existing?.name);
  if (!name) throw v2MissingField(`${field}.name`);
  const productId = typeof raw['product_id'] === 'number' ? raw['product_id'] : (existing?.productId ?? 0);
  const type = raw['type'] === 'digital' || raw['type'] === 'giftcertificate' ? raw['type'] : (existing?.type ?? 'physical');
  const draft: ProductDraft = {
    productId,
    name,
    nameMerchant: typeof raw['name_merchant'] === 'string' ? raw['name_merchant'] : (existing?.nameMerchant ?? name),
    sku: typeof raw['sku'] === 'string' ? raw['sku'] : (existing?.sku ?? ''),
    upc: typeof raw['upc'] === 'string' ? raw['upc'] : (existing?.upc ?? ''),
    quantity,
    priceEx,
    priceInc,
    type,
    brand: typeof raw['brand'] === 'string' ? raw['brand'] : (existing?.brand ?? ''),
  };
  if (existing?.id !== undefined) draft.id = existing.id;
  const variantId = typeof raw['variant_id'] === 'number' ? raw['variant_id'] : existing?.variantId;
  if (variantId !== undefined) draft.variantId = variantId;
  return draft;
}

/** One fee: at least two of cost_ex_tax / cost_inc_tax / cost_tax (orderFees_Post). `cost_exc_tax` is accepted as the spec examples spell it. */
export function parseFee(raw: unknown, index: number): FeeDraft {
  const field = `fees[${index}]`;
  if (!isObject(raw)) throw v2Error(400, `The field '${field}' is invalid.`);
  const exRaw = raw['cost_ex_tax'] ?? raw['cost_exc_tax'];
  const ex = exRaw === undefined ? undefined : units(exRaw, `${field}.cost_ex_tax`);
  const inc = raw['cost_inc_tax'] === undefined ? undefined : units(raw['cost_inc_tax'], `${field}.cost_inc_tax`);
  const tax = raw['cost_tax'] === undefined ? undefined : units(raw['cost_tax'], `${field}.cost_tax`);
  const given = [ex, inc, tax].filter((v) => v !== undefined).length;
  if (given < 2) throw v2Error(400, `${field}: at least two of cost_ex_tax, cost_inc_tax and cost_tax are required.`);
  const feeEx = ex ?? (inc ?? 0) - (tax ?? 0);
  const feeInc = inc ?? feeEx + (tax ?? 0);
  const customer = typeof raw['display_name_customer'] === 'string' ? raw['display_name_customer'] : undefined;
  const merchant = typeof raw['display_name_merchant'] === 'string' ? raw['display_name_merchant'] : undefined;
  if (!customer && !merchant) throw v2MissingField(`${field}.display_name_customer`);
  const fee: FeeDraft = {
    displayNameCustomer: customer ?? merchant ?? '',
    displayNameMerchant: merchant ?? customer ?? '',
    source: typeof raw['source'] === 'string' ? raw['source'] : 'v2',
    ex: feeEx,
    inc: feeInc,
    taxClassId: typeof raw['tax_class_id'] === 'number' ? raw['tax_class_id'] : null,
  };
  if (typeof raw['id'] === 'number') fee.id = raw['id'];
  return fee;
}

/** Rejects any read-only field present in the body (V2 answers 400 naming the field). */
export function rejectReadOnly(body: Json, extra: readonly string[] = []): void {
  for (const field of [...READ_ONLY_FIELDS, ...extra]) if (body[field] !== undefined) throw v2ReadOnlyField(field);
}

/** Copies the writable scalar fields present in the body. */
export function pickScalars(body: Json): Json {
  const out: Json = {};
  for (const field of SCALAR_FIELDS) if (body[field] !== undefined) out[field] = body[field];
  if (out['channel_id'] !== undefined && out['channel_id'] !== 1) throw v2Error(400, 'The channel_id must match a valid and enabled channel.');
  return out;
}

/** Validates a status id against the store's order statuses. */
export function parseStatusId(value: unknown, knownIds: readonly number[]): number {
  if (typeof value !== 'number' || !knownIds.includes(value)) throw v2Error(400, `The field 'status_id' is invalid. Unknown order status ${String(value)}.`);
  return value;
}

/** Builds the draft of `POST /v2/orders`. Throws V2 400 errors. */
export function parseOrderPost(body: unknown, statusIds: readonly number[]): OrderDraft {
  if (!isObject(body)) throw v2Error(400, 'The request body must be a JSON object.');
  rejectReadOnly(body);
  if (body['consignments'] !== undefined) throw v2Error(400, 'The sandbox does not support creating orders with consignments; send products and shipping_addresses.');
  const billingAddress = normalizeAddress(body['billing_address'], 'billing_address', true);
  if (!Array.isArray(body['products']) || body['products'].length === 0) throw v2MissingField('products');
  const products = body['products'].map((p, i) => parseProduct(p, i));
  if (products.some((p) => p.quantity < 1)) throw v2Error(400, 'Every product needs a quantity of at least 1.');
  const currency = body['default_currency_code'] ?? 'USD';
  if (typeof currency !== 'string' || !BIGCOMMERCE_STORE_CURRENCIES[currency]) throw v2Error(400, `The currency '${jsonText(currency)}' is not enabled on this store.`);
  const shippingRaw = body['shipping_addresses'];
  if (shippingRaw !== undefined && !Array.isArray(shippingRaw)) throw v2Error(400, "The field 'shipping_addresses' must be an array.");
  const shippingAddresses = (shippingRaw ?? []).map((a, i) => normalizeAddress(a, `shipping_addresses[${i}]`, false));
  if (shippingAddresses.length === 0 && products.some((p) => p.type === 'physical')) shippingAddresses.push({ ...billingAddress });
  let dateCreatedMs: number | undefined;
  if (body['date_created'] !== undefined) {
    dateCreatedMs = typeof body['date_created'] === 'string' ? parseApiDate(body['date_created']) : undefined;
    if (dateCreatedMs === undefined) throw v2Error(400, "The field 'date_created' must be an RFC-2822 date.");
  }
  const customerId = body['customer_id'] ?? 0;
  if (typeof customerId !== 'number' || !Number.isInteger(customerId) || customerId < 0) throw v2Error(400, "The field 'customer_id' is invalid.");
  const fees = body['fees'] === undefined ? [] : Array.isArray(body['fees']) ? body['fees'].map((f, i) => parseFee(f, i)) : [];
  const draft: OrderDraft = {
    statusId: body['status_id'] === undefined ? 1 : parseStatusId(body['status_id'], statusIds),
    customerId,
    currency,
    billingAddress,
    shippingAddresses,
    products,
    shipping: pair(body, 'shipping_cost_ex_tax', 'shipping_cost_inc_tax') ?? { ex: 0, inc: 0 },
    handling: pair(body, 'handling_cost_ex_tax', 'handling_cost_inc_tax') ?? { ex: 0, inc: 0 },
    wrapping: pair(body, 'wrapping_cost_ex_tax', 'wrapping_cost_inc_tax') ?? { ex: 0, inc: 0 },
    discount: body['discount_amount'] === undefined ? 0 : units(body['discount_amount'], 'discount_amount'),
    fees,
    scalars: pickScalars(body),
  };
  const subtotal = pair(body, 'subtotal_ex_tax', 'subtotal_inc_tax');
  const total = pair(body, 'total_ex_tax', 'total_inc_tax');
  if (subtotal) draft.subtotalOverride = subtotal;
  if (total) draft.totalOverride = total;
  if (dateCreatedMs !== undefined) draft.dateCreatedMs = dateCreatedMs;
  return draft;
}

/** Whether a PUT body touches money (then the order is recomputed). */
export function putChangesMoney(body: Json): boolean {
  return ['products', 'fees', 'discount_amount', 'shipping_cost_ex_tax', 'shipping_cost_inc_tax', 'handling_cost_ex_tax', 'handling_cost_inc_tax',
    'wrapping_cost_ex_tax', 'wrapping_cost_inc_tax', 'subtotal_ex_tax', 'subtotal_inc_tax', 'total_ex_tax', 'total_inc_tax', 'shipping_addresses']
    .some((f) => body[f] !== undefined);
}

/** Applies the money part of a PUT to a draft (products behave like PATCH, fees like PUT). */
export function applyMoneyPut(draft: OrderDraft, body: Json): OrderDraft {
  const next: OrderDraft = { ...draft, products: [...draft.products], fees: [...draft.fees] };
  if (Array.isArray(body['products'])) {
    body['products'].forEach((raw, i) => {
      const id = isObject(raw) && typeof raw['id'] === 'number' ? raw['id'] : undefined;
      if (id === undefined) {
        const added = parseProduct(raw, i);
        if (added.quantity < 1) throw v2Error(400, `products[${i}]: quantity must be at least 1 when adding a product.`);
        next.products.push(added);
        return;
      }
      const at = next.products.findIndex((p) => p.id === id);
      const current = next.products[at];
      if (!current) throw v2Error(400, `products[${i}]: order product ${id} does not exist on this order.`);
      const updated = parseProduct(raw, i, current);
      if (updated.quantity === 0) next.products.splice(at, 1);
      else next.products[at] = updated;
    });
    if (next.products.length === 0) throw v2Error(400, 'An order needs at least one product.');
  }
  if (Array.isArray(body['fees'])) next.fees = body['fees'].map((f, i) => parseFee(f, i));
  next.shipping = pair(body, 'shipping_cost_ex_tax', 'shipping_cost_inc_tax', draft.shipping) ?? draft.shipping;
  next.handling = pair(body, 'handling_cost_ex_tax', 'handling_cost_inc_tax', draft.handling) ?? draft.handling;
  next.wrapping = pair(body, 'wrapping_cost_ex_tax', 'wrapping_cost_inc_tax', draft.wrapping) ?? draft.wrapping;
  if (body['discount_amount'] !== undefined) next.discount = units(body['discount_amount'], 'discount_amount');
  const subtotal = pair(body, 'subtotal_ex_tax', 'subtotal_inc_tax');
  const total = pair(body, 'total_ex_tax', 'total_inc_tax');
  if (subtotal) next.subtotalOverride = subtotal;
  if (total) next.totalOverride = total;
  if (Array.isArray(body['shipping_addresses'])) {
    next.shippingAddresses = body['shipping_addresses'].map((a, i) => normalizeAddress(a, `shipping_addresses[${i}]`, false));
  }
  return next;
}
