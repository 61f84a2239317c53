export {
  startVismaSandbox,
  DEFAULT_VISMA_CLIENTS,
  DEFAULT_VISMA_MAX_PAGE_SIZE,
  DEFAULT_VISMA_RATE_LIMIT,
  DEFAULT_VISMA_TOKEN_TTL_SECONDS,
  type RunningVismaSandbox,
  type VismaSandboxOptions,
} from './visma-sandbox';
export { VISMA_DEMO, VISMA_SCOPES, VISMA_RATE_LIMIT_POLICY, type VismaScope } from './visma-demo.constants';
export { VISMA_FAULT_CODES, type VismaExceptionBody, type VismaFaultCodeName } from './visma.error';
export { VismaCompanyState, type VismaCompanySnapshot } from './visma-company.store';
export { NORWAY_COMPANY_SEED } from './visma-seed-norway.data';
export { SWEDEN_COMPANY_SEED } from './visma-seed-sweden.data';
export type { VismaRateLimitOptions } from './visma-rate-limiter.service';
export type { VismaTokenResponse, VismaTokenErrorCode } from './visma-token.controller';
export type * from './visma-seed.types';
export type * from './visma-records.types';
export type * from './visma-order-records.types';
export { customerToDto } from './visma-customer.mapper';
export { documentToDto } from './visma-customer-document.mapper';
export { salesOrderToDto } from './visma-sales-order.mapper';
export { supplierToDto } from './visma-supplier.mapper';
export { DEFAULT_LEDGER_HISTORY, type VismaLedgerHistoryOptions } from './visma-ledger-history';
export { ledgerOf, type VismaLedgerState } from './visma-ledger.store';
export { VismaSyntheticJournal, SYNTHETIC_JOURNAL_SPAN_MS, type VismaSyntheticJournalOptions } from './visma-journal-synthetic';
export { TOUCHABLE_ENTITIES } from './visma-ledger.control';
export type * from './visma-ledger.types';
