/**
 * Customer invoices: POST /v2/customerinvoice (create), GET /v1/customerinvoice[/{invoiceNumber}] (read, list,
 * filter by `externalReference`) — visma-net-erp-api.v1_20250424.openapi.json. The id is `referenceNumber`.
 */
import { z } from 'zod';
import type { PageIterator, WriteFence } from '../../core';
import { updateWithEtagRetry, type EtagRetryResult } from '../../core/etag-retry';
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

/** Header fields of an invoice that can change after it was posted (CustomerInvoiceUpdateDto, plain values). */
export const VISMA_CUSTOMER_INVOICE_HEADER_CHANGE = z
  .object({ paymentReference: z.string().max(40).optional(), note: z.string().optional(), invoiceText: z.string().optional() })
  .strict();
export type VismaCustomerInvoiceHeaderChange = z.input<typeof VISMA_CUSTOMER_INVOICE_HEADER_CHANGE>;

/** ReleaseInvoiceActionResultDto (visma-net-erp-api.v1_20250424.openapi.json): `actionResult` Queued|InProcess|Failed|Done. */
const RELEASE_RESULT = z.object({ actionId: z.string().nullish(), actionResult: z.string().nullish(), errorInfo: z.string().nullish() }).passthrough().nullish();

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

  /** Invoices whose `paymentReference` equals `ref` (query parameter `paymentReference`; e.g. a shop's invoice number). */
  async findByPaymentReference(ref: string): Promise<VismaCustomerInvoice[]> {
    return this.findAll('/v1/customerinvoice', VISMA_CUSTOMER_INVOICE_LIST, { paymentReference: ref });
  }

  /**
   * PUT /v1/customerinvoice/{invoiceNumber} (CustomerInvoice_UpdateByinvoiceNumber) with the header fields to change,
   * value-wrapped, and `If-Match` when an ETag is given; 204 + the new ETag. Visma takes header changes only on
   * documents not yet released (status Hold or Balanced).
   * @throws ConnectorConflictError on 409/412 (stale ETag); ConnectorValidationError when Visma refuses the change
   */
  async update(invoiceNumber: string, fields: VismaCustomerInvoiceHeaderChange, etag: string | undefined): Promise<{ etag: string | undefined }> {
    return this.putWithEtag(`/v1/customerinvoice/${seg(invoiceNumber)}`, wrap(VISMA_CUSTOMER_INVOICE_HEADER_CHANGE.parse(fields)), etag);
  }

  /**
   * Re-reads the invoice, re-applies `applyChange` to the fresh copy and PUTs with its ETag, retrying on 409/412 up to
   * `maxAttempts` (style.md: the service re-reads and re-applies; a stale copy is never resent). `applyChange` returns
   * undefined when the invoice is already as wanted (no PUT).
   * @throws ConnectorConflictError after `maxAttempts` conflicts; ConnectorNotFoundError when the invoice is gone
   */
  async updateWithRetry(
    invoiceNumber: string,
    applyChange: (current: VismaCustomerInvoice) => VismaCustomerInvoiceHeaderChange | undefined,
    maxAttempts = 3,
  ): Promise<EtagRetryResult<{ etag: string | undefined }>> {
    return updateWithEtagRetry({ read: () => this.get(invoiceNumber), applyChange, write: (change, etag) => this.update(invoiceNumber, change, etag), maxAttempts });
  }

  /**
   * POST /v1/customerinvoice/{invoiceNumber}/action/release (CustomerInvoice_ReleaseInvoiceByinvoiceNumber): posts a
   * Balanced invoice to the ledger (status Open), after which it can take payments. Not retried by the transport.
   * @returns the action result (`Done`, or `Queued`/`InProcess` when Visma runs it in the background)
   * @throws ConnectorValidationError when the invoice cannot be released (on hold, already released)
   */
  async release(invoiceNumber: string): Promise<{ actionResult: string | undefined }> {
    const res = await this.http.request({ method: 'POST', path: `/v1/customerinvoice/${seg(invoiceNumber)}/action/release`, body: {}, schema: RELEASE_RESULT, expectedStatus: [200, 202, 204] });
    return { actionResult: res.body?.actionResult ?? undefined };
  }

  /** Pages of invoices modified since `from.since` (or resumed from a saved cursor). */
  listModifiedSince(from: VismaDeltaStart | VismaDeltaCursor): PageIterator<VismaCustomerInvoice, VismaDeltaCursor> {
    return this.deltaPages('/v1/customerinvoice', VISMA_CUSTOMER_INVOICE_LIST, from);
  }
}
