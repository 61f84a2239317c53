export { startCommercetoolsSandbox, type CommercetoolsSandboxOptions, type RunningCommercetoolsSandbox } from './commercetools-sandbox';
export {
  COMMERCETOOLS_ADMIN_CLIENT,
  COMMERCETOOLS_CONNECTOR_CLIENT,
  COMMERCETOOLS_DEMO,
  COMMERCETOOLS_DEMO_CLIENTS,
  COMMERCETOOLS_NO_STORE_CLIENT,
  COMMERCETOOLS_PRODUCTS,
  COMMERCETOOLS_PROJECT_KEY,
  COMMERCETOOLS_READONLY_CLIENT,
  COMMERCETOOLS_STORES,
  COMMERCETOOLS_TAX_CATEGORIES,
  COMMERCETOOLS_TOKEN_TTL_SECONDS,
  type CommercetoolsClient,
  type CommercetoolsDemoProduct,
  type CommercetoolsDemoStore,
} from './demo.constants';
export { CommercetoolsControl, type PaymentInput, type TransactionInput } from './control.service';
export type { OrderDraftInput, OrderLineDraft, OrderShippingDraft } from './order-builder';
export { COMMERCETOOLS_SEED_EXAMPLES, type CommercetoolsSeed } from './seed';
export { seedDemo as seedCommercetoolsDemo } from './seed.demo';
export type { Collection as CommercetoolsCollection, MessagesWhenDisabled, ProjectSettings as CommercetoolsProjectSettings } from './state';
export { parsePredicate, PredicateSyntaxError, type Predicate } from './predicate-parser';
export { evaluatePredicate } from './predicate-eval';
export { runQuery as commercetoolsRunQuery } from './query';
export { splitTax, roundDiv, allocate, centMoney, type RoundingMode } from './money';
export { scopeCovers as commercetoolsScopeCovers } from './auth';
