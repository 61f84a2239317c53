/**
 * Customer payments: POST /v1/customerPayment (CustomerPayment_CreatePayment), GET /v1/customerPayment/{paymentNumber}
 * (CustomerPayment_GetBypaymentNumber), GET /v1/customerPayment?invoiceRefNbr= (CustomerPayment_GetAllPayments) and
 * POST /v1/customerPayment/{paymentNumber}/action/release (CustomerPayment_ReleasePaymentBypaymentNumber) —
 * visma-net-erp-api.v1_20250424.openapi.json. The id is `refNbr`.
 *
 * **Exactly-once key.** Visma cannot de-duplicate a POST, and GET /v1/customerPayment has no `paymentRef` filter. Our
 * key goes in `paymentRef`; the look-up lists the payments applied to the invoice (`invoiceRefNbr`, one short list)
 * and keeps the one whose `paymentRef` equals the key (`findByPaymentRef`). So: look up, then create under the
 * attempt's fence, then release. A payment is applied to an invoice only once it is released; an unreleased one
 * (Balanced/Hold) is found all the same, so a retry after a lost release answer releases instead of posting again.
 *
 * **Refunds** (money paid back to a customer) are payments of `type: 'Refund'` whose lines apply to a released credit
 * note (`documentType: 'CreditNote'`); their release lowers the credit note's balance. The spec's list has no
 * credit-note filter: `invoiceRefNbr` ("Enter Invoice Ref Nbr") is the only document filter, and it is read here as
 * "a line applied to the document with that refNbr". Invoices and credit notes have separate number series, so the
 * refund look-up also sends `paymentType=Refund` and keeps only payments with a CreditNote line of that number
 * (`listRefundsForCreditNote`, `findRefundByPaymentRef`) — correct whether Visma matches the number against credit
 * notes or not at all (then the list is empty; a refund is never mistaken for an invoice's payment).
 *
 * Money: decimal strings in major units of the payment's currency (see customer-payment.schema.ts).
 */
import { ConnectorValidationError, type WriteFence } from '../../core';
import { wrap } from '../schemas/common.schema';
import {
  VISMA_CUSTOMER_PAYMENT,
  VISMA_CUSTOMER_PAYMENT_INPUT,
  VISMA_CUSTOMER_PAYMENT_LIST,
  VISMA_RELEASE_PAYMENT_RESULT,
  type VismaCustomerPayment,
  type VismaCustomerPaymentInput,
  type VismaPaymentType,
} from '../schemas/customer-payment.schema';
import { VISMA_SYSTEM } from '../visma-errors';
import { seg, VismaResource, type VismaCreated, type VismaRecord } from './visma-resource';

/** Keys that stay plain inside the wrapped PaymentUpdateDto (`PaymentLinesUpdateDto.operation` is a plain string). */
const PAYMENT_RAW_KEYS = ['operation'] as const;
/** Statuses of a payment that no longer counts (a voided payment is not "the" payment for a key). */
const DEAD_STATUSES: ReadonlySet<string> = new Set(['Voided']);

/** What a create returns: the new payment number (from `Location`) as `paymentNumber` and `id`, plus the ETag if sent. */
export type VismaCustomerPaymentCreated = VismaCreated & { paymentNumber: string };
/** The create input: `paymentRef` may be left to `options.idempotencyKey`. */
export type VismaCustomerPaymentCreateInput = Omit<VismaCustomerPaymentInput, 'paymentRef'> & { paymentRef?: string | undefined };
/** Options of a create: `idempotencyKey` fills (or must equal) `paymentRef`; `fence` is checked right before the POST. */
export type VismaCustomerPaymentCreateOptions = { idempotencyKey?: string | undefined; fence?: WriteFence | undefined };

/** Customer payment operations of one Visma company. */
export class VismaCustomerPaymentClient extends VismaResource {
  /**
   * POST /v1/customerPayment with a value-wrapped `PaymentUpdateDto` built from the plain input; 201 and the new number
   * in `Location` (`…/v1/customerPayment/{refNbr}`). Not retried by the transport (Visma cannot de-duplicate): after an
   * unknown outcome call `findByPaymentRef` before posting again. The payment stays Balanced (or Hold) until `release`.
   * @param input plain PaymentUpdateDto subset; amounts are decimal strings in major units ("1250.00")
   * @param options.idempotencyKey our key; put in `paymentRef` when the input has none
   * @throws ZodError when the input leaves the schema; ConnectorValidationError (field `paymentRef`) when the input's
   *   `paymentRef` differs from `idempotencyKey`, or when Visma refuses the payment (unknown customer or cash account,
   *   an invoice that is not released, `amountPaid` above the invoice balance…; the field is in `fieldErrors`);
   *   ConnectorError `unexpected_status` when 201 names no payment
   */
  async create(input: VismaCustomerPaymentCreateInput, options: VismaCustomerPaymentCreateOptions = {}): Promise<VismaCustomerPaymentCreated> {
    const key = options.idempotencyKey;
    if (key !== undefined && input.paymentRef !== undefined && input.paymentRef !== key) {
      const message = `paymentRef '${input.paymentRef}' differs from the idempotency key '${key}'; the key is what findByPaymentRef looks for`;
      throw new ConnectorValidationError({ system: VISMA_SYSTEM, message, fieldErrors: [{ field: 'paymentRef', message }] });
    }
    const parsed = VISMA_CUSTOMER_PAYMENT_INPUT.parse({ ...input, paymentRef: input.paymentRef ?? key });
    const created = await this.createAt('/v1/customerPayment', wrap(parsed, PAYMENT_RAW_KEYS), 'customerPayment', options.fence);
    return { ...created, paymentNumber: created.id };
  }

