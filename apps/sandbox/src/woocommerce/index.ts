export { startWooCommerceSandbox, type WooCommerceSandboxOptions, type RunningWooCommerceSandbox } from './woocommerce-sandbox';
export {
  WOOCOMMERCE_DEMO,
  WOOCOMMERCE_API_KEYS,
  WOOCOMMERCE_VERSIONS,
  WOOCOMMERCE_GATEWAYS,
  WOOCOMMERCE_MAX_WEBHOOK_DELIVERY_FAILURES,
  WOOCOMMERCE_WEBHOOK_TIMEOUT_MS,
  type WooCommerceApiKey,
  type WooCommerceKeyPermission,
} from './demo.constants';
export { WOOCOMMERCE_SANDBOX_TLS, WOOCOMMERCE_SANDBOX_TLS_CERT, WOOCOMMERCE_SANDBOX_TLS_KEY } from './tls/self-signed';
export type { WooCommerceWebhookDelivery, WooCommerceWebhookDeliveryOutcome } from './webhook-dispatcher.service';
export { wooCommerceBaseString, wooCommerceSignature, parsePhpQuery } from './oauth';
export { calculateOrderTotals, type TotalsInput, type TotalsResult } from './order-totals';
export { WOOCOMMERCE_TAX_RATES, type TaxRate } from './tax-rates';
export { wpJsonEncode } from './wp-json';
