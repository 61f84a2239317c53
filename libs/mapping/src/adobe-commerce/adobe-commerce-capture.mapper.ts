import type { SalesCapture } from '../canonical/sales-capture';
import { MappingError } from '../mapping.error';
import { acCurrency, acDate, acMinor, isPresent } from './adobe-commerce-lines';
import { adobeCommerceExternalReference } from './adobe-commerce-order.mapper';
import type { AcInvoice } from './adobe-commerce.types';

/** Options of `adobeCommerceInvoiceToSalesCapture`. */
export type AcCaptureOptions = {
  /** The Commerce store code. */
  storeId: string;
  /** The order's `increment_id` (an invoice names only the order's `entity_id`). */
  orderIncrementId?: string | undefined;
  /** The order's `payment.method` (an invoice does not carry it). */
  paymentMethod?: string | undefined;
};

/**
 * Adobe Commerce invoice (`GET /V1/invoices/{id}`, `sales-data-invoice-interface`) → canonical capture. In Commerce an
 * invoice is the record of a capture: "Invoice and capture" creates it paid (state 2), an authorised payment captured
 * later leaves it open (state 1) until captured, a voided one is canceled (state 3).
 * - `source.externalReference` = `ac:<store>:<order_id>:c<entity_id>`; `invoiceExternalReference` = `ac:<store>:<order_id>`
 *   (the order's invoice in the ERP, see `adobeCommerceOrderToSalesDocument`).
 * - `amountMinor` = `grand_total` in minor units of `order_currency_code` (never `base_grand_total`); `captureDate` the
 *   UTC date of `created_at`; `captureNumber` = `increment_id` (else the entity id); `isPaid` state 2, `isCanceled`
 *   state 3.
 * @throws MappingError naming `entity_id`, `order_id`, `order_currency_code`, `grand_total`, `created_at` or `state`.
 */
export function adobeCommerceInvoiceToSalesCapture(invoice: AcInvoice, options: AcCaptureOptions): SalesCapture {
  if (!Number.isSafeInteger(invoice.entity_id)) throw new MappingError('invalid-field', 'entity_id', 'expected an integer');
  if (!Number.isSafeInteger(invoice.order_id)) throw new MappingError('invalid-field', 'order_id', 'expected an integer');
  const state = invoice.state;
  if (state !== undefined && state !== null && state !== 1 && state !== 2 && state !== 3) throw new MappingError('invalid-field', 'state', 'expected 1 (open), 2 (paid) or 3 (canceled)');
  const currency = acCurrency(invoice.order_currency_code, 'order_currency_code');
  if (!isPresent(invoice.grand_total)) throw new MappingError('missing-field', 'grand_total', 'is required');
  const amountMinor = acMinor(invoice.grand_total, currency, 'grand_total');
  if (amountMinor < 0) throw new MappingError('invalid-field', 'grand_total', 'expected a positive amount');
  const orderId = String(invoice.order_id);
  const invoiceId = String(invoice.entity_id);
  return {
    source: {
      system: 'adobe-commerce', storeId: options.storeId, orderId,
      externalReference: adobeCommerceExternalReference(options.storeId, orderId, { kind: 'capture', id: invoiceId }),
    },
    invoiceExternalReference: adobeCommerceExternalReference(options.storeId, orderId),
    captureNumber: (invoice.increment_id ?? '').trim() || invoiceId,
    captureDate: acDate(invoice.created_at, 'created_at'),
    isPaid: state === 2,
    isCanceled: state === 3,
    currency,
    amountMinor,
    paymentMethod: (options.paymentMethod ?? '').trim(),
    orderNumber: (options.orderIncrementId ?? '').trim(),
  };
}
