import { z } from 'zod';

/**
 * Per-system facts the connections API needs: which settings are visible and which credentials are
 * secret (write-only, stored in the vault). One entry per system kind; new systems add an entry.
 */
export const SYSTEM_DEFINITIONS = {
  visma: {
    label: 'Visma.net ERP',
    settings: z.object({
      companyId: z.string().min(1, 'is the Visma company id (sent as ipp-company-id)'),
      apiBaseUrl: z.string().url().default('https://api.finance.visma.net'),
      tokenUrl: z.string().url().default('https://connect.visma.com/connect/token'),
      callsPerHour: z.number().int().min(1).default(500),
    }),
    credentials: z.object({
      clientId: z.string().min(1),
      clientSecret: z.string().min(1),
      tenantId: z.string().min(1),
      scopes: z.string().default('vismanet_erp_service_api:read vismanet_erp_service_api:create vismanet_erp_service_api:update'),
    }),
  },
  bigcommerce: {
    label: 'BigCommerce',
    settings: z.object({
      storeHash: z.string().regex(/^[a-z0-9]+$/, 'is the store hash from the API path, e.g. abc123'),
      apiBaseUrl: z.string().url().default('https://api.bigcommerce.com'),
    }),
    credentials: z.object({
      accessToken: z.string().min(1),
      clientSecret: z.string().min(1).optional(),
    }),
  },
} as const;

export type SystemKind = keyof typeof SYSTEM_DEFINITIONS;
export const SYSTEM_KINDS = Object.keys(SYSTEM_DEFINITIONS) as SystemKind[];

export function isSystemKind(value: string): value is SystemKind {
  return Object.prototype.hasOwnProperty.call(SYSTEM_DEFINITIONS, value);
}
