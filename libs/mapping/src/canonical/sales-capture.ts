import type { SalesSource } from './sales-document';

/**
 * Shop-independent capture: money the shop's payment provider took for an order that is (or will be) invoiced in the
 * ERP. Adobe Commerce records a capture as an invoice (`sales-data-invoice-interface`); commercetools as a payment
 * transaction of type Charge. The ERP side turns it into a customer payment applied to the order's invoice.
 * `amountMinor` is integer **minor units** of `currency`.
 */
export type SalesCapture = {
  /** The capture's own reference, e.g. `ac:<store>:<orderId>:c<invoiceId>` (`source.refundId` is not used). */
  source: SalesSource;
  /** The reference of the order's invoice in the ERP (`ac:<store>:<orderId>`), the document the payment settles. */
  invoiceExternalReference: string;
  /** The shop's number of the capture (Commerce invoice `increment_id`). */
  captureNumber: string;
  /** YYYY-MM-DD. */
  captureDate: string;
  /** The money was taken (Commerce invoice state 2 "paid"). */
  isPaid: boolean;
  /** The capture was voided (Commerce invoice state 3 "canceled"). */
  isCanceled: boolean;
  currency: string;
  /** What was captured, minor units of `currency` (Commerce invoice `grand_total`). */
  amountMinor: number;
  paymentMethod: string;
  /** The order number shown to the customer ('' when the caller did not give it). */
  orderNumber: string;
  /**
   * Where the money is settled (optional, absent = `cash`): `cash` = the payment provider's cash/clearing account;
   * `gift-card-liability` = a redeemed gift card, which reduces the gift-card liability instead of adding cash.
   */
  settlementAccountRole?: SalesSettlementAccountRole;
};

/** Account role a customer payment is booked on (see `SalesCapture.settlementAccountRole`). */
export type SalesSettlementAccountRole = 'cash' | 'gift-card-liability';
