import { z } from 'zod';
import { settingUrl } from '../systems/host-policy';
import type { SystemFacts } from '../systems/system-facts';

/** Visma.net ERP default endpoints (developer.visma.com/api/vismanet-erp: API host and Visma Connect token endpoint). */
export const VISMA_DEFAULT_API_BASE_URL = 'https://api.finance.visma.net';
export const VISMA_DEFAULT_TOKEN_URL = 'https://connect.visma.com/connect/token';

export const VISMA_SETTINGS = z.object({
  companyId: z.string().min(1, 'is the Visma company id (sent as ipp-company-id)'),
  apiBaseUrl: z.string().url().default(VISMA_DEFAULT_API_BASE_URL),
  tokenUrl: z.string().url().default(VISMA_DEFAULT_TOKEN_URL),
  callsPerHour: z.number().int().min(1).default(500),
});
export type VismaSettings = z.infer<typeof VISMA_SETTINGS>;

export const VISMA_CREDENTIALS = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  tenantId: z.string().min(1),
  scopes: z.string().default('vismanet_erp_service_api:read vismanet_erp_service_api:create vismanet_erp_service_api:update'),
});
export type VismaCredentials = z.infer<typeof VISMA_CREDENTIALS>;

/**
 * Visma.net ERP, the hub every document is posted into: OAuth 2.0 client credentials at Visma Connect (a new token on
 * expiry or 401; the company comes from the token's `tenant_id` and `ipp-company-id`), 500 calls an hour per company
 * for test clients (../shared/specs/README.md "Visma facts").
 */
export const VISMA_SYSTEM: SystemFacts = {
  kind: 'visma',
  label: 'Visma.net ERP',
  // A target for shops' documents, and a source of its supplier invoices, which go into a shop's catalog (product cost).
  roles: ['target', 'source'],
  settings: VISMA_SETTINGS,
  credentials: VISMA_CREDENTIALS,
  fields: {
    settings: [
      { name: 'companyId', label: 'Company id', format: 'text', isRequired: true, isSecret: false, help: 'The Visma company id, sent as ipp-company-id.' },
      { name: 'apiBaseUrl', label: 'API base URL', format: 'url', isRequired: false, isSecret: false, placeholder: VISMA_DEFAULT_API_BASE_URL },
      { name: 'tokenUrl', label: 'Token URL', format: 'url', isRequired: false, isSecret: false, placeholder: VISMA_DEFAULT_TOKEN_URL },
      { name: 'callsPerHour', label: 'Calls per hour', format: 'number', isRequired: false, isSecret: false, placeholder: '500', help: 'The rate budget this company may use.' },
    ],
    credentials: [
      { name: 'clientId', label: 'Client id', format: 'text', isRequired: true, isSecret: false },
      { name: 'clientSecret', label: 'Client secret', format: 'secret', isRequired: true, isSecret: true },
      { name: 'tenantId', label: 'Tenant id', format: 'text', isRequired: true, isSecret: false, help: 'The company’s tenant id at Visma Connect (the token’s tenant_id).' },
      { name: 'scopes', label: 'Scopes', format: 'text', isRequired: false, isSecret: false, help: 'Leave empty for read, create and update.' },
    ],
  },
  baseUrl: { field: 'apiBaseUrl', default: VISMA_DEFAULT_API_BASE_URL, isHttpsRequired: false, help: 'Visma.net ERP API host; the token goes only to it and to the token URL.' },
  // Both fixed by Visma: the spec's server and its OAuth2 clientCredentials tokenUrl (visma-net-erp-api openapi.json,
  // developer.visma.com/api/vismanet-erp); the client secret goes to the token URL, the token to the API.
  hosts: [
    { field: 'settings.apiBaseUrl', label: 'The Visma.net ERP API URL', kind: 'vendor-fixed', urlsOf: settingUrl('apiBaseUrl'), vendorHosts: ['api.finance.visma.net'], vendorHostsText: 'api.finance.visma.net', vendorDoc: 'Visma.net ERP API OpenAPI spec, servers' },
    { field: 'settings.tokenUrl', label: 'The Visma Connect token URL', kind: 'vendor-fixed', urlsOf: settingUrl('tokenUrl'), vendorHosts: ['connect.visma.com'], vendorHostsText: 'connect.visma.com', vendorDoc: 'Visma Connect, https://connect.visma.com/.well-known/openid-configuration' },
  ],
  entities: ['supplier-invoice', 'inventory-item'],
  catalogEntities: ['supplier-invoice', 'inventory-item'],
  // Visma webhooks fire once and are not retried (../shared/specs/README.md "Visma facts"): supplier invoices are polled
  // by lastModifiedDateTime, daily unless the admin sets another schedule.
  defaultCatchUpSchedule: { kind: 'daily', at: '02:00' },
  webhooks: null,
};
