import type { SystemCredentials, SystemKind, SystemSettings } from '@/api/connections/types';

/**
 * What the connection form asks for, per system kind. Mirrors the zod schemas in
 * apps/api/src/modules/credentials/system-kinds.ts (the API validates; this only draws the form).
 * Settings left empty take the API's defaults.
 */
export type FieldSpec<K extends string> = {
  name: K;
  label: string;
  type: 'text' | 'url' | 'number';
  isRequired: boolean;
  placeholder?: string;
  help?: string;
};

export type SystemFormSpec<S extends SystemKind> = {
  settings: FieldSpec<keyof SystemSettings[S] & string>[];
  credentials: FieldSpec<keyof SystemCredentials[S] & string>[];
};

export const SYSTEM_FORMS: { [S in SystemKind]: SystemFormSpec<S> } = {
  visma: {
    settings: [
      { name: 'companyId', label: 'Company id', type: 'text', isRequired: true, help: 'The Visma company id, sent as ipp-company-id.' },
      { name: 'apiBaseUrl', label: 'API base URL', type: 'url', isRequired: false, placeholder: 'https://api.finance.visma.net' },
      { name: 'tokenUrl', label: 'Token URL', type: 'url', isRequired: false, placeholder: 'https://connect.visma.com/connect/token' },
      { name: 'callsPerHour', label: 'Calls per hour', type: 'number', isRequired: false, placeholder: '500', help: 'The rate budget this company may use.' },
    ],
    credentials: [
      { name: 'clientId', label: 'Client id', type: 'text', isRequired: true },
      { name: 'clientSecret', label: 'Client secret', type: 'text', isRequired: true },
      { name: 'tenantId', label: 'Tenant id', type: 'text', isRequired: true },
      { name: 'scopes', label: 'Scopes', type: 'text', isRequired: false, help: 'Leave empty for read, create and update.' },
    ],
  },
  bigcommerce: {
    settings: [
      { name: 'storeHash', label: 'Store hash', type: 'text', isRequired: true, help: 'From the API path, e.g. abc123.' },
      { name: 'apiBaseUrl', label: 'API base URL', type: 'url', isRequired: false, placeholder: 'https://api.bigcommerce.com' },
    ],
    credentials: [
      { name: 'accessToken', label: 'Access token', type: 'text', isRequired: true },
      { name: 'clientSecret', label: 'Client secret', type: 'text', isRequired: false, help: 'Needed to verify webhook signatures.' },
    ],
  },
};

/** The form spec of a system kind, or undefined for a kind this dashboard does not know yet. */
export function formSpecOf(system: string): SystemFormSpec<SystemKind> | undefined {
  return Object.prototype.hasOwnProperty.call(SYSTEM_FORMS, system) ? (SYSTEM_FORMS[system as SystemKind] as SystemFormSpec<SystemKind>) : undefined;
}
