import { COMMERCETOOLS_REGIONS } from '@mlc/connectors';
import { z } from 'zod';
import { settingUrl } from '../systems/host-policy';
import type { SystemFacts } from '../systems/system-facts';

/** A project or store key (commercetools' key pattern, shared/specs/commercetools/openapi.yaml `Project.key`). */
const KEY = z.string().regex(/^[A-Za-z0-9_-]{2,256}$/, 'is a commercetools key: 2–256 letters, digits, _ or -');

/** `region` when the project runs in one of commercetools' regions; `custom` with explicit hosts (a proxy, the sandbox). */
export const COMMERCETOOLS_HOSTINGS = [...COMMERCETOOLS_REGIONS, 'custom'] as const;

/**
 * Store keys as the form sends them ("no, se") or as a list; empty: the connection reads the whole project.
 * A connection limited to stores reads orders and customers under `/in-store/key=<store>/…` only.
 */
const STORE_KEYS = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(/[\s,]+/).filter((k) => k !== '') : v),
  z.array(KEY).max(50).default([]),
);

export const COMMERCETOOLS_SETTINGS = z
  .object({
    region: z.enum(COMMERCETOOLS_HOSTINGS).default('europe-west1.gcp'),
    /** With `region: custom`: the auth API (`https://auth.<region>.commercetools.com`), where the client secret goes. */
    authUrl: z.string().url().optional(),
    /** With `region: custom`: the HTTP API (`https://api.<region>.commercetools.com`). */
    apiUrl: z.string().url().optional(),
    projectKey: KEY,
    storeKeys: STORE_KEYS,
    /**
     * The connection also reads products (a flow of them into the ERP's item master) or keeps stock (a flow of ERP
     * inventory into this project): the token then asks for `view_products` and `manage_products` too (inventory
     * entries have no scope of their own, oauth2.raml).
     */
    manageStock: z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean().default(false)),
  })
  .superRefine((s, ctx) => {
    if (s.region !== 'custom') return;
    if (!s.authUrl) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['authUrl'], message: 'is required when the region is custom' });
    if (!s.apiUrl) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['apiUrl'], message: 'is required when the region is custom' });
  });
export type CommercetoolsSettings = z.infer<typeof COMMERCETOOLS_SETTINGS>;

export const COMMERCETOOLS_CREDENTIALS_FORM = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
});
export type CommercetoolsStoredCredentials = z.infer<typeof COMMERCETOOLS_CREDENTIALS_FORM>;

/**
 * commercetools Composable Commerce: orders → customer invoices, each payment transaction as its own financial event
 * (a successful Charge → a customer payment, a Refund or Chargeback → a credit note, a cancellation after a charge → a
 * credit note), customers → the Visma customer master; and, as the target of ERP stock, inventory entries kept at the
 * ERP's sellable quantity. commercetools has no HTTP webhooks (Subscriptions deliver to
 * message queues only, shared/specs/README.md "Change feeds"), so the scheduled poll of `/orders` and `/payments` by
 * `lastModifiedAt` is how records arrive.
 */
export const COMMERCETOOLS_SYSTEM: SystemFacts = {
  kind: 'commercetools',
  label: 'commercetools',
  roles: ['source', 'catalog-target'],
  settings: COMMERCETOOLS_SETTINGS,
  credentials: COMMERCETOOLS_CREDENTIALS_FORM,
  fields: {
    settings: [
      {
        name: 'region',
        label: 'Region',
        format: 'choice',
        choices: [
          ...COMMERCETOOLS_REGIONS.map((r) => ({ value: r, label: `${r} (api.${r}.commercetools.com)` })),
          { value: 'custom', label: 'Custom hosts (give the auth and API URLs)' },
        ],
        isRequired: false,
        isSecret: false,
      },
      { name: 'projectKey', label: 'Project key', format: 'text', isRequired: true, isSecret: false, placeholder: 'my-shop' },
      {
        name: 'manageStock',
        label: 'Products and stock',
        format: 'choice',
        choices: [
          { value: 'false', label: 'Read orders, payments and customers only' },
          { value: 'true', label: 'Also read products and keep inventory entries (needs view_products, manage_products)' },
        ],
        isRequired: false,
        isSecret: false,
      },
      { name: 'storeKeys', label: 'Stores (keys, comma-separated)', format: 'text', isRequired: false, isSecret: false, help: 'Leave empty to read the whole project; otherwise orders and customers are read per store.' },
      { name: 'authUrl', label: 'Auth URL (custom region)', format: 'url', isRequired: false, isSecret: false, placeholder: 'https://auth.europe-west1.gcp.commercetools.com' },
      { name: 'apiUrl', label: 'API URL (custom region)', format: 'url', isRequired: false, isSecret: false, placeholder: 'https://api.europe-west1.gcp.commercetools.com' },
    ],
    credentials: [
      { name: 'clientId', label: 'Client id', format: 'text', isRequired: true, isSecret: false, help: 'Merchant Center > Settings > Developer settings > Create new API client (view_orders, view_payments, view_customers, view_messages, view_project_settings, view_stores).' },
      { name: 'clientSecret', label: 'Client secret', format: 'secret', isRequired: true, isSecret: true },
    ],
  },
  baseUrl: { field: 'apiUrl', default: 'https://api.europe-west1.gcp.commercetools.com', isHttpsRequired: true, help: 'The region’s hosts, or your own: the client secret goes only to the auth URL, the token only to the API URL.' },
  // The region hosts commercetools documents (commercetools-credentials.ts: `https://auth.{region}.commercetools.com`,
  // `https://api.{region}.commercetools.com` for COMMERCETOOLS_REGIONS); a custom region may name only those.
  hosts: [
    { field: 'settings.authUrl', label: 'The commercetools auth URL', kind: 'vendor-fixed', urlsOf: settingUrl('authUrl'), vendorHosts: COMMERCETOOLS_REGIONS.map((r) => `auth.${r}.commercetools.com`), vendorHostsText: `one of the region hosts (${COMMERCETOOLS_REGIONS.map((r) => `auth.${r}.commercetools.com`).join(', ')})`, vendorDoc: 'docs.commercetools.com/api/general-concepts#hosts' },
    { field: 'settings.apiUrl', label: 'The commercetools API URL', kind: 'vendor-fixed', urlsOf: settingUrl('apiUrl'), vendorHosts: COMMERCETOOLS_REGIONS.map((r) => `api.${r}.commercetools.com`), vendorHostsText: `one of the region hosts (${COMMERCETOOLS_REGIONS.map((r) => `api.${r}.commercetools.com`).join(', ')})`, vendorDoc: 'docs.commercetools.com/api/general-concepts#hosts' },
  ],
  entities: ['order', 'capture', 'refund', 'customer', 'product'],
  defaultCatchUpSchedule: { kind: 'every', minutes: 5 },
  webhooks: null,
};
