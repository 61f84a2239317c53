/**
 * The HTTP API routes under `/{projectKey}` (openapi.yaml `paths`): Query, Get by ID / key / order number, Create
 * and Update of orders, payments, customers, products, inventory, stores and tax categories, the Messages Query,
 * the store-scoped `/in-store/key={storeKey}/orders|customers`, and `GET /{projectKey}` (the Project). The scopes each
 * operation needs are those of its `security` entry in openapi.yaml (alternatives; see auth.ts for coverage).
 */
import type { SandboxRequest, SandboxResponse, SandboxRouter } from '../core';
import { applyActions, type ActionHandlers } from './actions';
import { authorize } from './auth';
import { buildInventoryEntry, buildProduct, INVENTORY_ACTIONS, PRODUCT_ACTIONS, productProjection } from './catalog';
import { buildCustomer, customerInStore } from './customers';
import { ctError, resourceNotFound } from './errors';
import { clone, isJson, objAt, strAt, type Json } from './json';
import { ORDER_ACTIONS } from './orders';
import { buildPayment, PAYMENT_ACTIONS } from './payments';
import { expandReferences, runQuery } from './query';
import type { Collection, CommercetoolsState, MessageEvent, ModifiedBy } from './state';

type Created = { resource: Json; events: MessageEvent[] };

type Spec = {
  /** Scope names (without `:{projectKey}`) that allow reads / writes. */
  view: readonly string[];
  manage?: readonly string[];
  /** The path prefix of the by-key route and the field it matches (`key=` → `key`, `order-number=` → `orderNumber`). */
  byKey?: { prefix: string; field: string };
  actions?: ActionHandlers;
  create?: (state: CommercetoolsState, body: unknown, storeKey?: string) => Created;
  /** Store-scoped endpoints: whether the record belongs to the store. */
  inStore?: (record: Json, storeKey: string) => boolean;
};

const KEY = { prefix: 'key=', field: 'key' };

const SPECS: Readonly<Record<Collection | 'messages', Spec>> = {
  orders: { view: ['view_orders'], manage: ['manage_orders'], byKey: { prefix: 'order-number=', field: 'orderNumber' }, actions: ORDER_ACTIONS, inStore: (o, key) => objAt(o, 'store')?.['key'] === key },
  payments: { view: ['view_payments'], manage: ['manage_payments'], byKey: KEY, actions: PAYMENT_ACTIONS, create: (s, b) => created(buildPayment(s, b), 'PaymentCreated', 'payment') },
  customers: { view: ['view_customers'], manage: ['manage_customers'], byKey: KEY, create: (s, b, store) => created(buildCustomer(s, b, store), 'CustomerCreated', 'customer'), inStore: customerInStore },
  products: { view: ['view_products'], manage: ['manage_products'], byKey: KEY, actions: PRODUCT_ACTIONS, create: (s, b) => ({ resource: buildProduct(s, b), events: [{ type: 'ProductCreated', payload: (p) => ({ productProjection: productProjection(p, 'staged') }) }] }) },
  inventory: { view: ['view_products'], manage: ['manage_products'], byKey: KEY, actions: INVENTORY_ACTIONS, create: (s, b) => created(buildInventoryEntry(s, b), 'InventoryEntryCreated', 'inventoryEntry') },
  stores: { view: ['view_stores'], manage: ['manage_stores'], byKey: KEY },
  'tax-categories': { view: ['view_tax_categories'], manage: ['manage_tax_categories'], byKey: KEY },
  messages: { view: ['view_messages', 'view_orders'] },
};

/** A created resource and its `<Type>Created` message carrying the committed resource. */
function created(resource: Json, type: string, field: string): Created {
  return { resource, events: [{ type, payload: (saved) => ({ [field]: saved }) }] };
}

export type ApiDeps = { state: CommercetoolsState };

function specOf(name: string | undefined): { collection: Collection | 'messages'; spec: Spec } {
  const spec = name !== undefined && Object.hasOwn(SPECS, name) ? SPECS[name as Collection] : undefined;
  if (!spec || name === undefined) throw ctError(404, 'ResourceNotFound', `The endpoint '${name ?? ''}' does not exist.`);
  return { collection: name as Collection | 'messages', spec };
}

const scopes = (names: readonly string[], projectKey: string, storeKey?: string): string[] => names.flatMap((n) => [`${n}:${projectKey}`, ...(storeKey ? [`${n}:${projectKey}:${storeKey}`] : [])]);

