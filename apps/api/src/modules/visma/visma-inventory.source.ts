import { ConnectorNotFoundError, VISMA_INVENTORY_ITEM, type VismaInventoryCursor, type VismaInventoryItem, type VismaWarehouseQuantity } from '@mlc/connectors';
import { MappingError, vismaInventoryToStockLevel } from '@mlc/mapping';
import { z } from 'zod';
import type { ConnectionEntity } from '../../database/entities';
import type { CatchUpCapability, ChangedPage, FetchedRecord, ReadRecord, RecordSourceCapability } from '../systems/capabilities';
import { parseStoredPayload } from '../systems/stored-payload';
import type { VismaClients } from './visma-clients.service';

/** What a fetched inventory item is stored as: the item and its available quantity per warehouse (decimal strings). */
const STORED_ITEM = z.object({ item: VISMA_INVENTORY_ITEM, warehouses: z.array(z.object({ warehouseId: z.string(), available: z.string() })) });

/** Every warehouse's available quantity counts (what the company can sell from any of them). */
function read(item: VismaInventoryItem, warehouses: readonly { warehouseId: string; available: string }[]): ReadRecord {
  const level = vismaInventoryToStockLevel(item, warehouses);
  if ('kind' in level) return { kind: 'not-yet', reason: level.reason };
  return { kind: 'stock', stock: level };
}

/** Two steps per catch-up run: items whose own data changed, then items whose warehouse quantities changed. */
type Cursor = { v: 'inv1'; step: 0 | 1; inner: VismaInventoryCursor | null };
function isCursor(value: unknown): value is Cursor {
  return typeof value === 'object' && value !== null && (value as { v?: unknown }).v === 'inv1';
}

/**
 * Visma.net ERP as the source of stock (the reverse direction: its inventory is the source of truth for a shop's
 * inventory entries). `GET /v1/inventory/{inventoryNumber}` and `GET /v1/inventorysummary/{inventoryNumber}`
 * (visma-net-erp-api v1_20250424) read one item and its quantities per warehouse (2 calls); the catch-up polls
 * `GET /v1/inventory` by `lastModifiedDateTime` (the item changed: status, type) and by
 * `availabilityLastModifiedDateTime` (its quantities changed; a stock movement need not touch the item's own stamp),
 * both `>=` the window start, with the window's end frozen. Valuation stays in Visma: only quantities move.
 */
export class VismaInventorySource implements RecordSourceCapability, CatchUpCapability {
  readonly entityTypes = ['inventory-item'] as const;

  constructor(private readonly clients: VismaClients) {}

  async fetch(conn: ConnectionEntity, entityType: string, externalId: string): Promise<FetchedRecord | undefined> {
    if (entityType !== 'inventory-item') throw new MappingError('invalid-field', 'entityType', `Visma.net ERP has no ${entityType} records to move`);
    const visma = await this.clients.forConnection(conn);
    try {
      const [{ record: item }, summary] = await Promise.all([visma.inventory.get(externalId), visma.inventory.summary(externalId)]);
      const warehouses = summary.warehouses.map((w: VismaWarehouseQuantity) => ({ warehouseId: w.warehouseId, available: w.available }));
      return {
        raw: { item, warehouses },
        calls: 2,
        message: `Inventory item ${externalId} and its quantities in ${warehouses.length} warehouse(s) fetched from ${conn.name}`,
        read: () => read(item, warehouses),
      };
    } catch (err) {
      if (err instanceof ConnectorNotFoundError) return undefined;
      throw err;
    }
  }

  read(_conn: ConnectionEntity, entityType: string, raw: unknown): ReadRecord {
    if (entityType !== 'inventory-item') throw new MappingError('invalid-field', 'entityType', `Visma.net ERP has no ${entityType} records to move`);
    const stored = parseStoredPayload(STORED_ITEM, raw, 'inventoryItem');
    return read(stored.item, stored.warehouses);
  }

  parentOf(): undefined {
    return undefined;
  }

  async *listChanged(conn: ConnectionEntity, entityType: string, window: { since: Date | undefined; until: Date; resume: unknown }): AsyncIterable<ChangedPage> {
    if (entityType !== 'inventory-item') return;
    const visma = await this.clients.forConnection(conn);
    const resume = isCursor(window.resume) ? window.resume : undefined;
    for (let step = resume?.step ?? 0; step <= 1; step += 1) {
      const inner = resume && resume.step === step ? resume.inner : null;
      const options = inner ? { resume: inner } : step === 0 ? { lastModifiedSince: window.since, until: window.until } : { availabilitySince: window.since, until: window.until };
      for await (const page of visma.inventory.list(options)) {
        const next: Cursor | undefined = page.nextCursor ? { v: 'inv1', step, inner: page.nextCursor } : step === 0 ? { v: 'inv1', step: 1, inner: null } : undefined;
        yield {
          items: page.items.map((item) => ({
            externalId: item.inventoryNumber,
            // The warehouse stamps are in the stub, so a quantity change is a new payload even when the item's own stamp is not.
            payload: {
              inventoryNumber: item.inventoryNumber,
              lastModifiedDateTime: item.lastModifiedDateTime ?? null,
              warehouses: (item.warehouseDetails ?? []).map((w) => ({ warehouse: w.warehouse ?? null, available: w.available ?? null, lastModifiedDateTime: w.lastModifiedDateTime ?? null })),
              via: 'catch-up',
            },
          })),
          nextCursor: next,
        };
      }
    }
  }
}
