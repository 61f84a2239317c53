/**
 * Customer credit notes: POST /v2/customerCreditNote, GET /v1/customerCreditNote[/{creditNoteNumber}], POST
 * /v1/customerCreditNote/{creditNoteNumber}/action/release (visma-net-erp-api.v1_20250424.openapi.json). The id is
 * `referenceNumber`.
 */
import { z } from 'zod';
import type { PageIterator, WriteFence } from '../../core';
import { wrap } from '../schemas/common.schema';
import {
  VISMA_CUSTOMER_CREDIT_NOTE,
  VISMA_CUSTOMER_CREDIT_NOTE_INPUT,
  VISMA_CUSTOMER_CREDIT_NOTE_LIST,
  type VismaCustomerCreditNote,
  type VismaCustomerCreditNoteInput,
} from '../schemas/customer-invoice.schema';
import { DOCUMENT_RAW_KEYS } from './customer-invoice.client';
import { VISMA_WRAPPED_DOCUMENT, type VismaWrappedDocument } from '../schemas/wrapped-document.schema';
import { seg, VismaResource, type VismaCreated, type VismaDeltaCursor, type VismaDeltaStart, type VismaRecord } from './visma-resource';

/** ReleaseCustomerCreditNoteActionResultDto: `actionResult` Queued | InProcess | Failed | Done. */
const RELEASE_RESULT = z.object({ actionId: z.string().nullish(), actionResult: z.string().nullish(), errorInfo: z.string().nullish() }).passthrough().nullish();

/** Customer credit note operations of one Visma company. */
export class VismaCustomerCreditNoteClient extends VismaResource {
  /**
   * POST /v2/customerCreditNote with a value-wrapped `CustomerCreditNoteUpdateDto`; id from `Location`.
   * Not retried: callers first `findByExternalReference`.
   * @throws ZodError for invalid input; ConnectorValidationError when Visma rejects it
   */
  async create(input: VismaCustomerCreditNoteInput): Promise<VismaCreated> {
    const body = wrap(VISMA_CUSTOMER_CREDIT_NOTE_INPUT.parse(input), DOCUMENT_RAW_KEYS);
    return this.createAt('/v2/customerCreditNote', body, 'customerCreditNote');
  }

  /**
   * POST /v2/customerCreditNote with a document that is already value-wrapped (as libs/mapping builds it, field for field
   * from the spec's UpdateDto). Only the fields this client relies on are checked here: `customerNumber`,
   * `externalReference` (≤ 40 characters, our idempotency anchor) and a non-empty `lines`.
   * Not retried; callers look the external reference up first when an earlier attempt's outcome is unknown.
   * `options.fence` is checked right before the POST is sent (see WriteFence).
   * @throws ConnectorValidationError when Visma rejects the document; ZodError when the checked fields are missing
   */
  async createWrapped(document: VismaWrappedDocument, options: { fence?: WriteFence | undefined } = {}): Promise<VismaCreated> {
    VISMA_WRAPPED_DOCUMENT('lines').parse(document);
    return this.createAt('/v2/customerCreditNote', document, 'customerCreditNote', options.fence);
  }

  /**
   * GET /v1/customerCreditNote/{creditNoteNumber}.
   * @throws ConnectorNotFoundError when it does not exist
   */
  async get(creditNoteNumber: string): Promise<VismaRecord<VismaCustomerCreditNote>> {
    return this.getOne(`/v1/customerCreditNote/${seg(creditNoteNumber)}`, VISMA_CUSTOMER_CREDIT_NOTE);
  }

  /**
   * POST /v1/customerCreditNote/{creditNoteNumber}/action/release (CustomerCreditNote_ReleaseDocumentBycreditNoteNumber):
   * posts a Balanced credit note to the ledger (status Open), after which a Refund can be applied to it. Not retried by
   * the transport; re-read the credit note (status Open/Closed = released) before releasing again.
   * @returns the action result (`Done`, or `Queued`/`InProcess` when Visma runs it in the background)
   * @throws ConnectorValidationError when it cannot be released (on hold, already released);
   *   ConnectorNotFoundError for an unknown credit note
   */
  async release(creditNoteNumber: string): Promise<{ actionResult: string | undefined }> {
    const res = await this.http.request({ method: 'POST', path: `/v1/customerCreditNote/${seg(creditNoteNumber)}/action/release`, body: {}, schema: RELEASE_RESULT, expectedStatus: [200, 202, 204] });
    return { actionResult: res.body?.actionResult ?? undefined };
  }

  /** Credit notes whose `externalReference` equals `ref`. */
  async findByExternalReference(ref: string): Promise<VismaCustomerCreditNote[]> {
    return this.findAll('/v1/customerCreditNote', VISMA_CUSTOMER_CREDIT_NOTE_LIST, { externalReference: ref });
  }

  /** Pages of credit notes modified since `from.since` (or resumed from a saved cursor). */
  listModifiedSince(from: VismaDeltaStart | VismaDeltaCursor): PageIterator<VismaCustomerCreditNote, VismaDeltaCursor> {
    return this.deltaPages('/v1/customerCreditNote', VISMA_CUSTOMER_CREDIT_NOTE_LIST, from);
  }
}
