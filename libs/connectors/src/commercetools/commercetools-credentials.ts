/**
 * commercetools connection credentials, hosts and OAuth scopes.
 *
 * - Hosts (shared/specs/commercetools/openapi.yaml `servers`; raml/oauth.raml `baseUri`): the HTTP API at
 *   `https://api.{region}.commercetools.com`, the auth API at `https://auth.{region}.commercetools.com`, for the regions
 *   `us-central1.gcp`, `us-east-2.aws`, `europe-west1.gcp`, `eu-central-1.aws`, `australia-southeast1.gcp`.
 * - Scopes (raml/securitySchemes/oauth2.raml `settings.scopes`): `<name>:{projectKey}`, and for orders and customers
 *   also the store-bound `<name>:{projectKey}:{storeKey}`. Endpoint needs (openapi.yaml `security` of each GET/POST):
 *   `GET /{projectKey}` view_project_settings; orders view_orders; payments view_payments; customers view_customers;
 *   messages view_messages; stores view_stores; products **and inventory** view_products (reads) / manage_products
 *   (writes) — there is no inventory scope of its own. `in-store/key={storeKey}/orders|customers` accept the project
 *   scope or the store-bound one.
 * - A `manage_<x>` scope is taken to satisfy `view_<x>`, and `manage_project` every scope of its project.
 */
import { z } from 'zod';

/** Regions of the spec's `servers` variable. */
export const COMMERCETOOLS_REGIONS = ['us-central1.gcp', 'us-east-2.aws', 'europe-west1.gcp', 'eu-central-1.aws', 'australia-southeast1.gcp'] as const;
export type CommercetoolsRegion = (typeof COMMERCETOOLS_REGIONS)[number];

/** A project or store key: 2–256 of `[A-Za-z0-9_-]` (the API's key pattern). */
const KEY = z.string().regex(/^[A-Za-z0-9_-]{2,256}$/, 'must be 2–256 letters, digits, _ or -');

/**
 * Credentials of one API client (Merchant Center > Settings > Developer settings). Either `region`, or both `authUrl`
 * and `apiUrl` (client options may override them, e.g. a sandbox at http://127.0.0.1:port).
 * - `scopes`: scope names to request, bare (`view_orders`, `:{projectKey}` is appended) or complete
 *   (`view_orders:my-project:store-a`); absent: the scopes this connector needs (`commercetoolsNeededScopes`).
 * - `storeKeys`: the connection is limited to these stores; orders and customers are read under `in-store/key=…`.
 */
export const COMMERCETOOLS_CREDENTIALS = z.object({
  region: z.enum(COMMERCETOOLS_REGIONS).optional(),
  authUrl: z.string().url().optional(),
  apiUrl: z.string().url().optional(),
  projectKey: KEY,
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  scopes: z.array(z.string().regex(/^[a-z_]+(:[A-Za-z0-9_-]+){0,2}$/)).optional(),
  storeKeys: z.array(KEY).optional(),
});
export type CommercetoolsCredentials = z.infer<typeof COMMERCETOOLS_CREDENTIALS>;

/** `https://auth.{region}.commercetools.com` and `https://api.{region}.commercetools.com`. */
export function commercetoolsHosts(region: CommercetoolsRegion): { authUrl: string; apiUrl: string } {
  return { authUrl: `https://auth.${region}.commercetools.com`, apiUrl: `https://api.${region}.commercetools.com` };
}

/** What a connection is used for: the read flows always; `stock` adds product and inventory writes. */
export type CommercetoolsFeatures = { isStockFlowEnabled?: boolean | undefined };

/** Scope names read by every connection (project-level), with the endpoints that need them. */
export const COMMERCETOOLS_READ_SCOPES = ['view_orders', 'view_payments', 'view_customers', 'view_messages', 'view_project_settings', 'view_stores'] as const;
/** Scope names that may be store-bound (`<name>:{projectKey}:{storeKey}`) for store-limited connections. */
export const COMMERCETOOLS_STORE_SCOPES = ['view_orders', 'view_customers'] as const;
/** Scope names of the stock flow (products and inventory entries). */
export const COMMERCETOOLS_STOCK_SCOPES = ['view_products', 'manage_products'] as const;

/**
 * The complete scopes this connector needs, e.g. `['view_orders:shop', 'view_payments:shop', …]`; with `storeKeys`,
 * orders and customers are needed per store (`view_orders:shop:store-a`) instead of project-wide.
 */
export function commercetoolsNeededScopes(projectKey: string, storeKeys: readonly string[], features: CommercetoolsFeatures = {}): string[] {
  const out: string[] = [];
  for (const name of COMMERCETOOLS_READ_SCOPES) {
    if (storeKeys.length > 0 && (COMMERCETOOLS_STORE_SCOPES as readonly string[]).includes(name)) out.push(...storeKeys.map((k) => `${name}:${projectKey}:${k}`));
    else out.push(`${name}:${projectKey}`);
  }
  if (features.isStockFlowEnabled) out.push(...COMMERCETOOLS_STOCK_SCOPES.map((n) => `${n}:${projectKey}`));
  return out;
}

/** Appends `:{projectKey}` to bare scope names; complete scopes are kept. */
export function qualifyCommercetoolsScopes(scopes: readonly string[], projectKey: string): string[] {
  return [...new Set(scopes.map((s) => (s.includes(':') ? s : `${s}:${projectKey}`)))];
}

/**
 * Needed scopes the granted set does not cover. `view_x:p` is covered by `view_x:p`, `manage_x:p` or `manage_project:p`;
 * `view_x:p:s` also by the project-level ones.
 * @example missingCommercetoolsScopes(['view_orders:p', 'view_payments:p'], ['manage_orders:p']) // ['view_payments:p']
 */
export function missingCommercetoolsScopes(needed: readonly string[], granted: readonly string[]): string[] {
  const have = new Set(granted);
  return needed.filter((scope) => {
    const [name = '', project = '', store] = scope.split(':');
    if (have.has(`manage_project:${project}`)) return false;
    const names = name.startsWith('view_') ? [name, `manage_${name.slice('view_'.length)}`] : [name];
    const holders = names.flatMap((n) => (store === undefined ? [`${n}:${project}`] : [`${n}:${project}:${store}`, `${n}:${project}`]));
    return !holders.some((h) => have.has(h));
  });
}
