/**
 * `/wc/v3/customers[/{id}]` (WC_REST_Customers_Controller v3 → v2 → v1 @ 0d1a42b0, WC_Customer_Data_Store::create /
 * update @ 009a7772, wc_create_new_customer() in wc-user-functions.php, Users::get_user_in_current_site()):
 * - POST: `email` is required; the customer is made by wc_create_new_customer(): 400
 *   `registration-error-invalid-email` "Please provide a valid email address.", `registration-error-email-exists`,
 *   a username generated from the e-mail's local part when none is given (`-NNNN` appended on a clash),
 *   `registration-error-username-exists`; a password is generated when none is given. Fires user_register and
 *   woocommerce_created_customer (customer.created) and, because the data store then calls wp_update_user(),
 *   profile_update (customer.updated). 201 with Location;
 * - GET/PUT/DELETE of an unknown id: 404 `wc_user_invalid_id` "Invalid user ID." (checked before the credentials);
 * - PUT: `email` taken by someone else → 400 `woocommerce_rest_customer_invalid_email` "Email address is invalid.";
 *   a different `username` → 400 `woocommerce_rest_customer_invalid_argument` "Username isn't editable."; addresses
 *   merge key by key; date_modified moves; fires profile_update and woocommerce_update_customer;
 * - DELETE: only customer/subscriber users (401 otherwise), `force=true` required (501
 *   `woocommerce_rest_trash_not_supported` "Customers do not support trashing."); fires delete_user
 *   (customer.deleted, payload `{id}`); the answer is the customer as it was;
 * - GET list: role (default `customer`), email (exact), search (`*term*` in username/e-mail), include/exclude,
 *   orderby id|include|name (display name = username)|registered_date, order asc (default), offset or page.
 */
import { createHash } from 'node:crypto';
import { blankAddress, BILLING_KEYS, mergeAddress, SHIPPING_KEYS, updateMeta } from './order-builder';
import { renderMeta } from './order-render';
import { sanitizeText } from './order-service';
import { pagingHeaders } from './paging';
import type { RestContext, WordPressRestServer } from './rest-server';
import { CUSTOMER_LIST_ARGS, customerBodyArgs } from './route-args';
import type { CustomerRecord, Json, WooCommerceState } from './state';
import { formatGmt, formatLocal, wpDateAt } from './wp-dates';
import { isEmail, phpString } from './wp-schema';
import { wpError } from './wp-json';

export type CustomerRoutesDeps = { state: WooCommerceState; nowMs: () => number; timeZone: string; random: () => number };

const ALLOWED_ROLES = ['customer', 'subscriber'];

/** get_avatar_url(): the Gravatar URL of an e-mail (md5 of the trimmed, lower-cased address). */
export function gravatarUrl(email: string): string {
  return `https://secure.gravatar.com/avatar/${createHash('md5').update(email.trim().toLowerCase()).digest('hex')}?s=96&d=mm&r=g`;
}

/** A customer as `GET /wc/v3/customers/{id}` answers it (the official examples' field set and order). */
export function renderCustomer(c: CustomerRecord, restUrl: (path: string) => string): Json {
  return {
    id: c.id,
    date_created: formatLocal(c.dateCreated),
    date_created_gmt: formatGmt(c.dateCreated),
    date_modified: formatLocal(c.dateModified),
    date_modified_gmt: formatGmt(c.dateModified),
    email: c.email,
    first_name: c.firstName,
    last_name: c.lastName,
    role: c.role,
    username: c.username,
    billing: { ...c.billing },
    shipping: { ...c.shipping },
    is_paying_customer: c.isPayingCustomer,
    avatar_url: c.avatarUrl,
    meta_data: renderMeta(c.metaData),
    _links: { self: [{ href: restUrl(`/wc/v3/customers/${c.id}`) }], collection: [{ href: restUrl('/wc/v3/customers') }] },
  };
}

