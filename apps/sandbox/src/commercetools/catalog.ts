/**
 * Products and inventory (openapi.yaml `Product`, `ProductDraft`, `ProductCatalogData`, `ProductVariant`,
 * `InventoryEntry`, `InventoryEntryDraft`; examples/product*.json, examples/inventory*.json and their
 * examples/Product, examples/Inventory update actions). Product changes with `staged` (default true) touch only
 * `masterData.staged` and set `hasStagedChanges`; `publish` copies staged to current. Inventory quantity actions
 * change `quantityOnStock` and `availableQuantity` alike (the sandbox makes no reservations) and emit
 * InventoryEntryQuantitySet `{oldQuantityOnStock, newQuantityOnStock, oldAvailableQuantity, newAvailableQuantity}`.
 */
import { requiredInt, requiredString, type ActionHandler, type ActionHandlers } from './actions';
import { duplicateField, invalidJson, invalidOperation } from './errors';
import { clone, compact, isJson, listAt, numAt, objAt, strAt, type Json } from './json';
import { moneyFromDraft } from './money';
import type { CommercetoolsState } from './state';

function buildVariant(state: CommercetoolsState, draft: unknown, id: number, field: string): Json {
  const v = isJson(draft) ? draft : {};
  const prices = (Array.isArray(v['prices']) ? v['prices'] : []).map((p, i) => {
    if (!isJson(p)) throw invalidJson(`${field} -> prices[${i}]: Missing required value`);
    return compact({ id: state.newId(), key: strAt(p, 'key'), value: moneyFromDraft(p['value'], `${field} -> prices[${i}] -> value`), country: strAt(p, 'country') });
  });
  return compact({ id, sku: strAt(v, 'sku'), key: strAt(v, 'key'), prices, images: clone(Array.isArray(v['images']) ? v['images'] : []), attributes: clone(Array.isArray(v['attributes']) ? v['attributes'] : []), assets: [] });
}

/** A Product from a ProductDraft; the caller commits it with a ProductCreated message. */
export function buildProduct(state: CommercetoolsState, draft: unknown): Json {
  if (!isJson(draft)) throw invalidJson('The request body must be a JSON object.');
  const productType = objAt(draft, 'productType');
  if (!productType) throw invalidJson('productType: Missing required value');
  if (!objAt(draft, 'name')) throw invalidJson('name: Missing required value');
  if (!objAt(draft, 'slug')) throw invalidJson('slug: Missing required value');
  const key = strAt(draft, 'key');
  if (key !== undefined && [...state.data.products.values()].some((p) => p['key'] === key)) throw duplicateField('key', key, `A duplicate value '"${key}"' exists for field 'key'.`);
  const variants = Array.isArray(draft['variants']) ? draft['variants'] : [];
  const data = compact({
    name: clone(draft['name']),
    categories: clone(Array.isArray(draft['categories']) ? draft['categories'] : []),
    description: objAt(draft, 'description'),
    slug: clone(draft['slug']),
    masterVariant: buildVariant(state, draft['masterVariant'], 1, 'masterVariant'),
    variants: variants.map((v, i) => buildVariant(state, v, i + 2, `variants[${i}]`)),
    searchKeywords: clone(objAt(draft, 'searchKeywords') ?? {}),
    attributes: clone(Array.isArray(draft['attributes']) ? draft['attributes'] : []),
  });
  const taxCategory = objAt(draft, 'taxCategory');
  return compact({
    id: state.newId(),
    key,
    productType: { typeId: 'product-type', id: strAt(productType, 'id') ?? strAt(productType, 'key') },
    masterData: { current: clone(data), staged: data, published: draft['publish'] === true, hasStagedChanges: false },
    taxCategory: taxCategory ? { typeId: 'tax-category', id: strAt(taxCategory, 'id') ?? '' } : undefined,
    priceMode: strAt(draft, 'priceMode'),
  });
}

