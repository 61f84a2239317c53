import { Injectable } from '@nestjs/common';
import type { VismaInventoryCreateDocument } from '@mlc/connectors';
import type { CatalogItem } from '@mlc/mapping';
import { FlowsService } from '../mapping/flows.service';
import type { PostableRead } from '../systems/capabilities';
import { PermanentRecordError, type RecordOutcome } from '../sync/record-handler';
import type { DocumentHandler, PostingStep } from './document-handler';

type CatalogItems = { items: CatalogItem[]; productId: string };

/**
 * A shop's products → Visma inventory items (the item master direction, the shop as the source of truth for what is
 * sold; valuation stays in Visma): each SKU becomes the item of that number (`POST /v1/inventory` with the company's
 * item class from the mapping rules, status Active), or, when Visma has it, gets the shop's description
 * (`PUT /v1/inventory/{inventoryNumber}` with If-Match, re-read on 412). Exactly once: the item number is the SKU, a
 * create is never retried, and the next attempt of a create whose answer was lost finds the item (`tryGet`) and adopts it.
 */
@Injectable()
export class InventoryItemHandler implements DocumentHandler<CatalogItems> {
  readonly documentKind = 'inventory-item';
  readonly entityType = 'product';
  // A product changes (a new variant, a new name): every version runs again.
  readonly isFinalOncePosted = false;

  constructor(private readonly flows: FlowsService) {}

  isChosenBy(): boolean {
    return true;
  }

  accept(read: PostableRead): { ok: true; value: CatalogItems } | { ok: false; reason: string } {
    return read.kind === 'catalog-items' ? { ok: true, value: { items: read.items, productId: read.productId } } : { ok: false, reason: `The product was read as a ${read.kind}` };
  }

  /** @throws PermanentRecordError `mapping_problems` without an item class; connector errors from Visma. */
  async post(step: PostingStep<CatalogItems>): Promise<RecordOutcome> {
    const rules = await this.flows.rulesFor(step.target.id);
    const defaults = rules.inventoryItems;
    const created: string[] = [];
    const updated: string[] = [];
    const unchanged: string[] = [];
    for (const item of step.read.items) {
      const existing = await step.visma.inventory.tryGet(item.sku);
      if (existing) {
        const result = await step.visma.inventory.updateWithRetry(item.sku, (current) => ((current.description ?? '') === item.description ? undefined : { description: { value: item.description } }), 3, { fence: () => step.ctx.ensureLease() });
        (result.status === 'unchanged' ? unchanged : updated).push(item.sku);
        continue;
      }
      if (!defaults.itemClass) {
        throw new PermanentRecordError(`No item class is set for new inventory items in ${step.target.name} (mapping rules → inventory items → item class); set it and replay`, 'mapping_problems', {
          problems: [{ code: 'missing-item-class', field: 'inventoryItems.itemClass', message: 'Set the Visma item class new inventory items get' }],
        });
      }
      const document: VismaInventoryCreateDocument = {
        inventoryNumber: { value: item.sku },
        description: { value: item.description },
        itemClass: { value: defaults.itemClass },
        status: { value: 'Active' },
        ...(defaults.postingClass ? { postingClass: { value: defaults.postingClass } } : {}),
        ...(defaults.vatCode ? { vatCode: { value: defaults.vatCode } } : {}),
        ...(defaults.baseUnit ? { baseUnit: { value: defaults.baseUnit }, salesUnit: { value: defaults.baseUnit }, purchaseUnit: { value: defaults.baseUnit } } : {}),
      };
      await step.visma.inventory.create(document, { fence: () => step.ctx.ensureLease() });
      created.push(item.sku);
    }
    const part = (label: string, skus: string[]): string[] => (skus.length ? [`${label} ${skus.join(', ')}`] : []);
    const summary = [...part('created', created), ...part('updated', updated), ...part('already as in the shop:', unchanged)].join('; ');
    step.ctx.audit('inventory.items', `Visma items for product ${step.read.productId} in ${step.target.name}: ${summary}`, { created, updated, unchanged });
    return { status: 'posted', targetRef: step.read.items.map((i) => i.sku).join(', ').slice(0, 200), message: `Visma inventory items in ${step.target.name}: ${summary}` };
  }
}
