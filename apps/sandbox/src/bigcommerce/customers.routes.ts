import type { SandboxRequest, SandboxRouter } from '../core';
import { jsonText } from '../core/json-text';
import { SCOPES, type createAuthGuard } from './auth.guard';
import { parseApiDate, toIsoSeconds } from './dates';
import { v3Error, v3Invalid } from './errors';
import type { WebhookEmitter } from './orders.routes';
import type { BigCommerceState, CustomerRecord, Json } from './state';

export type CustomersDeps = {
  state: BigCommerceState;
  guard: ReturnType<typeof createAuthGuard>;
  events: WebhookEmitter;
};

const V3 = '/stores/:storeHash/v3';
const MAX_BATCH = 10;
const COUNTRY_NAMES: Readonly<Record<string, string>> = {
  US: 'United States', FI: 'Finland', SE: 'Sweden', NO: 'Norway', DK: 'Denmark', DE: 'Germany', GB: 'United Kingdom', NL: 'Netherlands',
};

/**
 * Registers `GET/POST/PUT /v3/customers` (customers.v3.yml). Batches hold at most 10 customers (413
 * above), `email` must be unique, answers use the V3 envelope `{data, meta}` with `meta.pagination`
 * on lists. `addresses` (and `store_credit_amounts`) are returned only with `include=addresses` /
 * `include=storecredit` on GET, and always on POST/PUT answers, as the spec examples show.
 * Not simulated: cursor pagination (`before`/`after`), attributes, form-field values.
 */
export function registerCustomerRoutes(router: SandboxRouter, deps: CustomersDeps): void {
  const { state, guard } = deps;

  router.add('GET', `${V3}/customers`, guard(SCOPES.customersRead, (req) => {
    const records = sortCustomers(filterCustomers([...state.customers.values()], req), req.query.get('sort'));
    const pageNo = Math.max(1, Math.floor(Number(req.query.get('page') ?? '1')) || 1);
    const limit = Math.min(250, Math.max(1, Math.floor(Number(req.query.get('limit') ?? '50')) || 50));
    const slice = records.slice((pageNo - 1) * limit, pageNo * limit);
    const includes = new Set((req.query.get('include') ?? '').split(','));
    const totalPages = Math.max(1, Math.ceil(records.length / limit));
    const links: Record<string, string> = { current: `?page=${pageNo}&limit=${limit}` };
    if (pageNo > 1) links['previous'] = `?page=${pageNo - 1}&limit=${limit}`;
    if (pageNo < totalPages) links['next'] = `?page=${pageNo + 1}&limit=${limit}`;
    return {
      status: 200,
      body: {
        data: slice.map((r) => render(r, includes)),
        meta: { pagination: { total: records.length, count: slice.length, per_page: limit, current_page: pageNo, total_pages: totalPages, links } },
      },
    };
  }));

  router.add('POST', `${V3}/customers`, guard(SCOPES.customersWrite, (req) => {
    const items = batch(req);
    const errors: Record<string, string> = {};
    const emails = new Set([...state.customers.values()].map((c) => String(c.customer['email']).toLowerCase()));
    items.forEach((item, i) => {
      for (const field of ['email', 'first_name', 'last_name']) {
        if (typeof item[field] !== 'string' || item[field] === '') errors[`[${i}].${field}`] = 'error.path.missing';
      }
      const email = jsonText(item['email'] ?? '').toLowerCase();
      if (email && emails.has(email)) errors[`[${i}].email`] = `The email address ${email} is already in use.`;
      emails.add(email);
    });
    if (Object.keys(errors).length > 0) throw v3Invalid(errors, 'Create customers failed.');
    const now = state.nowMs();
    const created = items.map((item) => {
      const id = state.nextId('customer');
      const record: CustomerRecord = { id, customer: newCustomer(state, id, item), createdMs: now, modifiedMs: now, origin: 'api' };
      state.customers.set(id, record);
      return record;
    });
    created.forEach((r) => deps.events.emit('store/customer/created', { type: 'customer', id: r.id }));
    return { status: 200, body: { data: created.map((r) => render(r, new Set(['addresses', 'storecredit']))), meta: {} } };
  }));

  router.add('PUT', `${V3}/customers`, guard(SCOPES.customersWrite, (req) => {
    const items = batch(req);
    const errors: Record<string, string> = {};
    items.forEach((item, i) => {
      if (typeof item['id'] !== 'number') errors[`[${i}].id`] = 'error.path.missing';
      else if (!state.customers.has(item['id'])) errors[`[${i}].id`] = `Customer ${item['id']} does not exist.`;
      if (item['email'] !== undefined) {
        const email = jsonText(item['email']).toLowerCase();
        const owner = [...state.customers.values()].find((c) => String(c.customer['email']).toLowerCase() === email);
        if (owner && owner.id !== item['id']) errors[`[${i}].email`] = `The email address ${email} is already in use.`;
      }
    });
    if (Object.keys(errors).length > 0) throw v3Invalid(errors, 'Update customers failed.');
    const now = state.nowMs();
    const updated = items.map((item) => {
      const record = state.customers.get(item['id'] as number) as CustomerRecord;
      // Read-only fields (id, registration_ip_address, date_created, date_modified, origin_channel_id) are
      // ignored: the spec's own PUT example sends some of them.
      const {
        id: _id, addresses: _a, attributes: _t, authentication, store_credit_amounts: credit, trigger_account_created_notification: _n,
        registration_ip_address: _r, date_created: _c, date_modified: _m, origin_channel_id: _o, ...fields
      } = item;
      record.customer = { ...record.customer, ...fields };
      if (authentication && typeof authentication === 'object') {
        record.customer['authentication'] = { force_password_reset: Boolean((authentication as Json)['force_password_reset']) };
      }
      if (Array.isArray(credit)) record.customer['store_credit_amounts'] = credit;
      record.modifiedMs = now;
      return record;
    });
    updated.forEach((r) => deps.events.emit('store/customer/updated', { type: 'customer', id: r.id }));
    return { status: 200, body: { data: updated.map((r) => render(r, new Set(['addresses', 'storecredit']))), meta: {} } };
  }));
}

