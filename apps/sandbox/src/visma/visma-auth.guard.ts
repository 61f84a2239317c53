import { SandboxHttpError, type SandboxHandler, type SandboxRequest, type SandboxResponse } from '../core';
import type { VismaCompanyState } from './visma-company.store';
import type { VismaScope } from './visma-demo.constants';
import { VISMA_DENIED_MESSAGE, vismaException, vismaMessageError } from './visma.error';
import type { VismaTokenSigner } from './visma-jwt.util';
import type { VismaRateLimiter } from './visma-rate-limiter.service';

/** What an ERP handler knows about the caller once the guard let the request through. */
export type VismaErpContext = {
  company: VismaCompanyState;
  clientId: string;
  scopes: readonly string[];
  /** `http://host:port` of the request, for Location headers. */
  baseUrl: string;
  maxPageSize: number;
};

export type VismaErpHandler = (req: SandboxRequest, ctx: VismaErpContext) => SandboxResponse;

export type VismaGuardDeps = {
  signer: VismaTokenSigner;
  /** ERP companies by Visma Connect tenant id. */
  companies: ReadonlyMap<string, VismaCompanyState>;
  limiter: VismaRateLimiter;
  maxPageSize: number;
};

const DENIED = VISMA_DENIED_MESSAGE;
/** The `realm` of the Bearer challenge (RFC 6750 §3). */
export const VISMA_BEARER_REALM = 'realm="api.finance.visma.net"';
const REALM = VISMA_BEARER_REALM;

/**
 * Wraps an ERP handler with what api.finance.visma.net does before it:
 * 1. Bearer token (RFC 6750): missing → 401 `WWW-Authenticate: Bearer realm=…` (no error code, RFC 6750 §3.1);
 *    malformed, badly signed or expired → 401 `Bearer error="invalid_token"`; a tenant that is not an ERP company
 *    (a Visma Connect customer tenant) → 401 as well (docs.vismasoftware.no/vismanetapi/how-tos/fix401error/).
 * 2. Rate limit per company + client (429 with Retry-After; Azure API Management's default body
 *    `{statusCode, message}`); every later answer carries the X-RateLimit-* headers.
 * 3. Optional `ipp-company-id` header (legacy; the current spec declares none): when it names neither the
 *    token's tenant id nor its legacy company id → 403 with a Visma exception body (fault `companyMismatch`).
 * 4. Scope: the operation's scope must be in the token → 403 `Bearer error="insufficient_scope"`.
 */
export function createErpGuard(deps: VismaGuardDeps): (scope: VismaScope, handler: VismaErpHandler) => SandboxHandler {
  return (scope, handler) => (req) => {
    const auth = req.headers.authorization;
    if (!auth || !/^bearer\s+\S/i.test(auth)) {
      throw vismaMessageError(401, DENIED, { 'www-authenticate': `Bearer ${REALM}` });
    }
    const check = deps.signer.verify(auth.replace(/^bearer\s+/i, '').trim());
    const invalid = (description: string): SandboxHttpError =>
      vismaMessageError(401, DENIED, {
        'www-authenticate': `Bearer ${REALM}, error="invalid_token", error_description="${description}"`,
      });
    if (check.status === 'invalid') throw invalid(check.reason);
    if (check.status === 'expired') throw invalid('The token expired');
    const { claims } = check;
    const company = deps.companies.get(claims.tenant_id);
    if (!company) throw invalid('The tenant is not a Visma.net ERP company');

    const rate = deps.limiter.take(claims.tenant_id, claims.client_id);
    if (!rate.allowed) {
      throw new SandboxHttpError(
        429,
        { statusCode: 429, message: `Rate limit is exceeded. Try again in ${rate.headers['retry-after'] ?? '1'} seconds.` },
        rate.headers,
      );
    }
    try {
      const ipp = req.headers['ipp-company-id'];
      const ippValue = Array.isArray(ipp) ? ipp[0] : ipp;
      if (ippValue !== undefined && ippValue !== company.seed.tenantId && ippValue !== company.seed.companyId) {
        throw vismaException(
          403,
          'companyMismatch',
          `The company '${ippValue}' in the ipp-company-id header does not match the company of the access token.`,
        );
      }
      if (!claims.scope.includes(scope)) {
        throw vismaMessageError(403, `${DENIED} The access token lacks the scope ${scope}.`, {
          'www-authenticate': `Bearer ${REALM}, error="insufficient_scope", scope="${scope}"`,
        });
      }
      const response = handler(req, {
        company,
        clientId: claims.client_id,
        scopes: claims.scope,
        baseUrl: `http://${req.headers.host ?? '127.0.0.1'}`,
        maxPageSize: deps.maxPageSize,
      });
      return { ...response, headers: { ...(response.headers ?? {}), ...rate.headers } };
    } catch (err) {
      if (err instanceof SandboxHttpError) throw new SandboxHttpError(err.status, err.body, { ...err.headers, ...rate.headers });
      throw err;
    }
  };
}
