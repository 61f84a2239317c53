import { ConnectorNotFoundError, supplierInvoiceKey, VISMA_SUPPLIER_INVOICE, type VismaClient, type VismaSupplierInvoice, type VismaSupplierInvoiceCursor } from '@mlc/connectors';
import { MappingError, supplierInvoiceToProcurement } from '@mlc/mapping';
import { z } from 'zod';
import type { ConnectionEntity } from '../../database/entities';
import type { CatchUpCapability, ChangedPage, FetchedRecord, ReadRecord, RecordSourceCapability } from '../systems/capabilities';
import { parseStoredPayload } from '../systems/stored-payload';
import type { VismaClients } from './visma-clients.service';

/** What a fetched supplier invoice is stored as: the invoice and the company's base currency it is costed in. */
const STORED_SUPPLIER_INVOICE = z.object({ invoice: VISMA_SUPPLIER_INVOICE, baseCurrency: z.string().regex(/^[A-Z]{3}$/) });

/** The record id of a supplier invoice: `<documentType>/<referenceNumber>` (numbers are unique per document type). */
function splitKey(externalId: string): { documentType: string; referenceNumber: string } {
  const at = externalId.indexOf('/');
  if (at <= 0 || at === externalId.length - 1) throw new MappingError('invalid-field', 'externalId', `supplier invoice record id "${externalId}" is not <documentType>/<referenceNumber>`);
  return { documentType: externalId.slice(0, at), referenceNumber: externalId.slice(at + 1) };
}

function read(invoice: VismaSupplierInvoice, baseCurrency: string): ReadRecord {
  if (invoice.status === 'Hold' || invoice.status === 'PendingApproval' || invoice.status === 'Rejected') {
    return { kind: 'not-yet', reason: `Supplier invoice ${invoice.referenceNumber} is ${invoice.status}; its cost is taken once it is approved` };
  }
  return { kind: 'procurement', procurement: supplierInvoiceToProcurement(invoice, { baseCurrency }) };
}

/**
 * Visma.net ERP as the source of its supplier invoices (the reverse direction: their purchase-order lines become the
 * cost of the shop's products). `GET /v1/supplierInvoice/{documentType}/{invoiceNumber}` (visma-net-erp-api
 * v1_20250424) fetches one, with the company's base currency (`GET /v1/organization`, once per process and company)
 * it is costed in; the catch-up polls `GET /v1/supplierInvoice?lastModifiedDateTime=…&lastModifiedDateTimeCondition=>=`
 * (Visma's webhooks fire once and are not retried, so the poll is the source of truth), daily unless the flow says
 * otherwise. Each version of an invoice (`lastModifiedDateTime`) is applied once.
 */
export class VismaSupplierInvoiceSource implements RecordSourceCapability, CatchUpCapability {
  readonly entityTypes = ['supplier-invoice'] as const;
  private readonly baseCurrencies = new Map<string, Promise<string>>();

  constructor(private readonly clients: VismaClients) {}

  async fetch(conn: ConnectionEntity, entityType: string, externalId: string): Promise<FetchedRecord | undefined> {
    if (entityType !== 'supplier-invoice') throw new MappingError('invalid-field', 'entityType', `Visma.net ERP has no ${entityType} records to move`);
    const { documentType, referenceNumber } = splitKey(externalId);
    const visma = await this.clients.forConnection(conn);
    try {
      const [{ record: invoice }, baseCurrency] = await Promise.all([visma.supplierInvoices.get(documentType, referenceNumber), this.baseCurrency(conn, visma)]);
      return {
        raw: { invoice, baseCurrency },
        calls: 1,
        message: `Supplier invoice ${referenceNumber} fetched from ${conn.name}`,
        version: invoice.lastModifiedDateTime ?? undefined,
        read: () => read(invoice, baseCurrency),
      };
    } catch (err) {
      if (err instanceof ConnectorNotFoundError) return undefined;
      throw err;
    }
  }

  read(_conn: ConnectionEntity, entityType: string, raw: unknown): ReadRecord {
    if (entityType !== 'supplier-invoice') throw new MappingError('invalid-field', 'entityType', `Visma.net ERP has no ${entityType} records to move`);
    const stored = parseStoredPayload(STORED_SUPPLIER_INVOICE, raw, 'supplierInvoice');
    return read(stored.invoice, stored.baseCurrency);
  }

  parentOf(): undefined {
    return undefined;
  }

  async *listChanged(conn: ConnectionEntity, entityType: string, window: { since: Date | undefined; until: Date; resume: unknown }): AsyncIterable<ChangedPage> {
    if (entityType !== 'supplier-invoice') return;
    const visma = await this.clients.forConnection(conn);
    const resume = typeof window.resume === 'object' && window.resume !== null ? (window.resume as VismaSupplierInvoiceCursor) : undefined;
    for await (const page of visma.supplierInvoices.listModified(resume ? { resume } : { since: window.since, until: window.until, documentType: 'Invoice' })) {
      yield {
        items: page.items.map((invoice) => ({
          externalId: supplierInvoiceKey(invoice),
          payload: { documentType: invoice.documentType ?? null, referenceNumber: invoice.referenceNumber, lastModifiedDateTime: invoice.lastModifiedDateTime ?? null, via: 'catch-up' },
          ...(invoice.lastModifiedDateTime ? { version: invoice.lastModifiedDateTime } : {}),
        })),
        nextCursor: page.nextCursor,
      };
    }
  }

  /** The company's base currency (`ExtendedOrganizationDto.baseCurrency`), read once per company and process. */
  private baseCurrency(conn: ConnectionEntity, visma: VismaClient): Promise<string> {
    let pending = this.baseCurrencies.get(conn.id);
    if (!pending) {
      pending = visma.branches.listOrganizations().then((orgs) => {
        const currency = orgs.find((o) => o.baseCurrency)?.baseCurrency;
        if (!currency) throw new MappingError('missing-field', 'organization.baseCurrency', `${conn.name} names no base currency (GET /v1/organization)`);
        return currency.toUpperCase();
      });
      pending.catch(() => this.baseCurrencies.delete(conn.id));
      this.baseCurrencies.set(conn.id, pending);
    }
    return pending;
  }
}
