import type { PostalAddress, SalesCustomer } from '../canonical/sales-document';
import { MappingError } from '../mapping.error';
import type { AcCustomer, AcCustomerAddress, AcOrder, AcOrderAddress } from './adobe-commerce.types';

const clean = (value: string | null | undefined): string => (value ?? '').trim();
const joinName = (...parts: (string | null | undefined)[]): string => parts.map(clean).filter(Boolean).join(' ');

/** Street lines: the first is line 1, the rest are joined into line 2. */
function streetParts(street: readonly string[] | null | undefined): { line1: string; line2?: string } {
  const lines = (street ?? []).map((s) => clean(s)).filter(Boolean);
  const rest = lines.slice(1).join(', ');
  return { line1: lines[0] ?? '', ...(rest ? { line2: rest } : {}) };
}

/** `sales-data-order-address-interface` → postal address (the name falls back to the company, then the e-mail). */
export function orderAddress(a: AcOrderAddress | null | undefined, fallbackName: string): PostalAddress {
  const name = joinName(a?.firstname, a?.middlename, a?.lastname);
  return {
    name: name || clean(a?.company) || fallbackName,
    ...(clean(a?.company) ? { company: clean(a?.company) } : {}),
    ...streetParts(a?.street),
    postalCode: clean(a?.postcode),
    city: clean(a?.city),
    ...(clean(a?.region) ? { region: clean(a?.region) } : {}),
    countryCode: clean(a?.country_id).toUpperCase(),
    ...(clean(a?.telephone) ? { phone: clean(a?.telephone) } : {}),
    ...(clean(a?.email) ? { email: clean(a?.email) } : {}),
  };
}

function customerAddress(a: AcCustomerAddress | undefined, fallbackName: string): PostalAddress {
  const region = clean(a?.region?.region) || clean(a?.region?.region_code);
  return {
    name: joinName(a?.firstname, a?.lastname) || clean(a?.company) || fallbackName,
    ...(clean(a?.company) ? { company: clean(a?.company) } : {}),
    ...streetParts(a?.street),
    postalCode: clean(a?.postcode),
    city: clean(a?.city),
    ...(region ? { region } : {}),
    countryCode: clean(a?.country_id).toUpperCase(),
    ...(clean(a?.telephone) ? { phone: clean(a?.telephone) } : {}),
  };
}

/** The address flagged `default_billing` / `default_shipping`, else the one whose id the customer names, else undefined. */
function defaultAddress(customer: AcCustomer, kind: 'default_billing' | 'default_shipping'): AcCustomerAddress | undefined {
  const addresses = customer.addresses ?? [];
  return addresses.find((a) => a[kind] === true) ?? addresses.find((a) => a.id !== undefined && a.id !== null && String(a.id) === clean(customer[kind]));
}

/**
 * Adobe Commerce customer (`GET /V1/customers/{id}`, `customer-data-customer-interface`) → canonical customer.
 * - Billing address: the default billing address (`addresses[].default_billing`, else the address whose id is
 *   `default_billing`), else the first address, else an address with only the name. Shipping: the default shipping
 *   address when it is another address.
 * - Name: `firstname lastname`; VAT number: `taxvat`, else the billing address's `vat_id`; company and phone from the
 *   billing address.
 * @throws MappingError `missing-field` `email` (customers are matched by e-mail).
 */
export function adobeCommerceCustomerToSalesCustomer(customer: AcCustomer): SalesCustomer {
  const email = clean(customer.email);
  if (!email) throw new MappingError('missing-field', 'email', 'is required (customers are matched by e-mail)');
  const name = joinName(customer.firstname, customer.lastname) || email;
  const billingSource = defaultAddress(customer, 'default_billing') ?? customer.addresses?.[0];
  const shippingSource = defaultAddress(customer, 'default_shipping');
  const billing = customerAddress(billingSource, name);
  const vatNumber = clean(customer.taxvat) || clean(billingSource?.vat_id);
  return {
    email,
    name,
    ...(billing.company ? { company: billing.company } : {}),
    ...(billing.phone ? { phone: billing.phone } : {}),
    ...(vatNumber ? { vatNumber } : {}),
    shopCustomerId: customer.id === undefined || customer.id === null ? '' : String(customer.id),
    billingAddress: billing,
    ...(shippingSource && shippingSource !== billingSource ? { shippingAddress: customerAddress(shippingSource, name) } : {}),
  };
}

/**
 * The buyer of an order, registered or guest: `customer_email`, the name from `customer_firstname/lastname` (else the
 * billing name), the billing address, the first shipping assignment's address, VAT number `customer_taxvat` or the
 * billing `vat_id`. Guests (`customer_is_guest` 1, or no `customer_id`) get shop customer id '0'.
 * @throws MappingError `missing-field` `customer_email`.
 */
export function orderCustomer(order: AcOrder): SalesCustomer {
  const email = clean(order.customer_email) || clean(order.billing_address?.email);
  if (!email) throw new MappingError('missing-field', 'customer_email', 'is required (the Visma customer is matched by e-mail)');
  const billing = orderAddress(order.billing_address, email);
  const name = joinName(order.customer_firstname, order.customer_lastname) || billing.name;
  const shipping = order.extension_attributes?.shipping_assignments?.[0]?.shipping?.address;
  const vatNumber = clean(order.customer_taxvat) || clean(order.billing_address?.vat_id);
  const isGuest = order.customer_is_guest === 1 || order.customer_is_guest === true || order.customer_id === undefined || order.customer_id === null;
  return {
    email,
    name,
    ...(billing.company ? { company: billing.company } : {}),
    ...(billing.phone ? { phone: billing.phone } : {}),
    ...(vatNumber ? { vatNumber } : {}),
    shopCustomerId: isGuest ? '0' : String(order.customer_id),
    billingAddress: billing,
    ...(shipping ? { shippingAddress: orderAddress(shipping, name) } : {}),
  };
}
