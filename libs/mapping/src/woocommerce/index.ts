export * from './woocommerce-order.types';
export { WOOCOMMERCE_VAT_NUMBER_META_KEYS, wooCommerceCustomerToSalesCustomer, wooCommerceExternalReference, wooCommerceOrderToSalesDocument, wooCommerceRefundToSalesDocument } from './woocommerce-order.mapper';
export { balanceWooCommerceLines } from './woocommerce-balance';