/** The ProductProjection of a product (staged or current), as ProductCreated / ProductPublished carry it. */
export function productProjection(product: Json, which: 'staged' | 'current'): Json {
  const master = objAt(product, 'masterData') ?? {};
  return compact({ id: product['id'], version: product['version'], key: product['key'], productType: product['productType'], ...(objAt(master, which) ?? {}), taxCategory: product['taxCategory'], published: master['published'], hasStagedChanges: master['hasStagedChanges'], createdAt: product['createdAt'], lastModifiedAt: product['lastModifiedAt'] });
}

function targets(product: Json, action: Json): Json[] {
  const master = objAt(product, 'masterData') ?? {};
  const isStaged = action['staged'] !== false;
  if (isStaged) master['hasStagedChanges'] = true;
  return [objAt(master, 'staged'), isStaged ? undefined : objAt(master, 'current')].filter(isJson);
}

function variantsOf(data: Json): Json[] {
  return [objAt(data, 'masterVariant'), ...listAt(data, 'variants')].filter(isJson);
}

function findVariant(data: Json, action: Json): Json {
  const id = numAt(action, 'variantId');
  const sku = strAt(action, 'sku');
  const v = variantsOf(data).find((x) => (id !== undefined ? x['id'] === id : x['sku'] === sku));
  if (!v) throw invalidOperation(`The variant ${id !== undefined ? `with id ${id}` : `with SKU '${sku ?? ''}'`} does not exist.`);
  return v;
}

function setAttr(variant: Json, name: string, value: unknown): void {
  const rest = listAt(variant, 'attributes').filter((a) => a['name'] !== name);
  variant['attributes'] = value === undefined ? rest : [...rest, { name, value: clone(value) }];
}

const setField = (field: string): ActionHandler => (product, action) => {
  for (const data of targets(product, action)) {
    if (action[field] === undefined) delete data[field];
    else data[field] = clone(action[field]);
  }
};

/** Product update actions the sandbox implements. */
export const PRODUCT_ACTIONS: ActionHandlers = {
  changeName: (product, action, ctx) => {
    if (!objAt(action, 'name')) throw invalidJson('actions -> name: Missing required value');
    setField('name')(product, action, ctx);
  },
  setDescription: setField('description'),
  changeSlug: setField('slug'),
  setAttribute: (product, action) => {
    const name = requiredString(action, 'name');
    for (const data of targets(product, action)) setAttr(findVariant(data, action), name, action['value']);
  },
  setAttributeInAllVariants: (product, action) => {
    const name = requiredString(action, 'name');
    for (const data of targets(product, action)) for (const v of variantsOf(data)) setAttr(v, name, action['value']);
  },
  setSku: (product, action) => {
    for (const data of targets(product, action)) findVariant(data, action)['sku'] = strAt(action, 'sku');
  },
  setKey: (product, action) => {
    product['key'] = strAt(action, 'key');
  },
  changePrice: (product, action, { events }) => {
    const priceId = requiredString(action, 'priceId');
    const draft = objAt(action, 'price');
    if (!draft) throw invalidJson('actions -> price: Missing required value');
    let found = false;
    for (const data of targets(product, action)) {
      for (const v of variantsOf(data)) {
        const price = listAt(v, 'prices').find((p) => p['id'] === priceId);
        if (!price) continue;
        const old = clone(price);
        price['value'] = moneyFromDraft(draft['value'], 'actions -> price -> value');
        found = true;
        events.push({ type: 'ProductPriceChanged', payload: { variantId: v['id'], oldPrice: old, newPrice: clone(price), staged: action['staged'] !== false } });
      }
    }
    if (!found) throw invalidOperation(`The price with ID '${priceId}' does not exist.`);
  },
  publish: (product, _action, { events }) => {
    const master = objAt(product, 'masterData') ?? {};
    master['current'] = clone(master['staged']);
    master['published'] = true;
    master['hasStagedChanges'] = false;
    events.push({ type: 'ProductPublished', payload: { removedImageUrls: [], productProjection: productProjection(product, 'current'), scope: 'All' } });
  },
  unpublish: (product, _action, { events }) => {
    const master = objAt(product, 'masterData') ?? {};
    master['published'] = false;
    events.push({ type: 'ProductUnpublished', payload: {} });
  },
};

