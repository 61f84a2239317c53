import { CommercetoolsConcurrentModificationError, type CommercetoolsClient } from '@mlc/connectors';
import type { StockLevel } from '@mlc/mapping';
import type { ConnectionEntity } from '../../database/entities';
import type { StockTargetCapability, StockWriteOutcome } from '../systems/capabilities';
import type { CommercetoolsClients } from './commercetools-clients.service';

/** How many version conflicts one write re-reads and re-applies before it gives up (and the record retries later). */
export const STOCK_CONFLICT_ATTEMPTS = 5;

/**
 * commercetools inventory as the target of ERP stock (openapi.yaml `InventoryEntry`, `InventoryEntryDraft`,
 * `InventoryEntryChangeQuantityAction`): the entry of the SKU without a supply channel gets `quantityOnStock` = the
 * ERP's sellable quantity, by `changeQuantity` with the entry's current `version`. A 409 ConcurrentModification (an
 * order placed or stock moved in between) is never replayed with the same version: the entry is read again and the
 * absolute quantity applied anew, at most STOCK_CONFLICT_ATTEMPTS times. A SKU with no entry gets one when a product
 * has that SKU (`masterData(current(masterVariant(sku = …) or variants(sku = …)))`); without a product nothing is
 * written: products are made in commercetools, valuation stays in the ERP.
 */
export class CommercetoolsStockTarget implements StockTargetCapability {
  constructor(private readonly clients: CommercetoolsClients) {}

  async setStock(conn: ConnectionEntity, level: StockLevel): Promise<StockWriteOutcome> {
    const client = await this.clients.forConnection(conn);
    let entry = await client.inventory.findBySku(level.sku);
    if (!entry) {
      const created = await this.create(client, level);
      if (created) return created;
      entry = await client.inventory.findBySku(level.sku);
      if (!entry) return { kind: 'no-product', reason: `No product in commercetools has SKU ${level.sku}; create it there and replay (stock is not written without one)` };
    }
    const previousQuantity = entry.quantityOnStock;
    for (let conflicts = 0; ; conflicts += 1) {
      if (entry.quantityOnStock === level.quantity) {
        return conflicts === 0 ? { kind: 'unchanged', entryId: entry.id, quantity: level.quantity, version: entry.version } : { kind: 'written', entryId: entry.id, previousQuantity, quantity: level.quantity, version: entry.version, conflicts, created: false };
      }
      try {
        const updated = await client.inventory.update(entry.id, { version: entry.version, actions: [{ action: 'changeQuantity', quantity: level.quantity }] });
        return { kind: 'written', entryId: updated.id, previousQuantity, quantity: updated.quantityOnStock, version: updated.version, conflicts, created: false };
      } catch (err) {
        if (!(err instanceof CommercetoolsConcurrentModificationError) || conflicts + 1 >= STOCK_CONFLICT_ATTEMPTS) throw err;
        entry = await client.inventory.get(entry.id);
      }
    }
  }

  /** A new entry when a product has the SKU; undefined when none does, or when another writer created it first. */
  private async create(client: CommercetoolsClient, level: StockLevel): Promise<StockWriteOutcome | undefined> {
    const products = await client.products.query({ where: ['masterData(current(masterVariant(sku = :sku) or variants(sku = :sku)))'], vars: { sku: level.sku }, limit: 1 });
    if (!products.results.length) return undefined;
    try {
      const entry = await client.inventory.create({ sku: level.sku, quantityOnStock: level.quantity });
      return { kind: 'written', entryId: entry.id, previousQuantity: null, quantity: entry.quantityOnStock, version: entry.version, conflicts: 0, created: true };
    } catch (err) {
      // DuplicateField: the entry was created in between (by commercetools' own import or a parallel run): update it.
      if (/DuplicateField/i.test(String((err as Error).message))) return undefined;
      throw err;
    }
  }
}
