/**
 * Customers (openapi.yaml `Customer`, `CustomerDraft`, `CustomerSignInResult`; examples/customer*.json). Creating
 * one answers 201 `{customer}` and emits CustomerCreated `{customer}`; the email is unique per project
 * (400 DuplicateField `email`). `stores` holds StoreKeyReferences; in-store endpoints see only their store's customers
 * (and customers without stores, which are global).
 */
import { createHash } from 'node:crypto';
import { duplicateField, invalidJson } from './errors';
import { clone, compact, isJson, listAt, objAt, strAt, type Json } from './json';
import type { CommercetoolsState } from './state';

/** A Customer from a CustomerDraft (`storeKey` forces the store of an in-store create). */
export function buildCustomer(state: CommercetoolsState, draft: unknown, storeKey?: string): Json {
  if (!isJson(draft)) throw invalidJson('The request body must be a JSON object.');
  const email = strAt(draft, 'email');
  if (!email) throw invalidJson('email: Missing required value');
  if ([...state.data.customers.values()].some((c) => String(c['email']).toLowerCase() === email.toLowerCase())) throw duplicateField('email', email, 'There is already an existing customer with the provided email.');
  const addresses = listAt(draft, 'addresses').map((a) => ({ ...clone(a), id: strAt(a, 'id') ?? state.newId().slice(0, 8) }));
  const pick = (index: unknown): string | undefined => (typeof index === 'number' ? addresses[index]?.id : undefined);
  const stores = storeKey ? [{ typeId: 'store', key: storeKey }] : listAt(draft, 'stores').map((s) => ({ typeId: 'store', key: strAt(s, 'key') }));
  const password = strAt(draft, 'password');
  return compact({
    id: state.newId(),
    key: strAt(draft, 'key'),
    customerNumber: strAt(draft, 'customerNumber'),
    externalId: strAt(draft, 'externalId'),
    email,
    password: password ? `****${createHash('sha256').update(password).digest('base64').slice(-4)}` : undefined,
    firstName: strAt(draft, 'firstName'),
    lastName: strAt(draft, 'lastName'),
    companyName: strAt(draft, 'companyName'),
    vatId: strAt(draft, 'vatId'),
    locale: strAt(draft, 'locale'),
    addresses,
    defaultShippingAddressId: pick(draft['defaultShippingAddress']),
    shippingAddressIds: addresses.map((a) => a.id),
    defaultBillingAddressId: pick(draft['defaultBillingAddress']),
    billingAddressIds: addresses.map((a) => a.id),
    isEmailVerified: draft['isEmailVerified'] === true,
    customerGroup: objAt(draft, 'customerGroup'),
    customerGroupAssignments: [],
    stores,
    authenticationMode: strAt(draft, 'authenticationMode') ?? 'Password',
  });
}

/** True when the customer is visible in the store (assigned to it, or to no store at all). */
export function customerInStore(customer: Json, storeKey: string): boolean {
  const stores = listAt(customer, 'stores');
  return stores.length === 0 || stores.some((s) => s['key'] === storeKey);
}