  /**
   * GET /v1/customerPayment/{paymentNumber}: the payment and its ETag.
   * @throws ConnectorNotFoundError when it does not exist
   */
  async get(paymentNumber: string): Promise<VismaRecord<VismaCustomerPayment>> {
    return this.getOne(`/v1/customerPayment/${seg(paymentNumber)}`, VISMA_CUSTOMER_PAYMENT);
  }

  /** Every payment with a line applied to invoice `invoiceRefNbr` (GET /v1/customerPayment?invoiceRefNbr=, paged). */
  async listForInvoice(invoiceRefNbr: string): Promise<VismaCustomerPayment[]> {
    return this.findAll('/v1/customerPayment', VISMA_CUSTOMER_PAYMENT_LIST, { invoiceRefNbr });
  }

  /**
   * Every refund with a line applied to credit note `creditNoteRefNbr` (GET /v1/customerPayment?invoiceRefNbr=
   * &paymentType=Refund, paged; only payments of type Refund with a `CreditNote` line of that number are kept).
   */
  async listRefundsForCreditNote(creditNoteRefNbr: string): Promise<VismaCustomerPayment[]> {
    const all = await this.findAll('/v1/customerPayment', VISMA_CUSTOMER_PAYMENT_LIST, { invoiceRefNbr: creditNoteRefNbr, paymentType: 'Refund' });
    return all.filter((p) => p.type === 'Refund' && (p.paymentLines ?? []).some((l) => l.documentType === 'CreditNote' && l.refNbr === creditNoteRefNbr));
  }

  /**
   * The exactly-once look-up (file header): the payment applied to `invoiceRefNbr` whose `paymentRef` equals
   * `paymentRef` (exact, case-sensitive), voided ones left out; the lowest `refNbr` when several match (a duplicate a
   * human must resolve; the caller adopts the first). Undefined when there is none. Costs one GET per 100 payments of
   * that invoice.
   */
  async findByPaymentRef(key: { invoiceRefNbr: string; paymentRef: string }): Promise<VismaCustomerPayment | undefined> {
    return pickByPaymentRef(await this.listForInvoice(key.invoiceRefNbr), key.paymentRef);
  }

  /**
   * The exactly-once look-up for refunds: the Refund applied to credit note `creditNoteRefNbr` whose `paymentRef`
   * equals `paymentRef` (same rules as `findByPaymentRef`: exact, voided left out, lowest `refNbr` first). Undefined
   * when there is none. Costs one GET per 100 refunds of that credit note.
   */
  async findRefundByPaymentRef(key: { creditNoteRefNbr: string; paymentRef: string }): Promise<VismaCustomerPayment | undefined> {
    return pickByPaymentRef(await this.listRefundsForCreditNote(key.creditNoteRefNbr), key.paymentRef);
  }

  /**
   * POST /v1/customerPayment/{paymentNumber}/action/release with `ReleasePaymentActionDto` (`type` value-wrapped, when
   * given): applies the payment to its documents (their balances drop) and posts it to the ledger. Not retried by the
   * transport; re-read the payment (status Open/Closed = released) before releasing again.
   * @returns the action result (`Done`, or `Queued`/`InProcess` when Visma runs it in the background)
   * @throws ConnectorValidationError when Visma refuses (on hold, already released, balance no longer covers a line);
   *   ConnectorNotFoundError for an unknown payment
   */
  async release(paymentNumber: string, options: { type?: VismaPaymentType | undefined } = {}): Promise<{ actionResult: string | undefined }> {
    const body = options.type === undefined ? {} : { type: { value: options.type } };
    const res = await this.http.request({ method: 'POST', path: `/v1/customerPayment/${seg(paymentNumber)}/action/release`, body, schema: VISMA_RELEASE_PAYMENT_RESULT, expectedStatus: [200, 202, 204] });
    return { actionResult: res.body?.actionResult ?? undefined };
  }
}

/** The live payment whose `paymentRef` equals `paymentRef`, lowest `refNbr` first (see findByPaymentRef). */
function pickByPaymentRef(payments: VismaCustomerPayment[], paymentRef: string): VismaCustomerPayment | undefined {
  const hits = payments.filter((p) => p.paymentRef === paymentRef && !DEAD_STATUSES.has(p.status ?? ''));
  return hits.sort((a, b) => a.refNbr.localeCompare(b.refNbr))[0];
}
