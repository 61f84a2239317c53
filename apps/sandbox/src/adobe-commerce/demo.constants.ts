/**
 * Fixed demo facts of the Adobe Commerce sandbox: the integrations (OAuth 1.0a key sets and their ACL), the IMS
 * client of the SaaS flavour, the stores and the store's currency. All keys are fake, valid only against the
 * sandbox, in the real formats: integration consumer keys/secrets and tokens are 32 lower-case alphanumerics
 * (Magento\Framework\Oauth\Helper\Oauth::LENGTH_CONSUMER_KEY / LENGTH_CONSUMER_SECRET / LENGTH_TOKEN); an IMS org id
 * is 24 hex digits + `@AdobeOrg`.
 */
import { generateKeyPairSync } from 'node:crypto';

/** One integration (System > Extensions > Integrations) with its four OAuth credentials and resource access. */
export type AdobeCommerceIntegration = {
  /** integration_id / consumer id (the nonce error names it). */
  id: number;
  name: string;
  consumerKey: string;
  consumerSecret: string;
  accessToken: string;
  accessTokenSecret: string;
  /** Granted ACL resources; `['Magento_Backend::admin']` is "All". */
  resources: readonly string[];
  /** Status "Active": an inactive integration's calls run as a guest. */
  isActive: boolean;
};

/** One IMS OAuth server-to-server credential (Adobe Developer Console) allowed on the SaaS tenant. */
export type AdobeCommerceImsClient = {
  clientId: string;
  clientSecret: string;
  imsOrgId: string;
  technicalAccountId: string;
  technicalAccountEmail: string;
  /** Scopes the credential may request. */
  scopes: readonly string[];
  /** ACL resources of the Admin role the technical account has on the tenant. */
  resources: readonly string[];
};

/** A store view (`GET /V1/store/storeViews`). */
export type AdobeCommerceStoreView = { id: number; code: string; name: string; website_id: number; store_group_id: number; is_active: number };

/** Scopes of Adobe's server-to-server guide for Commerce as a Cloud Service (rest/authentication/server-to-server.md). */
export const ADOBE_COMMERCE_IMS_SCOPES = ['openid', 'AdobeID', 'email', 'profile', 'additional_info.roles', 'additional_info.projectedProductContext', 'commerce.accs'] as const;

/** The full-access integration ("All"): what the demo and the connector tests use. */
const MAIN: AdobeCommerceIntegration = {
  id: 1,
  name: 'ml-connector',
  consumerKey: 'x8kq2m4v7n1p3r5t9w0y6z2a4c6e8g1j',
  consumerSecret: 'h3l5n7q9s1u3w5y7a9c1e3g5i7k9m1o3',
  accessToken: 'b2d4f6h8j0l2n4p6r8t0v2x4z6b8d0f2',
  accessTokenSecret: 'q1s3u5w7y9a1c3e5g7i9k1m3o5q7s9u1',
  resources: ['Magento_Backend::admin'],
  isActive: true,
};

/** An integration whose admin ticked only orders and invoices: credit memos, customers and products are refused. */
const LIMITED: AdobeCommerceIntegration = {
  id: 2,
  name: 'reporting (orders and invoices only)',
  consumerKey: 'k7m9o1q3s5u7w9y1a3c5e7g9i1k3m5o7',
  consumerSecret: 'r2t4v6x8z0b2d4f6h8j0l2n4p6r8t0v2',
  accessToken: 'e5g7i9k1m3o5q7s9u1w3y5a7c9e1g3i5',
  accessTokenSecret: 'w6y8a0c2e4g6i8k0m2o4q6s8u0w2y4a6',
  resources: ['Magento_Sales::actions_view', 'Magento_Sales::sales_invoice', 'Magento_Backend::store'],
  isActive: true,
};

/** Store views: `default` (id 1) and a Swedish one; `all` in a PaaS path selects the admin store (id 0, global scope). */
export const ADOBE_COMMERCE_STORE_VIEWS: readonly AdobeCommerceStoreView[] = [
  { id: 0, code: 'admin', name: 'Admin', website_id: 0, store_group_id: 0, is_active: 1 },
  { id: 1, code: 'default', name: 'Default Store View', website_id: 1, store_group_id: 1, is_active: 1 },
  { id: 2, code: 'se_sv', name: 'Sverige', website_id: 1, store_group_id: 1, is_active: 1 },
];

