import { z } from 'zod';

/** A value-wrapped request DTO (`{"field": {"value": x}}`), e.g. a CustomerInvoiceUpdateDto built by libs/mapping. */
export type VismaWrappedDocument = Record<string, unknown>;

const wrappedString = (max?: number) => z.object({ value: max ? z.string().min(1).max(max) : z.string().min(1) });

/**
 * Checks the few fields a wrapped customer document must carry for posting and idempotency; everything
 * else passes through unchanged (Visma validates the rest and answers 400 in its error shape).
 * `linesKey` is `invoiceLines` for CustomerInvoiceUpdateDto and `lines` for CustomerCreditNoteUpdateDto.
 */
function wrappedDocument(linesKey: 'invoiceLines' | 'lines') {
  return z
    .object({
      customerNumber: wrappedString(),
      externalReference: wrappedString(40),
      [linesKey]: z.array(z.object({ operation: z.literal('Insert') }).passthrough()).min(1),
    })
    .passthrough();
}

const WRAPPED_DOCUMENTS = { invoiceLines: wrappedDocument('invoiceLines'), lines: wrappedDocument('lines') } as const;

/** The schema for `linesKey`, built once (zod schemas are costly to build and every posting checks one). */
export function VISMA_WRAPPED_DOCUMENT<K extends 'invoiceLines' | 'lines'>(linesKey: K): (typeof WRAPPED_DOCUMENTS)[K] {
  return WRAPPED_DOCUMENTS[linesKey];
}
