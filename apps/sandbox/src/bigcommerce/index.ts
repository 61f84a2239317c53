export { startBigCommerceSandbox, type BigCommerceSandboxOptions, type RunningBigCommerceSandbox } from './bigcommerce-sandbox';
export {
  BIGCOMMERCE_DEMO,
  BIGCOMMERCE_ACCOUNTS,
  BIGCOMMERCE_DEFAULT_QUOTA,
  BIGCOMMERCE_WEBHOOK_RETRY_SCHEDULE_MS,
  BIGCOMMERCE_STORE_CURRENCIES,
  type BigCommerceScope,
  type BigCommerceDemoAccount,
} from './demo.constants';
export type {
  WebhookDeliveryLogEntry as BigCommerceWebhookDelivery,
  WebhookDeliveryOutcome as BigCommerceWebhookDeliveryOutcome,
} from './webhook-dispatcher.service';
export type { RateLimitQuota as BigCommerceRateLimitQuota } from './rate-limit.guard';