/** An InventoryEntry from an InventoryEntryDraft; sku + supplyChannel must be unique (400 DuplicateField). */
export function buildInventoryEntry(state: CommercetoolsState, draft: unknown): Json {
  if (!isJson(draft)) throw invalidJson('The request body must be a JSON object.');
  const sku = strAt(draft, 'sku');
  if (!sku) throw invalidJson('sku: Missing required value');
  const quantity = numAt(draft, 'quantityOnStock');
  if (quantity === undefined || !Number.isSafeInteger(quantity)) throw invalidJson('quantityOnStock: Missing required value');
  const channel = objAt(draft, 'supplyChannel');
  const channelId = channel ? (strAt(channel, 'id') ?? strAt(channel, 'key')) : undefined;
  const duplicate = [...state.data.inventory.values()].some((e) => e['sku'] === sku && strAt(objAt(e, 'supplyChannel') ?? {}, 'id') === channelId);
  if (duplicate) throw duplicateField('sku', sku, `An inventory entry with SKU '${sku}'${channelId ? ` and supply channel '${channelId}'` : ' and no supply channel'} already exists.`);
  const key = strAt(draft, 'key');
  if (key !== undefined && [...state.data.inventory.values()].some((e) => e['key'] === key)) throw duplicateField('key', key, `A duplicate value '"${key}"' exists for field 'key'.`);
  return compact({ id: state.newId(), key, sku, supplyChannel: channelId ? { typeId: 'channel', id: channelId } : undefined, quantityOnStock: quantity, availableQuantity: quantity, minCartQuantity: numAt(draft, 'minCartQuantity'), maxCartQuantity: numAt(draft, 'maxCartQuantity'), restockableInDays: numAt(draft, 'restockableInDays'), expectedDelivery: strAt(draft, 'expectedDelivery') });
}

/** Sets the stock of an entry to `quantity` and records InventoryEntryQuantitySet. */
export function setStock(entry: Json, quantity: number, events: ActionHandlerEvents): void {
  const oldOnStock = Number(entry['quantityOnStock']);
  const oldAvailable = Number(entry['availableQuantity']);
  const newAvailable = oldAvailable + (quantity - oldOnStock);
  entry['quantityOnStock'] = quantity;
  entry['availableQuantity'] = newAvailable;
  events.push({ type: 'InventoryEntryQuantitySet', payload: compact({ oldQuantityOnStock: oldOnStock, newQuantityOnStock: quantity, oldAvailableQuantity: oldAvailable, newAvailableQuantity: newAvailable, sku: entry['sku'], supplyChannel: entry['supplyChannel'] }) });
}

type ActionHandlerEvents = Parameters<ActionHandler>[2]['events'];

/** Inventory update actions the sandbox implements (examples/Inventory/InventoryEntry*QuantityAction.json). */
export const INVENTORY_ACTIONS: ActionHandlers = {
  changeQuantity: (entry, action, { events }) => setStock(entry, requiredInt(action, 'quantity'), events),
  addQuantity: (entry, action, { events }) => setStock(entry, Number(entry['quantityOnStock']) + requiredInt(action, 'quantity'), events),
  removeQuantity: (entry, action, { events }) => setStock(entry, Number(entry['quantityOnStock']) - requiredInt(action, 'quantity'), events),
  setRestockableInDays: (entry, action) => {
    entry['restockableInDays'] = numAt(action, 'restockableInDays');
  },
  setExpectedDelivery: (entry, action) => {
    entry['expectedDelivery'] = strAt(action, 'expectedDelivery');
  },
  setKey: (entry, action) => {
    entry['key'] = strAt(action, 'key');
  },
};