function batch(req: SandboxRequest): Json[] {
  if (!Array.isArray(req.body)) throw v3Error(400, 'Input is invalid.');
  if (req.body.length > MAX_BATCH) throw v3Error(413, 'The request payload is too large. The maximum number of items allowed in the array is 10.');
  if (req.body.some((i) => typeof i !== 'object' || i === null || Array.isArray(i))) throw v3Error(400, 'Input is invalid.');
  return req.body as Json[];
}

/** A customer_Full from a customer_Post (write-only `authentication.new_password` is dropped). */
export function newCustomer(state: BigCommerceState, id: number, item: Json): Json {
  const addresses = Array.isArray(item['addresses']) ? (item['addresses'] as Json[]) : [];
  const authentication = (item['authentication'] ?? {}) as Json;
  return {
    email: item['email'],
    first_name: item['first_name'],
    last_name: item['last_name'],
    company: item['company'] ?? '',
    phone: item['phone'] ?? '',
    registration_ip_address: '',
    notes: item['notes'] ?? '',
    tax_exempt_category: item['tax_exempt_category'] ?? '',
    customer_group_id: item['customer_group_id'] ?? 0,
    id,
    address_count: addresses.length,
    attribute_count: 0,
    authentication: { force_password_reset: Boolean(authentication['force_password_reset']) },
    addresses: addresses.map((a) => ({
      ...a,
      address2: a['address2'] ?? '',
      state_or_province: a['state_or_province'] ?? '',
      postal_code: a['postal_code'] ?? '',
      customer_id: id,
      id: state.nextId('address'),
      country: COUNTRY_NAMES[jsonText(a['country_code'] ?? '')] ?? '',
    })),
    store_credit_amounts: Array.isArray(item['store_credit_amounts']) ? item['store_credit_amounts'] : [{ amount: 0 }],
    accepts_product_review_abandoned_cart_emails: Boolean(item['accepts_product_review_abandoned_cart_emails']),
    origin_channel_id: item['origin_channel_id'] ?? 1,
    // Global access (no channel_ids) is omitted: the response schema types channel_ids as an array only.
    ...(Array.isArray(item['channel_ids']) ? { channel_ids: item['channel_ids'] } : {}),
    ...(Array.isArray(item['form_fields']) ? { form_fields: item['form_fields'] } : {}),
  };
}