/** Registers the customer routes. */
export function registerCustomerRoutes(rest: WordPressRestServer, deps: CustomerRoutesDeps): void {
  const { state } = deps;
  const now = () => wpDateAt(deps.nowMs(), deps.timeZone);
  const userOf = (param: (name: string) => unknown): CustomerRecord => {
    const customer = state.customers.get(Number(param('id')));
    if (!customer) throw wpError('wc_user_invalid_id', 'Invalid user ID.', 404);
    return customer;
  };
  const emailTaken = (email: string, except?: number): boolean => [...state.customers.values()].some((c) => c.id !== except && c.email.toLowerCase() === email.toLowerCase());
  const applyFields = (c: CustomerRecord, ctx: RestContext): void => {
    if (ctx.isset('first_name')) c.firstName = sanitizeText(String(ctx.param('first_name')));
    if (ctx.isset('last_name')) c.lastName = sanitizeText(String(ctx.param('last_name')));
    if (ctx.isset('billing')) mergeAddress(c.billing, ctx.param('billing'), BILLING_KEYS);
    if (ctx.isset('shipping')) mergeAddress(c.shipping, ctx.param('shipping'), SHIPPING_KEYS);
    if (ctx.isset('meta_data')) updateMeta(c.metaData, ctx.param('meta_data'), () => state.nextId('userMeta'));
  };

  rest.add({
    pattern: '/wc/v3/customers',
    method: 'GET',
    args: CUSTOMER_LIST_ARGS,
    permission: 'list',
    handler: (ctx) => {
      const perPage = Number(ctx.param('per_page'));
      const offset = ctx.param('offset') ? Number(ctx.param('offset')) : (Number(ctx.param('page')) - 1) * perPage;
      const matches = listCustomers([...state.customers.values()], ctx);
      const page = Math.ceil(offset / perPage + 1);
      const slice = matches.slice(offset, offset + perPage);
      return {
        body: slice.map((c) => renderCustomer(c, ctx.restUrl)),
        headers: pagingHeaders(ctx, '/wc/v3/customers', page, matches.length, Math.ceil(matches.length / perPage)),
      };
    },
  });

  rest.add({
    pattern: '/wc/v3/customers',
    method: 'POST',
    args: customerBodyArgs(true),
    permission: 'create',
    handler: (ctx) => {
      if (ctx.param('id')) throw wpError('woocommerce_rest_customer_exists', 'Cannot create existing resource.', 400);
      const email = phpString(ctx.param('email'));
      if (email && !isEmail(email)) throw wpError('customer_invalid_email', 'Invalid email address', 400);
      if (!email || !isEmail(email)) throw wpError('registration-error-invalid-email', 'Please provide a valid email address.', 400);
      if (emailTaken(email)) {
        throw wpError('registration-error-email-exists', 'An account is already registered with your email address. <a href="#" class="showlogin">Please log in.</a>', 400);
      }
      const requested = sanitizeUser(phpString(ctx.param('username')));
      let username = requested || generateUsername(email, state, deps.random);
      if (!username) throw wpError('registration-error-invalid-username', 'Please enter a valid account username.', 400);
      if ([...state.customers.values()].some((c) => c.username === username)) {
        throw wpError('registration-error-username-exists', 'An account is already registered with that username. Please choose another.', 400);
      }
      username = username.trim();
      const created = now();
      const customer: CustomerRecord = {
        id: state.nextId('user'), dateCreated: created, dateModified: created, email, firstName: '', lastName: '', role: 'customer', username,
        billing: blankAddress(BILLING_KEYS), shipping: blankAddress(SHIPPING_KEYS), isPayingCustomer: false, avatarUrl: gravatarUrl(email), metaData: [], origin: 'api',
      };
      applyFields(customer, ctx);
      state.customers.set(customer.id, customer);
      for (const hook of ['user_register', 'woocommerce_created_customer', 'profile_update', 'woocommerce_new_customer']) ctx.fire(hook, customer.id);
      return { status: 201, body: renderCustomer(customer, ctx.restUrl), headers: { location: ctx.restUrl(`/wc/v3/customers/${customer.id}`) } };
    },
  });

  rest.add({
    pattern: '/wc/v3/customers/(?<id>\\d+)',
    method: 'GET',
    args: { context: { type: 'string', enum: ['view', 'edit'], default: 'view' } },
    permission: 'view',
    beforePermission: (param) => void userOf(param),
    handler: (ctx) => ({ body: renderCustomer(userOf(ctx.param), ctx.restUrl) }),
  });

  for (const method of ['PUT', 'PATCH', 'POST']) {
    rest.add({
      pattern: '/wc/v3/customers/(?<id>\\d+)',
      method,
      args: customerBodyArgs(false),
      permission: 'edit',
      beforePermission: (param) => {
        const customer = userOf(param);
        const email = param('email');
        if (!ALLOWED_ROLES.includes(customer.role) && ((email !== undefined && email !== customer.email) || param('password') !== undefined)) {
          const prop = param('password') !== undefined && email === undefined ? 'password' : 'email';
          throw wpError('woocommerce_rest_cannot_edit', `Sorry, ${prop} cannot be updated via this endpoint for a user with role ${customer.role}.`, 401);
        }
      },
      handler: (ctx) => {
        const customer = userOf(ctx.param);
        const email = ctx.param('email');
        if (typeof email === 'string' && email !== '' && emailTaken(email, customer.id) && email !== customer.email) {
          throw wpError('woocommerce_rest_customer_invalid_email', 'Email address is invalid.', 400);
        }
        const username = ctx.param('username');
        if (typeof username === 'string' && username !== '' && username !== customer.username) throw wpError('woocommerce_rest_customer_invalid_argument', "Username isn't editable.", 400);
        if (typeof email === 'string') customer.email = email.trim();
        applyFields(customer, ctx);
        customer.dateModified = now();
        ctx.fire('profile_update', customer.id);
        ctx.fire('woocommerce_update_customer', customer.id);
        return { body: renderCustomer(customer, ctx.restUrl) };
      },
    });
  }

  rest.add({
    pattern: '/wc/v3/customers/(?<id>\\d+)',
    method: 'DELETE',
    args: { force: { type: 'boolean', default: false }, reassign: { type: 'integer' } },
    permission: 'delete',
    beforePermission: (param) => {
      const customer = userOf(param);
      if (!ALLOWED_ROLES.includes(customer.role)) {
        throw wpError('woocommerce_rest_cannot_delete', `Sorry, users with ${customer.role} role cannot be deleted via this endpoint. Allowed roles: ${ALLOWED_ROLES.join(', ')}`, 401);
      }
    },
    handler: (ctx) => {
      if (ctx.param('force') !== true) throw wpError('woocommerce_rest_trash_not_supported', 'Customers do not support trashing.', 501);
      const customer = userOf(ctx.param);
      const reassign = ctx.param('reassign');
      if (reassign !== undefined && Number(reassign) !== 0 && (Number(reassign) === customer.id || !state.customers.has(Number(reassign)))) {
        throw wpError('woocommerce_rest_customer_invalid_reassign', 'Invalid resource id for reassignment.', 400);
      }
      const body = renderCustomer(customer, ctx.restUrl);
      if (customer.role === 'customer') ctx.fire('delete_user', customer.id);
      state.customers.delete(customer.id);
      return { body };
    },
  });
}

