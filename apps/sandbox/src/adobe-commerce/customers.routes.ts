/**
 * Customer routes (Magento_Customer etc/webapi.xml), rendered as `customer-data-customer-interface` the way the
 * tutorial's `POST /V1/customers` response shows it (ids, `default_billing`/`default_shipping` as address-id strings,
 * `created_in`, addresses with a `region` object):
 * - `POST /V1/customers` `{customer, password?}` — `anonymous` in webapi.xml (anyone may register); the email is unique
 *   per website (400 "A customer with the same email address already exists in an associated website.");
 * - `GET /V1/customers/:customerId`, `GET /V1/customers/search` (searchCriteria; `entity_id` names the id) —
 *   Magento_Customer::customer; `PUT /V1/customers/:customerId` — Magento_Customer::manage.
 * Saves fire `customer_save_after_data_object` (`{customer_data_object, orig_customer_data_object}`, dispatched by
 * Magento\Customer\Model\ResourceModel\CustomerRepository::save()) and the model event `customer_save_after`.
 */
import { magentoDate } from './dates';
import { magentoError, requiredField } from './errors';
import type { CommerceRestServer, RouteContext } from './rest-server';
import { reportId } from './rest-server';
import { applySearchCriteria, parseSearchCriteria, UNKNOWN_FIELD } from './search-criteria';
import { clone, snakeKeys, withoutNulls, type AdobeCommerceState, type Json } from './state';

export type CustomerDeps = { state: AdobeCommerceState; nowMs: () => number };

const CUSTOMER_COLUMNS = new Set(['entity_id', 'id', 'email', 'firstname', 'lastname', 'middlename', 'group_id', 'store_id', 'website_id', 'created_at', 'updated_at', 'created_in', 'dob', 'gender', 'taxvat', 'prefix', 'suffix', 'default_billing', 'default_shipping']);

function fieldOf(item: unknown, field: string): unknown {
  const c = item as Json;
  if (!CUSTOMER_COLUMNS.has(field)) return UNKNOWN_FIELD;
  return field === 'entity_id' ? c['id'] : (c[field] ?? null);
}

function normalizeAddress(state: AdobeCommerceState, customerId: number, input: Json): Json {
  const region = (input['region'] as Json | undefined) ?? {};
  const id = typeof input['id'] === 'number' ? input['id'] : state.next('customerAddress');
  state.observe('customerAddress', id);
  return {
    id,
    customer_id: customerId,
    region: { region_code: region['region_code'] ?? null, region: region['region'] ?? null, region_id: region['region_id'] ?? 0 },
    region_id: input['region_id'] ?? region['region_id'] ?? 0,
    country_id: input['country_id'],
    street: input['street'] ?? [],
    ...(input['company'] !== undefined ? { company: input['company'] } : {}),
    telephone: input['telephone'],
    postcode: input['postcode'],
    city: input['city'],
    firstname: input['firstname'],
    lastname: input['lastname'],
    ...(input['vat_id'] !== undefined ? { vat_id: input['vat_id'] } : {}),
    ...(input['default_shipping'] === true ? { default_shipping: true } : {}),
    ...(input['default_billing'] === true ? { default_billing: true } : {}),
  };
}

