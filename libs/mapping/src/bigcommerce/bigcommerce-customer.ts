import type { BcCustomer } from './bigcommerce-order.types';
import type { PostalAddress, SalesCustomer } from '../canonical/sales-document';
import { MappingError } from '../mapping.error';
import { type Json, asObject, readOptionalString, readString } from './bigcommerce-fields';

/**
 * BigCommerce `billingAddress_Resp` / `shippingAddress_Base` → canonical address.
 * Country is `country_iso2` upper-cased ('' if absent).
 * @throws MappingError for a non-object address or non-string fields, naming the path.
 */
export function readBcAddress(value: unknown, path: string): PostalAddress {
  const obj = asObject(value, path);
  const name = [readOptionalString(obj, 'first_name', path), readOptionalString(obj, 'last_name', path)]
    .filter((part): part is string => !!part && part.trim() !== '')
    .join(' ');
  const address: PostalAddress = {
    name,
    line1: readOptionalString(obj, 'street_1', path) ?? '',
    postalCode: readOptionalString(obj, 'zip', path) ?? '',
    city: readOptionalString(obj, 'city', path) ?? '',
    countryCode: (readOptionalString(obj, 'country_iso2', path) ?? '').toUpperCase(),
  };
  setIfPresent(address, 'company', readOptionalString(obj, 'company', path));
  setIfPresent(address, 'line2', readOptionalString(obj, 'street_2', path));
  setIfPresent(address, 'region', readOptionalString(obj, 'state', path));
  setIfPresent(address, 'phone', readOptionalString(obj, 'phone', path));
  setIfPresent(address, 'email', readOptionalString(obj, 'email', path));
  return address;
}

function setIfPresent<K extends 'company' | 'line2' | 'region' | 'phone' | 'email'>(
  target: PostalAddress,
  key: K,
  value: string | undefined,
): void {
  if (value !== undefined && value.trim() !== '') target[key] = value;
}

/**
 * Builds the canonical customer from the order's billing address (email is required: it is the key
 * used to find or create the Visma customer) and the first shipping address, if any.
 * @throws MappingError `missing-field` for `billing_address.email`.
 */
export function readBcCustomer(order: Json, shippingAddresses: readonly unknown[], vatNumber: string | undefined): SalesCustomer {
  const billing = readBcAddress(order['billing_address'], 'billing_address');
  const email = readString(asObject(order['billing_address'], 'billing_address'), 'email', 'billing_address');
  if (!/^[^@\s]+@[^@\s]+$/.test(email.trim())) {
    throw new MappingError('invalid-field', 'billing_address.email', `"${email}" is not an e-mail address`);
  }
  const customerId = readOptionalString(order, 'customer_id', '') ?? '0';
  const customer: SalesCustomer = {
    email: email.trim().toLowerCase(),
    name: billing.company ?? (billing.name || email.trim()),
    shopCustomerId: customerId,
    billingAddress: billing,
  };
  if (billing.company !== undefined) customer.company = billing.company;
  if (billing.phone !== undefined) customer.phone = billing.phone;
  if (vatNumber !== undefined && vatNumber !== '') customer.vatNumber = vatNumber;
  const firstShipping = shippingAddresses[0];
  if (firstShipping !== undefined) customer.shippingAddress = readBcAddress(firstShipping, 'shipping_addresses[0]');
  return customer;
}

/**
 * BigCommerce v3 customer (`customer_Full`, customers.v3.yml) → canonical customer for the Visma customer master:
 * name from first/last name (else the e-mail), the first address (with `include=addresses`) as billing address.
 * Amount-free. @throws MappingError `missing-field` naming `customer.email` when it is empty.
 */
export function bigCommerceCustomerToSalesCustomer(customer: BcCustomer): SalesCustomer {
  const email = readString(asObject(customer, 'customer'), 'email', 'customer');
  const name = `${customer.first_name ?? ''} ${customer.last_name ?? ''}`.trim() || email;
  const first = customer.addresses?.[0];
  const a = first ? asObject(first, 'customer.addresses[0]') : {};
  const line = (key: string) => readOptionalString(a, key, 'customer.addresses[0]') ?? '';
  const billingAddress: PostalAddress = { name, line1: line('address1'), postalCode: line('postal_code'), city: line('city'), countryCode: line('country_code').toUpperCase() };
  setIfPresent(billingAddress, 'line2', line('address2'));
  setIfPresent(billingAddress, 'region', line('state_or_province'));
  const result: SalesCustomer = { email, name, shopCustomerId: String(customer.id), billingAddress };
  if (customer.company) result.company = customer.company;
  if (customer.phone) result.phone = customer.phone;
  return result;
}
