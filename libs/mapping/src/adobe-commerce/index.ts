export * from './adobe-commerce.types';
export { adobeCommerceExternalReference, adobeCommerceOrderReadiness, adobeCommerceOrderToSalesDocument, type AdobeCommerceOrderReadiness } from './adobe-commerce-order.mapper';
export { adobeCommerceCreditMemoReadiness, adobeCommerceCreditMemoToSalesDocument, type AdobeCommerceCreditMemoReadiness } from './adobe-commerce-credit-memo.mapper';
export { adobeCommerceInvoiceToSalesCapture, type AcCaptureOptions } from './adobe-commerce-capture.mapper';
export { adobeCommerceCustomerToSalesCustomer } from './adobe-commerce-customer';
