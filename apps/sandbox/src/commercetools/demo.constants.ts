/**
 * Fixed demo facts of the commercetools sandbox: the project, its API clients (fake credentials, valid only against
 * the sandbox), stores, tax categories and catalog. Scope names are those of raml/securitySchemes/oauth2.raml
 * (`<scope>:{projectKey}` and `<scope>:{projectKey}:{storeKey}`).
 */

/** One API client: its credentials and the scopes it was created with (granted scopes, oauth2.raml). */
export type CommercetoolsClient = { clientId: string; clientSecret: string; scopes: readonly string[] };

export const COMMERCETOOLS_PROJECT_KEY = 'ml-demo';

/** Default access-token lifetime in seconds (commercetools issues client-credentials tokens valid for 48 h). */
export const COMMERCETOOLS_TOKEN_TTL_SECONDS = 172_800;

const scoped = (names: readonly string[], projectKey = COMMERCETOOLS_PROJECT_KEY): string[] => names.map((n) => `${n}:${projectKey}`);

/** The connector's client: read orders/payments/customers/messages/stores/products, manage orders/payments/products. */
export const COMMERCETOOLS_CONNECTOR_CLIENT: CommercetoolsClient = {
  clientId: 'mlc-demo-ct-connector',
  clientSecret: 'mlc-demo-ct-connector-secret-0001',
  scopes: scoped(['view_orders', 'manage_orders', 'view_payments', 'manage_payments', 'view_customers', 'view_messages', 'view_products', 'manage_products', 'view_stores', 'view_project_settings', 'view_tax_categories']),
};

/** An admin client holding `manage_project` (covers every scope of the project). */
export const COMMERCETOOLS_ADMIN_CLIENT: CommercetoolsClient = {
  clientId: 'mlc-demo-ct-admin',
  clientSecret: 'mlc-demo-ct-admin-secret-0002',
  scopes: scoped(['manage_project']),
};

/** A client that can only read products (for 403 insufficient_scope and invalid_scope tests). */
export const COMMERCETOOLS_READONLY_CLIENT: CommercetoolsClient = {
  clientId: 'mlc-demo-ct-readonly',
  clientSecret: 'mlc-demo-ct-readonly-secret-0003',
  scopes: scoped(['view_products']),
};

/** A client limited to the Norwegian store's orders (store-scoped scope `view_orders:{projectKey}:no`). */
export const COMMERCETOOLS_NO_STORE_CLIENT: CommercetoolsClient = {
  clientId: 'mlc-demo-ct-store-no',
  clientSecret: 'mlc-demo-ct-store-no-secret-0004',
  scopes: [`view_orders:${COMMERCETOOLS_PROJECT_KEY}:no`],
};

export const COMMERCETOOLS_DEMO_CLIENTS: readonly CommercetoolsClient[] = [COMMERCETOOLS_CONNECTOR_CLIENT, COMMERCETOOLS_ADMIN_CLIENT, COMMERCETOOLS_READONLY_CLIENT, COMMERCETOOLS_NO_STORE_CLIENT];

export type CommercetoolsDemoStore = { key: string; name: string; country: string; currency: string; language: string };

export const COMMERCETOOLS_STORES: readonly CommercetoolsDemoStore[] = [
  { key: 'no', name: 'Norway', country: 'NO', currency: 'NOK', language: 'nb' },
  { key: 'se', name: 'Sweden', country: 'SE', currency: 'SEK', language: 'sv' },
];

/** Tax categories of the demo project (TaxCategory `rates[]`: amount as a fraction, included in price). */
export const COMMERCETOOLS_TAX_CATEGORIES = [
  { key: 'standard', name: 'Standard', rates: [{ id: 'no-std25', name: 'MVA 25%', country: 'NO', amount: 0.25 }, { id: 'se-std25', name: 'Moms 25%', country: 'SE', amount: 0.25 }] },
  { key: 'food', name: 'Food', rates: [{ id: 'no-food15', name: 'MVA 15%', country: 'NO', amount: 0.15 }, { id: 'se-food12', name: 'Moms 12%', country: 'SE', amount: 0.12 }] },
  { key: 'books', name: 'Books', rates: [{ id: 'no-book0', name: 'MVA 0% (bøker)', country: 'NO', amount: 0 }, { id: 'se-book6', name: 'Moms 6%', country: 'SE', amount: 0.06 }] },
] as const;

export type CommercetoolsDemoProduct = { key: string; sku: string; name: string; taxCategory: 'standard' | 'food' | 'books'; prices: { NOK: number; SEK: number }; stock: number };

/** Demo catalog: one variant per product, prices in minor units (øre / öre), gross (tax included). */
export const COMMERCETOOLS_PRODUCTS: readonly CommercetoolsDemoProduct[] = [
  { key: 'mug', sku: 'CT-MUG-01', name: 'Ceramic mug', taxCategory: 'standard', prices: { NOK: 19_900, SEK: 22_900 }, stock: 120 },
  { key: 'coffee', sku: 'CT-COFFEE-500', name: 'Coffee beans 500 g', taxCategory: 'food', prices: { NOK: 14_900, SEK: 16_900 }, stock: 80 },
  { key: 'tee-m', sku: 'CT-TEE-M', name: 'T-shirt, size M', taxCategory: 'standard', prices: { NOK: 29_900, SEK: 32_900 }, stock: 45 },
  { key: 'book', sku: 'CT-BOOK-01', name: 'Nordic cookbook', taxCategory: 'books', prices: { NOK: 34_900, SEK: 37_900 }, stock: 20 },
];

/** Everything a demo or test needs to talk to the seeded project. */
export const COMMERCETOOLS_DEMO = {
  projectKey: COMMERCETOOLS_PROJECT_KEY,
  projectName: 'ML Connector demo',
  clientId: COMMERCETOOLS_CONNECTOR_CLIENT.clientId,
  clientSecret: COMMERCETOOLS_CONNECTOR_CLIENT.clientSecret,
  storeKeys: ['no', 'se'] as const,
  skus: COMMERCETOOLS_PRODUCTS.map((p) => p.sku),
  /** Order numbers of the demo orders (see seed.demo.ts). */
  orderNumbers: { no: ['NO-1001', 'NO-1002', 'NO-1003', 'NO-1004'], se: ['SE-2001', 'SE-2002', 'SE-2003'] },
  /** Client id recorded as `createdBy`/`lastModifiedBy` of records written through the control API (the "storefront"). */
  storefrontClientId: 'mlc-demo-ct-storefront',
} as const;
