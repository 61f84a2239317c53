/**
 * Customer invoices: POST /v2/customerinvoice (create), GET /v1/customerinvoice[/{invoiceNumber}] (read, list,
 * filter by `externalReference`) — visma-net-erp-api.v1_20250424.openapi.json. The id is `referenceNumber`.
 */
import type { PageIterator, WriteFence } from '../../core';
import { wrap } from '../schemas/common.schema';
import {
  VISMA_CUSTOMER_INVOICE,
  VISMA_CUSTOMER_INVOICE_INPUT,
  VISMA_CUSTOMER_INVOICE_LIST,
  type VismaCustomerInvoice,
  type VismaCustomerInvoiceInput,
} from '../schemas/customer-invoice.schema';
import { VISMA_WRAPPED_DOCUMENT, type VismaWrappedDocument } from '../schemas/wrapped-document.schema';
import { seg, VismaResource, type VismaCreated, type VismaDeltaCursor, type VismaDeltaStart, type VismaRecord } from './visma-resource';

/** Keys that stay plain inside the wrapped DTO (spec: `operation` is a plain string, `subaccount` is SegmentUpdateDto[]). */
export const DOCUMENT_RAW_KEYS = ['operation', 'subaccount'] as const;

/** Customer invoice operations of one Visma company. */
export class VismaCustomerInvoiceClient extends VismaResource {
  /**
   * POST /v2/customerinvoice with a value-wrapped `CustomerInvoiceUpdateDto`; the new number comes from `Location`.
   * Not retried: callers first `findByExternalReference` so a lost answer never books a second invoice.
   * @throws ZodError for invalid input; ConnectorValidationError when Visma rejects the invoice
   */
  async create(input: VismaCustomerInvoiceInput): Promise<VismaCreated> {
    const body = wrap(VISMA_CUSTOMER_INVOICE_INPUT.parse(input), DOCUMENT_RAW_KEYS);
    return this.createAt('/v2/customerinvoice', body, 'customerinvoice');
  }

  /**
   * POST /v2/customerinvoice with a document that is already value-wrapped (as libs/mapping builds it, field for field
   * from the spec's UpdateDto). Only the fields this client relies on are checked here: `customerNumber`,
   * `externalReference` (≤ 40 characters, our idempotency anchor) and a non-empty `invoiceLines`.
   * Not retried; callers look the external reference up first when an earlier attempt's outcome is unknown.
   * `options.fence` is checked right before the POST is sent (see WriteFence).
   * @throws ConnectorValidationError when Visma rejects the document; ZodError when the checked fields are missing
   */
  async createWrapped(document: VismaWrappedDocument, options: { fence?: WriteFence | undefined } = {}): Promise<VismaCreated> {
    VISMA_WRAPPED_DOCUMENT('invoiceLines').parse(document);
    return this.createAt('/v2/customerinvoice', document, 'customerinvoice', options.fence);
  }

  /**
   * GET /v1/customerinvoice/{invoiceNumber}.
   * @throws ConnectorNotFoundError when it does not exist
   */
  async get(invoiceNumber: string): Promise<VismaRecord<VismaCustomerInvoice>> {
    return this.getOne(`/v1/customerinvoice/${seg(invoiceNumber)}`, VISMA_CUSTOMER_INVOICE);
  }

  /** Invoices whose `externalReference` equals `ref` (query parameter `externalReference`). */
  async findByExternalReference(ref: string): Promise<VismaCustomerInvoice[]> {
    return this.findAll('/v1/customerinvoice', VISMA_CUSTOMER_INVOICE_LIST, { externalReference: ref });
  }

  /** Pages of invoices modified since `from.since` (or resumed from a saved cursor). */
  listModifiedSince(from: VismaDeltaStart | VismaDeltaCursor): PageIterator<VismaCustomerInvoice, VismaDeltaCursor> {
    return this.deltaPages('/v1/customerinvoice', VISMA_CUSTOMER_INVOICE_LIST, from);
  }
}
