import { Injectable } from '@nestjs/common';
import type { StockLevel } from '@mlc/mapping';
import type { PostableRead } from '../systems/capabilities';
import type { RecordOutcome } from '../sync/record-handler';
import type { StockHandler, StockStep } from './document-handler';

/**
 * ERP stock → a shop's inventory, for every shop with a `stockTarget` capability (the flow's source of truth for stock
 * is the ERP): an inventory item's sellable quantity (Visma `available`, summed over the warehouses counted) becomes
 * the quantity on stock of the shop's inventory entry for that SKU. Idempotent: the quantity is absolute and read anew
 * at every attempt, so a replay or a retry after a crash writes the current stock, never an older one. A SKU without a
 * product in the shop is skipped with that reason (the product is created in the shop, valuation stays in the ERP).
 */
@Injectable()
export class InventoryStockHandler implements StockHandler<StockLevel> {
  readonly documentKind = 'inventory-entry';
  readonly writesInto = 'stock';
  readonly entityType = 'inventory-item';
  // Stock changes: a new listing of a written item must run again.
  readonly isFinalOncePosted = false;

  isChosenBy(): boolean {
    return true;
  }

  accept(read: PostableRead): { ok: true; value: StockLevel } | { ok: false; reason: string } {
    return read.kind === 'stock' ? { ok: true, value: read.stock } : { ok: false, reason: `The inventory item was read as a ${read.kind}` };
  }

  /** @throws ConnectorError subclasses from the shop (a conflict that outlasted the bound is retried later). */
  async post(step: StockStep<StockLevel>): Promise<RecordOutcome> {
    const level = step.read;
    const outcome = await step.stock.setStock(step.target, level);
    switch (outcome.kind) {
      case 'no-product':
        return { status: 'skipped', message: outcome.reason };
      case 'unchanged':
        return { status: 'posted', targetRef: outcome.entryId, message: `${level.sku}: ${step.target.name} already shows ${outcome.quantity} on stock; nothing written` };
      case 'written': {
        const conflicts = outcome.conflicts ? ` after re-reading ${outcome.conflicts} version conflict(s)` : '';
        const was = outcome.created ? 'new inventory entry' : `was ${outcome.previousQuantity ?? 'unknown'}`;
        step.ctx.audit('stock.written', `${level.sku}: quantity on stock set to ${outcome.quantity} in ${step.target.name} (${was})${conflicts}`, {
          sku: level.sku,
          quantity: outcome.quantity,
          previousQuantity: outcome.previousQuantity,
          version: outcome.version,
          conflicts: outcome.conflicts,
          warehouses: level.warehouses,
          sourceAvailable: level.sourceAvailable,
        });
        return { status: 'posted', targetRef: outcome.entryId, message: `${level.sku}: ${outcome.quantity} on stock in ${step.target.name} (${was})${conflicts}` };
      }
    }
  }
}