function listCustomers(all: CustomerRecord[], ctx: RestContext): CustomerRecord[] {
  const role = String(ctx.param('role'));
  const include = (ctx.param('include') as number[] | undefined) ?? [];
  const exclude = (ctx.param('exclude') as number[] | undefined) ?? [];
  const email = typeof ctx.param('email') === 'string' ? String(ctx.param('email')).toLowerCase() : '';
  const search = typeof ctx.param('search') === 'string' ? String(ctx.param('search')).toLowerCase() : '';
  const matches = all.filter(
    (c) =>
      (role === 'all' || c.role === role) &&
      (include.length === 0 || include.includes(c.id)) &&
      !exclude.includes(c.id) &&
      (!email || c.email.toLowerCase() === email) &&
      (!search || c.username.toLowerCase().includes(search) || c.email.toLowerCase().includes(search)),
  );
  const orderby = String(ctx.param('orderby'));
  const direction = ctx.param('order') === 'desc' ? -1 : 1;
  if (orderby === 'include') return matches.sort((a, b) => include.indexOf(a.id) - include.indexOf(b.id));
  const key = (c: CustomerRecord): string | number => (orderby === 'id' ? c.id : orderby === 'registered_date' ? c.dateCreated.ms : c.username.toLowerCase());
  return matches.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return direction * (ka < kb ? -1 : ka > kb ? 1 : a.id - b.id);
  });
}

/** sanitize_user($name, true): only `a-z0-9 _.-@`, whitespace collapsed, lower-cased by the caller when generated. */
function sanitizeUser(name: string): string {
  return name.replace(/<[^>]*>/g, '').replace(/[^a-zA-Z0-9 _.\-@]/g, '').replace(/\s+/g, ' ').trim();
}

/** wc_create_new_customer_username(): the e-mail's local part (its domain for sales@/info@…), `-NNNN` on a clash. */
function generateUsername(email: string, state: WooCommerceState, random: () => number): string {
  const [local = '', domain = ''] = email.split('@');
  const base = sanitizeUser(['sales', 'hello', 'mail', 'contact', 'info'].includes(local) ? domain : local).toLowerCase();
  const taken = (name: string): boolean => [...state.customers.values()].some((c) => c.username === name);
  let candidate = base;
  while (candidate && taken(candidate)) candidate = `${base}-${String(Math.floor(random() * 10_000)).padStart(4, '0')}`;
  return candidate;
}