let demoKeyPair: { publicKey: string; privateKey: string } | undefined;

/**
 * The RSA key pair the sandbox signs webhook deliveries with unless it is given another (generated once per process,
 * 2048 bits, PEM: SPKI public key as the Admin shows it under Stores > Configuration > Adobe Services > Webhooks,
 * PKCS#8 private key).
 */
export function adobeCommerceDemoWebhookKeyPair(): { publicKey: string; privateKey: string } {
  demoKeyPair ??= generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  return demoKeyPair;
}

export const ADOBE_COMMERCE_DEMO = {
  /** Default port of `npm run sandbox` (SANDBOX_DEFAULT_PORTS.adobeCommerce). */
  defaultPort: 4040,
  storeName: 'Nordlys Demo Store (Adobe Commerce sandbox)',
  /** The store view code of `/rest/<store code>/V1` (PaaS) and of the `Store` header (SaaS). */
  storeCode: 'default',
  /**
   * Base currency of the store (`currency/options/base`). The demo shop is Norwegian: NOK base, orders in NOK and
   * SEK (`base_to_order_rate`); the tutorial's order 3 and invoice 3 keep their own USD amounts as recorded.
   */
  baseCurrency: 'NOK',
  /** SEK per NOK used for SEK orders (`base_to_order_rate`). */
  sekPerNok: 0.98,
  /** The PaaS integration with all resources. */
  consumerKey: MAIN.consumerKey,
  consumerSecret: MAIN.consumerSecret,
  accessToken: MAIN.accessToken,
  accessTokenSecret: MAIN.accessTokenSecret,
  /** The integration lacking credit memos, customers and products (ping reports them missing). */
  limited: LIMITED,
  integrations: [MAIN, LIMITED] as readonly AdobeCommerceIntegration[],
  /** The SaaS (Adobe Commerce as a Cloud Service) tenant and its IMS server-to-server credential. */
  tenantId: 'Nd7kQ2mXv9pLs4tR8wYz3B',
  imsClientId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  imsClientSecret: 'p8e-DemoSecret-Nordlys-0123456789abcdef',
  imsOrgId: '0A1B2C3D4E5F60718293A4B5@AdobeOrg',
  technicalAccountId: '7F8E9D0C1B2A39485766E5D4@techacct.adobe.com',
  technicalAccountEmail: 'c0ffee00-1234-4abc-9def-0123456789ab@techacct.adobe.com',
  /** The RSA public key webhook deliveries are signed with (the demo key pair; a sandbox may be given its own). */
  get webhookPublicKey(): string {
    return adobeCommerceDemoWebhookKeyPair().publicKey;
  },
} as const;

/** The IMS credentials the sandbox's token endpoint accepts. */
export const ADOBE_COMMERCE_IMS_CLIENTS: readonly AdobeCommerceImsClient[] = [
  {
    clientId: ADOBE_COMMERCE_DEMO.imsClientId,
    clientSecret: ADOBE_COMMERCE_DEMO.imsClientSecret,
    imsOrgId: ADOBE_COMMERCE_DEMO.imsOrgId,
    technicalAccountId: ADOBE_COMMERCE_DEMO.technicalAccountId,
    technicalAccountEmail: ADOBE_COMMERCE_DEMO.technicalAccountEmail,
    scopes: ADOBE_COMMERCE_IMS_SCOPES,
    resources: ['Magento_Backend::admin'],
  },
];

/** IMS access token lifetime: 24 h (`expires_in` 86 399 s in the v3 answer). */
export const ADOBE_COMMERCE_IMS_TOKEN_TTL_SECONDS = 86_400;

/** Magento\Integration\Model\Oauth\Nonce\Generator::TIME_DEVIATION: a timestamp may be at most 600 s ahead. */
export const ADOBE_COMMERCE_OAUTH_TIME_DEVIATION_SECONDS = 600;
