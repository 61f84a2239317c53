export { startAdobeCommerceSandbox, type AdobeCommerceSandboxOptions, type RunningAdobeCommerceSandbox } from './adobe-commerce-sandbox';
export {
  ADOBE_COMMERCE_DEMO,
  ADOBE_COMMERCE_IMS_CLIENTS,
  ADOBE_COMMERCE_IMS_SCOPES,
  ADOBE_COMMERCE_IMS_TOKEN_TTL_SECONDS,
  ADOBE_COMMERCE_STORE_VIEWS,
  adobeCommerceDemoWebhookKeyPair,
  type AdobeCommerceImsClient,
  type AdobeCommerceIntegration,
  type AdobeCommerceStoreView,
} from './demo.constants';
export { adobeCommercePlaceOrder, adobeCommerceInvoiceOrder, adobeCommerceRefundOrder, adobeCommerceCreateCustomer, adobeCommerceWebhookPublicKey } from './client-helpers';
export type { PlaceOrderInput, OrderAddressInput } from './order-builder';
export type { AdobeCommerceSettings } from './state';
export type { AdobeCommerceWebhookDelivery, AdobeCommerceWebhookDeliveryOutcome } from './webhook-dispatcher.service';
export { magentoBaseString, magentoOAuthParams, magentoSignature, normalizedBaseUrl } from './oauth';
export { applySearchCriteria, parseSearchCriteria, type SearchCriteria, type SearchResult } from './search-criteria';
export { filterPayload, rulesPass } from './webhook-payload';
export { ADOBE_COMMERCE_WEBHOOK_EVENTS } from './system.routes';
export { isAllowed as adobeCommerceAclAllows, missingResources as adobeCommerceMissingResources } from './acl';
