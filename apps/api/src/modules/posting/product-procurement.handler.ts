import { Injectable } from '@nestjs/common';
import type { ProcurementDocument } from '@mlc/mapping';
import type { CatalogTargetCapability, PostableRead } from '../systems/capabilities';
import { PermanentRecordError, type RecordOutcome } from '../sync/record-handler';
import type { CatalogHandler, CatalogStep } from './document-handler';

/**
 * The product attributes a supplier invoice writes, created in the shop when missing (and checked by its ping). Codes
 * follow the issue; Commerce attribute codes are lower-case letters, digits and underscores, at most 60 characters
 * (developer.adobe.com/commerce/webapi/rest: catalog-data-product-attribute-interface `attribute_code`).
 */
export const PROCUREMENT_ATTRIBUTES = [
  { code: 'visma_last_supplier_invoice', label: 'Visma: last supplier invoice', type: 'text' },
  { code: 'visma_last_purchase_order', label: 'Visma: last purchase order', type: 'text' },
  { code: 'visma_last_supplier_invoice_date', label: 'Visma: last supplier invoice date', type: 'date' },
] as const;

const [INVOICE_ATTRIBUTE, ORDER_ATTRIBUTE, DATE_ATTRIBUTE] = PROCUREMENT_ATTRIBUTES;

/**
 * Visma supplier invoices tied to purchase orders → the shop's products they concern (the reverse direction, for
 * procurement visibility; Commerce has no supplier or purchase-order entity, ../shared/specs/README.md "No supplier
 * entity"). For each invoice line whose inventory number is a product SKU: the product's `cost` (the line's unit cost
 * in the store's base currency) and the three `visma_last_*` attributes.
 *
 * Idempotent: a product that already shows this invoice with the same cost is left alone, and one that shows a later
 * supplier invoice (by date) is not set back by an older one (a replay of an old invoice changes nothing). Every write
 * is an audit entry on the record's timeline, and the record can be replayed.
 */
@Injectable()
export class ProductProcurementHandler implements CatalogHandler<ProcurementDocument> {
  readonly documentKind = 'product-procurement';
  readonly writesInto = 'catalog';
  readonly entityType = 'supplier-invoice';
  /** A supplier invoice can be corrected in Visma (a new version): it is applied again. */
  readonly isFinalOncePosted = false;
  /** Connections whose attributes were ensured by this process (ensured again after a restart; cheap and idempotent). */
  private readonly ensured = new Set<string>();

  isChosenBy(): boolean {
    return true;
  }

  accept(read: PostableRead): { ok: true; value: ProcurementDocument } | { ok: false; reason: string } {
    return read.kind === 'procurement' ? { ok: true, value: read.procurement } : { ok: false, reason: `The supplier invoice was read as a ${read.kind}` };
  }

