/**
 * The rate-budget capability and what it speaks. Its implementations (rate-budget.ts, the BigCommerce pacer), the
 * lease they share (token-lease.ts) and the transport import these types from here, so none imports another for a type.
 */

export type BudgetGrant = { granted: true } | { granted: false; waitMs: number };

/** Capability the transport calls around each HTTP attempt. */
export interface RateBudget {
  /** Takes `cost` calls from the window of `key`; when refused, `waitMs` says when the window resets. */
  acquire(key: string, cost?: number): Promise<BudgetGrant>;
  /** Feeds the provider's view (`limit`, `remaining`, `resetMs`) back into the budget. */
  observe(key: string, view: ProviderRateView): Promise<void>;
}

/** What a provider's rate-limit headers said, already parsed by a per-system reader. */
export type ProviderRateView = { limit?: number | undefined; remaining?: number | undefined; resetMs?: number | undefined };