export function registerApiRoutes(router: SandboxRouter, { state }: ApiDeps): void {
  const by = (clientId: string): ModifiedBy => ({ clientId, isPlatformClient: false });
  const project = (req: SandboxRequest): string => {
    const key = req.params['projectKey'] ?? '';
    if (key !== state.project.key) throw ctError(404, 'ResourceNotFound', `The project with key '${key}' was not found.`);
    return key;
  };
  const storeOf = (req: SandboxRequest): string | undefined => {
    const raw = req.params['store'];
    if (raw === undefined) return undefined;
    if (!raw.startsWith('key=')) throw ctError(404, 'ResourceNotFound', `The endpoint 'in-store/${raw}' does not exist.`);
    return raw.slice(4);
  };
  const records = (collection: Collection | 'messages'): Iterable<Json> => (collection === 'messages' ? state.queryableMessages() : state.data[collection].values());
  const expand = (r: Json, paths: readonly string[]): Json => expandReferences(r, paths, (ref) => state.resolve(ref));
  const render = (req: SandboxRequest, r: Json): Json => {
    const paths = req.query.getAll('expand');
    return paths.length > 0 ? expand(r, paths) : clone(r);
  };
  const find = (collection: Collection | 'messages', spec: Spec, ref: string, storeKey: string | undefined): Json => {
    const isKey = spec.byKey !== undefined && ref.startsWith(spec.byKey.prefix);
    const value = isKey && spec.byKey ? ref.slice(spec.byKey.prefix.length) : ref;
    const found = isKey && spec.byKey ? [...records(collection)].find((r) => r[spec.byKey?.field ?? 'key'] === value) : [...records(collection)].find((r) => r['id'] === value);
    if (!found || (storeKey !== undefined && !spec.inStore?.(found, storeKey))) throw resourceNotFound(isKey && spec.byKey ? `${spec.byKey.field} '${value}'` : `ID '${value}'`);
    return found;
  };
  const guardStore = (spec: Spec, storeKey: string | undefined, name: string): void => {
    if (storeKey !== undefined && !spec.inStore) throw ctError(404, 'ResourceNotFound', `The endpoint 'in-store/key=${storeKey}/${name}' does not exist.`);
  };

  const query = (req: SandboxRequest): SandboxResponse => {
    const { collection, spec } = specOf(req.params['collection']);
    const storeKey = storeOf(req);
    guardStore(spec, storeKey, collection);
    const pk = req.params['projectKey'] ?? '';
    authorize(req, state, scopes(collection === 'products' ? [...spec.view, 'view_published_products'] : spec.view, pk, storeKey));
    project(req);
    if (collection === 'messages' && !state.project.messages.enabled && state.project.messagesWhenDisabled === 'reject') {
      throw ctError(400, 'InvalidOperation', 'The Messages Query API is not available: messages are disabled in the project settings (messages.enabled is false).');
    }
    const filter = storeKey !== undefined ? (r: Json): boolean => spec.inStore?.(r, storeKey) ?? false : undefined;
    return { status: 200, body: runQuery(records(collection), req.query, { expand, ...(filter ? { filter } : {}) }) };
  };
  const get = (req: SandboxRequest): SandboxResponse => {
    const { collection, spec } = specOf(req.params['collection']);
    const storeKey = storeOf(req);
    guardStore(spec, storeKey, collection);
    authorize(req, state, scopes(spec.view, req.params['projectKey'] ?? '', storeKey));
    project(req);
    return { status: 200, body: render(req, find(collection, spec, req.params['ref'] ?? '', storeKey)) };
  };
  const update = (req: SandboxRequest): SandboxResponse => {
    const { collection, spec } = specOf(req.params['collection']);
    const storeKey = storeOf(req);
    guardStore(spec, storeKey, collection);
    const token = authorize(req, state, scopes(spec.manage ?? [], req.params['projectKey'] ?? '', storeKey));
    project(req);
    if (collection === 'messages' || !spec.actions) throw ctError(405, 'MethodNotAllowed', `The sandbox does not update ${collection}.`);
    const current = find(collection, spec, req.params['ref'] ?? '', storeKey);
    const changed = applyActions(state, current, req.body, spec.actions);
    const saved = changed ? state.commit(collection, changed.resource, changed.events, by(token.clientId), false) : current;
    return { status: 200, body: render(req, saved) };
  };
  const create = (req: SandboxRequest): SandboxResponse => {
    const { collection, spec } = specOf(req.params['collection']);
    const storeKey = storeOf(req);
    guardStore(spec, storeKey, collection);
    const token = authorize(req, state, scopes(spec.manage ?? [], req.params['projectKey'] ?? '', storeKey));
    project(req);
    if (collection === 'orders') {
      // The API creates orders from Carts, which the sandbox does not model: every cart is unknown here.
      const cartId = strAt(objAt(isJson(req.body) ? req.body : {}, 'cart') ?? {}, 'id') ?? '';
      throw ctError(400, 'ReferencedResourceNotFound', `The referenced object of type 'cart' '${cartId}' was not found. It either doesn't exist, or it can't be accessed from this endpoint.`, { typeId: 'cart', id: cartId });
    }
    if (collection === 'messages' || !spec.create) throw ctError(405, 'MethodNotAllowed', `The sandbox does not create ${collection}.`);
    const { resource, events } = spec.create(state, req.body, storeKey);
    const saved = state.commit(collection, resource, events, by(token.clientId), true);
    return { status: 201, body: collection === 'customers' ? { customer: render(req, saved) } : render(req, saved) };
  };

  router
    .add('GET', '/:projectKey', (req) => {
      authorize(req, state, [`view_project_settings:${req.params['projectKey'] ?? ''}`]);
      project(req);
      return { status: 200, body: state.projectResource() };
    })
    .add('GET', '/:projectKey/in-store/:store/:collection', query)
    .add('GET', '/:projectKey/in-store/:store/:collection/:ref', get)
    .add('POST', '/:projectKey/in-store/:store/:collection', create)
    .add('POST', '/:projectKey/in-store/:store/:collection/:ref', update)
    .add('GET', '/:projectKey/:collection', query)
    .add('POST', '/:projectKey/:collection', create)
    .add('GET', '/:projectKey/:collection/:ref', get)
    .add('POST', '/:projectKey/:collection/:ref', update);
}