/** Creates (no `id`) or replaces a customer record from a request's `customer` object. */
export function saveCustomer(state: AdobeCommerceState, input: Json, nowMs: number, existing?: Json): Json {
  for (const field of ['email', 'firstname', 'lastname']) {
    if (typeof (input[field] ?? existing?.[field]) !== 'string' || String(input[field] ?? existing?.[field]) === '') throw requiredField(field);
  }
  const websiteId = typeof input['website_id'] === 'number' ? input['website_id'] : Number(existing?.['website_id'] ?? 1);
  const email = String(input['email'] ?? existing?.['email']);
  const clash = state.customerByEmail(email, websiteId);
  if (clash && clash !== existing) throw magentoError(400, 'A customer with the same email address already exists in an associated website.');
  const id = existing ? Number(existing['id']) : state.next('customer');
  const at = magentoDate(nowMs);
  const addressInputs = Array.isArray(input['addresses']) ? (input['addresses'] as Json[]) : undefined;
  const addresses = addressInputs ? addressInputs.map((a) => normalizeAddress(state, id, a)) : ((existing?.['addresses'] as Json[] | undefined) ?? []);
  const billing = addresses.find((a) => a['default_billing'] === true);
  const shipping = addresses.find((a) => a['default_shipping'] === true);
  const record = withoutNulls({
    id,
    group_id: input['group_id'] ?? existing?.['group_id'] ?? 1,
    ...(billing ? { default_billing: String(billing['id']) } : existing?.['default_billing'] !== undefined ? { default_billing: existing['default_billing'] } : {}),
    ...(shipping ? { default_shipping: String(shipping['id']) } : existing?.['default_shipping'] !== undefined ? { default_shipping: existing['default_shipping'] } : {}),
    created_at: existing?.['created_at'] ?? at,
    updated_at: at,
    created_in: existing?.['created_in'] ?? 'Default Store View',
    ...(input['dob'] ?? existing?.['dob'] ? { dob: input['dob'] ?? existing?.['dob'] } : {}),
    email,
    firstname: input['firstname'] ?? existing?.['firstname'],
    lastname: input['lastname'] ?? existing?.['lastname'],
    ...(input['gender'] ?? existing?.['gender'] ? { gender: input['gender'] ?? existing?.['gender'] } : {}),
    store_id: input['store_id'] ?? existing?.['store_id'] ?? 1,
    ...(input['taxvat'] ?? existing?.['taxvat'] ? { taxvat: input['taxvat'] ?? existing?.['taxvat'] } : {}),
    website_id: websiteId,
    addresses,
    disable_auto_group_change: input['disable_auto_group_change'] ?? existing?.['disable_auto_group_change'] ?? 0,
    ...(input['custom_attributes'] ?? existing?.['custom_attributes'] ? { custom_attributes: input['custom_attributes'] ?? existing?.['custom_attributes'] } : {}),
  }) as Json;
  state.customers.set(id, record);
  return record;
}

function customerEvents(ctx: RouteContext, saved: Json, previous: Json | undefined): void {
  ctx.saved({ eventName: 'customer_save_after_data_object', data: { customer_data_object: clone(saved), orig_customer_data_object: previous ? clone(previous) : null } });
  ctx.saved({ eventName: 'customer_save_after', data: { data_object: clone(saved), customer: clone(saved) } });
}

function customerNotFound(id: string): Error {
  return magentoError(404, 'No such entity with %fieldName = %fieldValue', { fieldName: 'customerId', fieldValue: id });
}

export function registerCustomerRoutes(rest: CommerceRestServer, deps: CustomerDeps): void {
  const { state } = deps;
  rest
    .add('POST', '/V1/customers', ['anonymous'], (ctx) => {
      const customer = snakeKeys((ctx.body as Json | undefined)?.['customer']) as Json | undefined;
      if (!customer || typeof customer !== 'object') throw requiredField('customer');
      const { id: _ignored, ...input } = customer;
      const saved = saveCustomer(state, input, deps.nowMs());
      customerEvents(ctx, saved, undefined);
      return clone(saved);
    })
    .add('GET', '/V1/customers/search', ['Magento_Customer::customer'], (ctx) =>
      applySearchCriteria([...state.customers.values()].map(clone), parseSearchCriteria(ctx.req.query), fieldOf, reportId),
    )
    .add('GET', '/V1/customers/:customerId', ['Magento_Customer::customer'], (ctx) => {
      const customer = state.customers.get(Number(ctx.params['customerId']));
      if (!customer || !/^\d+$/.test(ctx.params['customerId'] ?? '')) throw customerNotFound(ctx.params['customerId'] ?? '');
      return clone(customer);
    })
    .add('PUT', '/V1/customers/:customerId', ['Magento_Customer::manage'], (ctx) => {
      const existing = state.customers.get(Number(ctx.params['customerId']));
      if (!existing) throw customerNotFound(ctx.params['customerId'] ?? '');
      const input = snakeKeys((ctx.body as Json | undefined)?.['customer']) as Json | undefined;
      if (!input || typeof input !== 'object') throw requiredField('customer');
      const previous = clone(existing);
      const saved = saveCustomer(state, input, deps.nowMs(), existing);
      customerEvents(ctx, saved, previous);
      return clone(saved);
    });
}
