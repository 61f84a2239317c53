export * from './commercetools.types';
export {
  commercetoolsExternalReference, commercetoolsOrderToSalesDocument, commercetoolsRoutingInput, commercetoolsRoutingKeys, type CommercetoolsRoutingKeys,
} from './commercetools-order.mapper';
export { commercetoolsAddress, commercetoolsCustomerToSalesCustomer, commercetoolsOrderCustomer } from './commercetools-customer';
export {
  commercetoolsCancellationReference, commercetoolsCreditLines, commercetoolsPaymentEvents, commercetoolsTransactionReference, isCommercetoolsGiftCardMethod,
  type CommercetoolsCreditNoteEvent, type CommercetoolsCustomerPaymentEvent, type CommercetoolsPaymentContext, type CommercetoolsPaymentEvent,
  type CommercetoolsSkipEvent, type CommercetoolsSkipReason,
} from './commercetools-payments';
export { CT_DEFAULT_ROUNDING, ctRate, ctRound, type CtRate } from './commercetools-money';
export * from './commercetools-product';