  /** @throws PermanentRecordError `currency_mismatch` when cost is not in the store's base currency; connector errors from the shop. */
  async post(step: CatalogStep<ProcurementDocument>): Promise<RecordOutcome> {
    const doc = step.read;
    const { catalog, target } = step;
    if (doc.updates.length === 0) {
      const why = doc.skipped.map((s) => `line ${s.lineNumber}: ${s.reason}`).join('; ') || 'it has no lines';
      return { status: 'skipped', message: `Supplier invoice ${doc.supplierInvoiceNumber} concerns no product (${why})` };
    }
    const baseCurrency = await catalog.baseCurrency(target);
    if (baseCurrency !== doc.currency) {
      throw new PermanentRecordError(
        `Supplier invoice ${doc.supplierInvoiceNumber} is costed in ${doc.currency}, but ${target.name} keeps product cost in ${baseCurrency}; costs are not converted at a rate of ours`,
        'currency_mismatch',
      );
    }
    await this.ensureAttributes(step, catalog);

    const updated: string[] = [];
    const unchanged: string[] = [];
    const notes: string[] = doc.skipped.map((s) => `line ${s.lineNumber} skipped: ${s.reason}`);
    for (const update of doc.updates) {
      const product = await catalog.getProduct(target, update.sku);
      if (!product) {
        notes.push(`${update.sku}: no such product in ${target.name}`);
        continue;
      }
      const shownInvoice = product.attributes[INVOICE_ATTRIBUTE.code] ?? null;
      const shownDate = (product.attributes[DATE_ATTRIBUTE.code] ?? '').slice(0, 10);
      if (shownInvoice === update.supplierInvoiceNumber && sameDecimal(product.cost, update.unitCost)) {
        unchanged.push(update.sku);
        continue;
      }
      // Later invoice wins; on the same date the higher invoice number does, so the outcome never depends on the order
      // the invoices are read in.
      const isNewerShown = shownDate > update.supplierInvoiceDate || (shownDate === update.supplierInvoiceDate && (shownInvoice ?? '') > update.supplierInvoiceNumber);
      if (shownDate && isNewerShown && shownInvoice !== update.supplierInvoiceNumber) {
        notes.push(`${update.sku}: already shows the later supplier invoice ${shownInvoice ?? '?'} of ${shownDate}`);
        continue;
      }
      await step.ctx.ensureLease();
      await catalog.updateProduct(target, update.sku, {
        cost: update.unitCost,
        attributes: {
          [INVOICE_ATTRIBUTE.code]: update.supplierInvoiceNumber,
          [ORDER_ATTRIBUTE.code]: update.purchaseOrderNumber,
          [DATE_ATTRIBUTE.code]: update.supplierInvoiceDate,
        },
      });
      step.ctx.audit('catalog.product-updated', `Set ${update.sku} cost ${update.unitCost} ${doc.currency} from supplier invoice ${doc.supplierInvoiceNumber}`, {
        sku: update.sku,
        previous: { cost: product.cost, supplierInvoice: shownInvoice, supplierInvoiceDate: shownDate || null },
        next: { cost: update.unitCost, supplierInvoice: update.supplierInvoiceNumber, purchaseOrder: update.purchaseOrderNumber, supplierInvoiceDate: update.supplierInvoiceDate },
      });
      updated.push(update.sku);
    }
    const parts = [
      updated.length ? `updated ${updated.join(', ')}` : '',
      unchanged.length ? `already up to date: ${unchanged.join(', ')}` : '',
      notes.join('; '),
    ].filter(Boolean);
    const touched = [...updated, ...unchanged];
    if (touched.length === 0) return { status: 'skipped', message: `Supplier invoice ${doc.supplierInvoiceNumber} changed no product in ${target.name}: ${parts.join('; ')}` };
    return {
      status: 'posted',
      targetRef: `products:${touched.join(',')}`.slice(0, 200),
      message: `Supplier invoice ${doc.supplierInvoiceNumber} → ${target.name}: ${parts.join('; ')}`,
      data: { updated, unchanged, notes },
    };
  }

  private async ensureAttributes(step: CatalogStep<ProcurementDocument>, catalog: CatalogTargetCapability): Promise<void> {
    if (this.ensured.has(step.target.id)) return;
    const created = await catalog.ensureAttributes(step.target, PROCUREMENT_ATTRIBUTES);
    if (created.length) step.ctx.audit('catalog.attributes-created', `Created the product attributes ${created.join(', ')} in ${step.target.name}`, { created });
    this.ensured.add(step.target.id);
  }
}

/** Whether two decimal strings (or a missing cost) are the same amount ("12.50" = "12.5"). */
function sameDecimal(a: string | null, b: string): boolean {
  if (a === null) return false;
  const norm = (v: string): string => {
    const [w = '0', f = ''] = v.trim().split('.');
    const frac = f.replace(/0+$/, '');
    return `${w.replace(/^(-?)0+(?=\d)/, '$1')}${frac ? `.${frac}` : ''}`;
  };
  return norm(a) === norm(b);
}
