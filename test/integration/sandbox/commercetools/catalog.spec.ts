import type { InventoryEntry } from '@commercetools/platform-sdk';
import { startCommercetoolsSandbox, type RunningCommercetoolsSandbox } from '../../../../apps/sandbox/src/commercetools';
import inventoryExample from '../../../../apps/sandbox/src/commercetools/seed/inventory.example.json';
import productExample from '../../../../apps/sandbox/src/commercetools/seed/product.example.json';
import { sdk, sdkError } from './support';

describe('commercetools sandbox products and inventory', () => {
  let sandbox: RunningCommercetoolsSandbox;

  beforeAll(async () => {
    sandbox = await startCommercetoolsSandbox({ port: 0 });
  });
  afterAll(() => sandbox.close());
  beforeEach(() => sandbox.reset());

  it('should change, add and remove stock with the version and emit InventoryEntryQuantitySet', async () => {
    const client = sdk(sandbox);
    const page = await client.inventory().get({ queryArgs: { where: 'sku = "CT-MUG-01"' } }).execute();
    expect(page.body.results).toHaveLength(1);
    const entry: InventoryEntry = page.body.results[0] as InventoryEntry;
    const changed = await client.inventory().withId({ ID: entry.id }).post({ body: { version: entry.version, actions: [{ action: 'changeQuantity', quantity: 5 }] } }).execute();
    expect(changed.body).toMatchObject({ quantityOnStock: 5, availableQuantity: 5, version: entry.version + 1 });
    const more = await client.inventory().withId({ ID: entry.id }).post({ body: { version: changed.body.version, actions: [{ action: 'addQuantity', quantity: 4 }, { action: 'removeQuantity', quantity: 2 }] } }).execute();
    expect(more.body).toMatchObject({ quantityOnStock: 7, version: entry.version + 2 });
    const stale = await sdkError(client.inventory().withId({ ID: entry.id }).post({ body: { version: entry.version, actions: [{ action: 'changeQuantity', quantity: 1 }] } }).execute());
    expect(stale.body.errors[0]).toMatchObject({ code: 'ConcurrentModification', currentVersion: entry.version + 2 });
    const messages = (await client.messages().get({ queryArgs: { where: ['resource(id = :id)', 'type = "InventoryEntryQuantitySet"'], 'var.id': entry.id, sort: 'sequenceNumber asc' } }).execute()).body.results;
    expect(messages).toMatchObject([
      { oldQuantityOnStock: 120, newQuantityOnStock: 5, oldAvailableQuantity: 120, newAvailableQuantity: 5, resourceVersion: entry.version + 1 },
      { newQuantityOnStock: 9, resourceVersion: entry.version + 2 },
      { newQuantityOnStock: 7, resourceVersion: entry.version + 2 },
    ]);
  });

  it('should create an inventory entry and refuse a second one for the same SKU with DuplicateField', async () => {
    const client = sdk(sandbox);
    const created = await client.inventory().post({ body: { sku: 'CT-NEW-01', quantityOnStock: 3, key: 'stock-new' } }).execute();
    expect(created.statusCode).toBe(201);
    expect(created.body).toMatchObject({ sku: 'CT-NEW-01', quantityOnStock: 3, availableQuantity: 3, version: 1 });
    const duplicate = await sdkError(client.inventory().post({ body: { sku: 'CT-NEW-01', quantityOnStock: 1 } }).execute());
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.body.errors[0]).toMatchObject({ code: 'DuplicateField', field: 'sku', duplicateValue: 'CT-NEW-01' });
    const example = await client.inventory().withKey({ key: 'ie-key-1' }).get().execute();
    expect(example.body).toEqual(inventoryExample);
  });

  it('should create a product from the official ProductDraft example and update it with staged semantics', async () => {
    const client = sdk(sandbox);
    const draft = { productType: { typeId: 'product-type' as const, id: '24f510c3-f334-4099-94e2-d6224a8eb919' }, name: { en: 'Some Product' }, slug: { en: 'some-product' }, key: 'some-product', masterVariant: { sku: 'SKU-1', prices: [{ value: { currencyCode: 'EUR', centAmount: 4200 } }] }, variants: [{ sku: 'SKU-2', prices: [{ value: { type: 'highPrecision' as const, currencyCode: 'EUR', preciseAmount: 123_456, fractionDigits: 4 } }] }] };
    const created = await client.products().post({ body: draft }).execute();
    expect(created.statusCode).toBe(201);
    const product = created.body;
    expect(product.masterData).toMatchObject({ published: false, hasStagedChanges: false });
    expect(product.masterData.staged.masterVariant.prices?.[0]?.value).toEqual({ type: 'centPrecision', currencyCode: 'EUR', centAmount: 4200, fractionDigits: 2 });
    expect(product.masterData.staged.variants[0]?.prices?.[0]?.value).toEqual({ type: 'highPrecision', currencyCode: 'EUR', centAmount: 1235, preciseAmount: 123_456, fractionDigits: 4 });
    const updated = await client.products().withKey({ key: 'some-product' }).post({ body: { version: product.version, actions: [{ action: 'setAttributeInAllVariants', name: 'color', value: 'blue' }, { action: 'changeName', name: { en: 'Renamed' } }, { action: 'setDescription', description: { en: 'The best product ever!' } }] } }).execute();
    expect(updated.body.masterData.hasStagedChanges).toBe(true);
    expect(updated.body.masterData.staged.name).toEqual({ en: 'Renamed' });
    expect(updated.body.masterData.current.name).toEqual({ en: 'Some Product' });
    expect(updated.body.masterData.staged.variants[0]?.attributes).toEqual([{ name: 'color', value: 'blue' }]);
    const published = await client.products().withId({ ID: product.id }).post({ body: { version: updated.body.version, actions: [{ action: 'publish' }] } }).execute();
    expect(published.body.masterData).toMatchObject({ published: true, hasStagedChanges: false, current: { name: { en: 'Renamed' } } });
    const types = (await client.messages().get({ queryArgs: { where: `resource(id = "${product.id}")` } }).execute()).body.results.map((m) => m.type);
    expect(types).toEqual(['ProductCreated', 'ProductPublished']);
    const bySku = await client.products().get({ queryArgs: { where: 'masterData(current(masterVariant(sku = "CT-COFFEE-500")))' } }).execute();
    expect(bySku.body.results.map((p) => p.key)).toEqual(['coffee']);
    expect((await client.products().withId({ ID: productExample.id }).get().execute()).body).toEqual(productExample);
  });
});
