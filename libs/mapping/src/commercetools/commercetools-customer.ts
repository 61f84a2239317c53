import type { PostalAddress, SalesCustomer } from '../canonical/sales-document';
import { MappingError } from '../mapping.error';
import type { CtAddress, CtCustomer, CtOrder } from './commercetools.types';

const clean = (value: string | null | undefined): string => (typeof value === 'string' ? value.trim() : '');
const join = (separator: string, ...parts: (string | null | undefined)[]): string => parts.map(clean).filter(Boolean).join(separator);

/**
 * `BaseAddress` → postal address: line 1 = `streetName streetNumber`; line 2 = `additionalStreetInfo`, `building`,
 * `apartment`, `pOBox` ("PO Box …") and `additionalAddressInfo`, comma-separated; region = `region`, else `state`;
 * phone = `phone`, else `mobile`. The name falls back to the company, then `fallbackName`.
 */
export function commercetoolsAddress(a: CtAddress | null | undefined, fallbackName: string): PostalAddress {
  const name = join(' ', a?.firstName, a?.lastName);
  const company = clean(a?.company);
  const line2 = join(', ', a?.additionalStreetInfo, a?.building, a?.apartment, clean(a?.pOBox) ? `PO Box ${clean(a?.pOBox)}` : '', a?.additionalAddressInfo);
  const region = clean(a?.region) || clean(a?.state);
  const phone = clean(a?.phone) || clean(a?.mobile);
  return {
    name: name || company || fallbackName,
    ...(company ? { company } : {}),
    line1: join(' ', a?.streetName, a?.streetNumber),
    ...(line2 ? { line2 } : {}),
    postalCode: clean(a?.postalCode),
    city: clean(a?.city),
    ...(region ? { region } : {}),
    countryCode: clean(a?.country).toUpperCase(),
    ...(phone ? { phone } : {}),
    ...(clean(a?.email) ? { email: clean(a?.email) } : {}),
  };
}

function addressById(customer: CtCustomer, id: string | null | undefined): CtAddress | undefined {
  const wanted = clean(id);
  return wanted ? (customer.addresses ?? []).find((a) => clean(a.id) === wanted) : undefined;
}

/**
 * commercetools `Customer` (`GET /{projectKey}/customers/{id}`) → canonical customer.
 * - Billing address: `defaultBillingAddressId`, else the first of `billingAddressIds`, else the first address, else
 *   an address holding only the name. Shipping: `defaultShippingAddressId` (else the first of `shippingAddressIds`)
 *   when it is another address.
 * - Name `firstName middleName lastName` (else `companyName`, else the e-mail); company `companyName` (else the billing
 *   address's `company`); VAT number `vatId`; phone from the billing address; `shopCustomerId` = `id`.
 * @throws MappingError `missing-field` `email` (customers are matched by e-mail), `id`.
 */
export function commercetoolsCustomerToSalesCustomer(customer: CtCustomer): SalesCustomer {
  const email = clean(customer.email);
  if (!email) throw new MappingError('missing-field', 'email', 'is required (customers are matched by e-mail)');
  if (!clean(customer.id)) throw new MappingError('missing-field', 'id', 'is required');
  const name = join(' ', customer.firstName, customer.middleName, customer.lastName) || clean(customer.companyName) || email;
  const billingSource = addressById(customer, customer.defaultBillingAddressId) ?? addressById(customer, customer.billingAddressIds?.[0]) ?? customer.addresses?.[0];
  const shippingSource = addressById(customer, customer.defaultShippingAddressId) ?? addressById(customer, customer.shippingAddressIds?.[0]);
  const billing = commercetoolsAddress(billingSource, name);
  const company = clean(customer.companyName) || billing.company;
  const vatNumber = clean(customer.vatId);
  return {
    email,
    name,
    ...(company ? { company } : {}),
    ...(billing.phone ? { phone: billing.phone } : {}),
    ...(vatNumber ? { vatNumber } : {}),
    shopCustomerId: clean(customer.id),
    billingAddress: billing,
    ...(shippingSource && shippingSource !== billingSource ? { shippingAddress: commercetoolsAddress(shippingSource, name) } : {}),
  };
}

/**
 * The buyer of an order, registered or guest: e-mail `customerEmail` (else the billing, then shipping address's
 * `email`), name and company from the billing address (else the shipping address), shipping address when set.
 * `shopCustomerId` = `customerId` ('' for a guest/anonymous order). An order carries no VAT id (the customer does:
 * map it with `commercetoolsCustomerToSalesCustomer`). A registered customer's order may carry no e-mail at all (the
 * official order example has only `customerId`): the e-mail is then '' and the customer is matched by its shop id.
 * @throws MappingError `missing-field` `customerEmail` when there is neither an e-mail nor a `customerId`.
 */
export function commercetoolsOrderCustomer(order: CtOrder): SalesCustomer {
  const email = clean(order.customerEmail) || clean(order.billingAddress?.email) || clean(order.shippingAddress?.email);
  if (!email && !clean(order.customerId)) throw new MappingError('missing-field', 'customerEmail', 'is required for a guest order (the Visma customer is matched by e-mail)');
  const billingSource = order.billingAddress ?? order.shippingAddress;
  const billing = commercetoolsAddress(billingSource, email || `Customer ${clean(order.customerId)}`);
  const name = billing.name;
  return {
    email,
    name,
    ...(billing.company ? { company: billing.company } : {}),
    ...(billing.phone ? { phone: billing.phone } : {}),
    shopCustomerId: clean(order.customerId),
    billingAddress: billing,
    ...(order.shippingAddress ? { shippingAddress: commercetoolsAddress(order.shippingAddress, name) } : {}),
  };
}
