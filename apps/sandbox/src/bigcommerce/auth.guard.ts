import { SandboxHttpError, type SandboxHandler, type SandboxRequest, type SandboxResponse } from '../core';
import { BIGCOMMERCE_ACCOUNTS, type BigCommerceDemoAccount, type BigCommerceScope } from './demo.constants';
import { v3Error } from './errors';
import type { StoreRateLimiter } from './rate-limit.guard';

/** Who is calling: the account behind the X-Auth-Token and the store of the path. */
export type CallContext = { account: BigCommerceDemoAccount; storeHash: string };

export type GuardedHandler = (req: SandboxRequest, call: CallContext) => SandboxResponse | Promise<SandboxResponse>;

/** Any one of these scopes grants access; `[]` means the default scope of every API account (hooks). */
export type ScopeRule = readonly BigCommerceScope[];

/** Scopes per resource, from `securitySchemes` / operation descriptions of the official specs. */
export const SCOPES = {
  ordersRead: ['store_v2_orders', 'store_v2_orders_read_only'],
  ordersWrite: ['store_v2_orders'],
  transactionsRead: ['store_v2_transactions', 'store_v2_transactions_read_only'],
  refundsWrite: ['store_v2_orders', 'store_v2_transactions'],
  refundsRead: ['store_v2_transactions_read_only', 'store_v2_transactions', 'store_v2_orders_read_only', 'store_v2_orders'],
  customersRead: ['store_v2_customers', 'store_v2_customers_read_only'],
  customersWrite: ['store_v2_customers'],
  storeInformationRead: ['store_v2_information_read_only'],
  none: [],
} as const satisfies Record<string, ScopeRule>;

/**
 * Builds route wrappers that enforce, in this order: an `X-Auth-Token` header (401), a known store hash
 * (404), a token valid for that store (401), the per-store quota (429), the route's scopes (403).
 * Every answer after the store is known carries the X-Rate-Limit-* headers, errors included.
 * Body shapes: gateway `{status, title, type}` (webhooks.v3.yml `401_Unauthorized`); the 403 title is the
 * one BigCommerce sends for a missing scope ("You don't have a required scope to access the endpoint").
 */
export function createAuthGuard(deps: { storeHash: string; limiter: StoreRateLimiter }) {
  return (scopes: ScopeRule, handler: GuardedHandler): SandboxHandler =>
    async (req) => {
      const header = req.headers['x-auth-token'];
      const token = Array.isArray(header) ? header[0] : header;
      if (!token) throw v3Error(401, 'No valid credentials were found in this request');
      if (req.params['storeHash'] !== deps.storeHash) throw v3Error(404, 'Store not found');
      const account = BIGCOMMERCE_ACCOUNTS[token];
      if (!account) {
        throw v3Error(401, 'Unauthorized - the v3 Auth client ID or token in the request are not a valid combination for this store.');
      }
      const decision = deps.limiter.take(deps.storeHash);
      const withRate = (err: SandboxHttpError): SandboxHttpError =>
        new SandboxHttpError(err.status, err.body, { ...err.headers, ...decision.headers });
      if (!decision.allowed) throw withRate(v3Error(429, 'Too many requests. The request quota of this store is spent for the current window.'));
      if (scopes.length > 0 && !scopes.some((s) => account.scopes.includes(s))) {
        throw withRate(v3Error(403, "You don't have a required scope to access the endpoint", {}));
      }
      try {
        const response = await handler(req, { account, storeHash: deps.storeHash });
        return { ...response, headers: { ...(response.headers ?? {}), ...decision.headers } };
      } catch (err) {
        if (err instanceof SandboxHttpError) throw withRate(err);
        throw err;
      }
    };
}
