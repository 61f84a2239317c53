/**
 * Demo credentials and ids of the Visma.net ERP sandbox. Invented values: they work only against the sandbox.
 * Scope names: README "Visma facts" (/work/shared/specs/README.md §1) — `vismanet_erp_service_api:*`.
 */
export const VISMA_SCOPES = [
  'vismanet_erp_service_api:read',
  'vismanet_erp_service_api:create',
  'vismanet_erp_service_api:update',
  'vismanet_erp_service_api:delete',
] as const;
export type VismaScope = (typeof VISMA_SCOPES)[number];

/** The rate-limit policy name Visma reports in `X-RateLimit-Policy` (docs.vismasoftware.no/vismanetapi/api-reference/rate-limits/). */
export const VISMA_RATE_LIMIT_POLICY = '4-fixed-window';

export const VISMA_DEMO = {
  /** Approved for both companies (and for the customer tenant), all four scopes. */
  clientId: 'isv_mlconnector_sandbox',
  clientSecret: 'sandbox-secret-nordlys-2025',
  /** Exists and is approved for the Norwegian company only: asking a token for the Swedish tenant fails. */
  limitedClientId: 'isv_mlconnector_limited',
  limitedClientSecret: 'sandbox-secret-limited-2025',
  companies: {
    norway: {
      tenantId: '6e4c5a5e-2a7b-4f0c-9a1d-0b1c2d3e4f01',
      companyId: '5100001',
      name: 'Nordlys Handel AS',
      currency: 'NOK',
    },
    sweden: {
      tenantId: '6e4c5a5e-2a7b-4f0c-9a1d-0b1c2d3e4f02',
      companyId: '5200001',
      name: 'Fjällvind Design AB',
      currency: 'SEK',
    },
  },
  /**
   * A Visma Connect *customer* tenant that is not an ERP company. Visma Connect issues a token for it, but the
   * ERP API answers 401 (docs.vismasoftware.no/vismanetapi/how-tos/fix401error/).
   */
  customerTenantId: '6e4c5a5e-2a7b-4f0c-9a1d-0b1c2d3e4fff',
} as const;