/** customer_Full with ISO dates; sub-resources only when included. */
function render(record: CustomerRecord, includes: Set<string>): Json {
  const { addresses, store_credit_amounts: credit, date_created: _c, date_modified: _m, ...rest } = record.customer;
  const out: Json = { ...rest, date_modified: toIsoSeconds(new Date(record.modifiedMs)), date_created: toIsoSeconds(new Date(record.createdMs)) };
  const addressList = Array.isArray(addresses) ? addresses : [];
  out['address_count'] = addressList.length;
  if (includes.has('addresses')) out['addresses'] = addressList;
  if (includes.has('storecredit')) out['store_credit_amounts'] = credit ?? [];
  return out;
}

function listParam(req: SandboxRequest, name: string): string[] | undefined {
  const raw = req.query.get(name);
  return raw === null ? undefined : raw.split(',').map((s) => s.trim()).filter(Boolean);
}

function dateParam(req: SandboxRequest, name: string): number | undefined {
  const raw = req.query.get(name);
  if (raw === null) return undefined;
  const ms = parseApiDate(raw);
  if (ms === undefined) throw v3Invalid({ [name]: 'Invalid date format.' }, 'The filter parameter was not valid.');
  return ms;
}

/** The filters of customers.v3.yml `getCustomers` that matter for syncing. */
function filterCustomers(records: CustomerRecord[], req: SandboxRequest): CustomerRecord[] {
  const ids = listParam(req, 'id:in')?.map(Number);
  const emails = listParam(req, 'email:in')?.map((e) => e.toLowerCase());
  const names = listParam(req, 'name:in')?.map((n) => n.toLowerCase());
  const likes = listParam(req, 'name:like')?.map((n) => n.toLowerCase());
  const companies = listParam(req, 'company:in')?.map((n) => n.toLowerCase());
  const groups = listParam(req, 'customer_group_id:in');
  const createdMin = dateParam(req, 'date_created:min');
  const createdMax = dateParam(req, 'date_created:max');
  const modifiedMin = dateParam(req, 'date_modified:min');
  const modifiedMax = dateParam(req, 'date_modified:max');
  return records.filter((r) => {
    const c = r.customer;
    const fullName = `${String(c['first_name'])} ${String(c['last_name'])}`.toLowerCase();
    return (
      (!ids || ids.includes(r.id)) &&
      (!emails || emails.includes(String(c['email']).toLowerCase())) &&
      (!names || names.includes(fullName)) &&
      (!likes || likes.some((l) => fullName.includes(l))) &&
      (!companies || companies.includes(String(c['company']).toLowerCase())) &&
      (!groups || groups.includes(String(c['customer_group_id']))) &&
      (createdMin === undefined || r.createdMs >= createdMin) &&
      (createdMax === undefined || r.createdMs <= createdMax) &&
      (modifiedMin === undefined || r.modifiedMs >= modifiedMin) &&
      (modifiedMax === undefined || r.modifiedMs <= modifiedMax)
    );
  });
}

function sortCustomers(records: CustomerRecord[], sort: string | null): CustomerRecord[] {
  if (!sort) return [...records].sort((a, b) => a.id - b.id);
  const [field, direction] = sort.split(':');
  const key = (r: CustomerRecord): number | string =>
    field === 'date_created' ? r.createdMs : field === 'date_modified' ? r.modifiedMs : field === 'last_name' ? String(r.customer['last_name']) : NaN;
  if (!['date_created', 'date_modified', 'last_name'].includes(field ?? '') || !['asc', 'desc'].includes(direction ?? '')) {
    throw v3Invalid({ sort: 'Invalid sort.' }, 'The filter parameter was not valid.');
  }
  const sorted = [...records].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id - b.id));
  return direction === 'desc' ? sorted.reverse() : sorted;
}
