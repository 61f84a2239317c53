import { generateKeyPairSync } from 'node:crypto';
import { FaultInjector, mulberry32, RequestLog, SandboxRouter, startSandboxServer, type RunningSandbox } from '../core';
import { AdobeCommerceAuthenticator } from './auth';
import { registerCatalogRoutes } from './catalog.routes';
import { registerControlRoutes } from './control.routes';
import { registerCustomerRoutes } from './customers.routes';
import {
  ADOBE_COMMERCE_DEMO,
  ADOBE_COMMERCE_IMS_CLIENTS,
  ADOBE_COMMERCE_IMS_TOKEN_TTL_SECONDS,
  ADOBE_COMMERCE_STORE_VIEWS,
  adobeCommerceDemoWebhookKeyPair,
  type AdobeCommerceIntegration,
} from './demo.constants';
import { adobeCommerceFaultBody } from './errors';
import { imsToken } from './ims';
import type { BuildContext } from './order-builder';
import { CommerceRestServer, type Flavour } from './rest-server';
import { registerSalesRoutes, renderOrder } from './sales.routes';
import { loadSeed } from './seed';
import { AdobeCommerceState, type AdobeCommerceSettings, type Json } from './state';
import { registerSystemRoutes } from './system.routes';
import { AdobeCommerceWebhookDispatcher, type AdobeCommerceWebhookDelivery } from './webhook-dispatcher.service';

export type AdobeCommerceSandboxOptions = {
  /** Port (0, the default, picks a free one). */
  port?: number;
  host?: string;
  /** Which flavours to serve on the listener (default both): PaaS `/rest/...`, SaaS `/<tenantId>/V1/...`. */
  flavours?: readonly Flavour[];
  /** Load the tutorial examples and the demo records (default true). Products and attributes always exist. */
  seed?: boolean;
  /** Clock of record dates and IMS token expiry (default Date.now). OAuth timestamps are checked against the real clock. */
  now?: () => number;
  /** IMS access token lifetime in seconds (default 86 400). */
  imsTokenTtlSeconds?: number;
  /** Initial store settings (defaults: webhook module on, signature verification off, integration as bearer off). */
  settings?: Partial<AdobeCommerceSettings>;
  /** The integrations that exist (default ADOBE_COMMERCE_DEMO.integrations). */
  integrations?: readonly AdobeCommerceIntegration[];
  /** The webhook signing key pair (PEM; default: the demo key pair of this process). */
  webhookKeyPair?: { publicKey: string; privateKey: string };
  /** Seed of the PRNG behind protect codes (default 1). */
  randomSeed?: number;
};

export type RunningAdobeCommerceSandbox = RunningSandbox & {
  /** The listener's URL (`http://127.0.0.1:4040`), which is also the PaaS store URL. */
  baseUrl: string;
  /** PaaS: the store URL `@adobe/aio-commerce-lib-api` wants as `baseUrl` (it appends `rest/<store>/V1`). */
  paasBaseUrl?: string;
  /** PaaS: `${url}/rest/default/V1`. */
  paasRestUrl?: string;
  /** SaaS: `${url}/<tenantId>` (clients append `/V1/...`). */
  saasBaseUrl?: string;
  /** `${url}/ims/token/v3`. */
  imsTokenUrl: string;
  /** The current store settings (a copy). */
  settings(): AdobeCommerceSettings;
  /** Changes store settings (webhook module, signature verification, integration as bearer). */
  configure(patch: Partial<AdobeCommerceSettings>): AdobeCommerceSettings;
  /** The public key (PEM) webhook deliveries are signed with, as the Admin shows it. */
  webhookPublicKey(): string;
  /** "Regenerate key pair": deliveries are signed with a new key from now on; returns the new public key. */
  regenerateWebhookKeyPair(): string;
  /** Ends every IMS token issued so far (they answer 401 from now on). */
  expireImsTokens(): void;
  /** Every webhook attempt, drop, hold and skip so far (oldest first). */
  deliveries(): readonly AdobeCommerceWebhookDelivery[];
  /** Resolves when no delayed delivery is still held. */
  flushWebhooks(options?: { timeoutMs?: number }): Promise<void>;
  /** A record as the REST API would answer it (tests). */
  record(kind: 'order' | 'invoice' | 'creditmemo' | 'customer', id: number): Json | undefined;
  /** Back to the seeded state: data, subscriptions, nonces, tokens, deliveries, settings, key pair, faults and request log. */
  reset(): void;
};

/**
 * Starts the Adobe Commerce sandbox: one listener serving Adobe Commerce (PaaS, `/rest/<store>/V1/...`, OAuth 1.0a
 * HMAC-SHA256 integrations or their token as a bearer where allowed), Adobe Commerce as a Cloud Service (SaaS,
 * `/<tenantId>/V1/...`, IMS bearer + x-api-key) and IMS' token endpoint (`/ims/token/v3`, `/ims/token/v2`), with
 * orders, invoices, credit memos, customers, products and attributes, store views, modules, webhook subscriptions and
 * synchronous signed deliveries, plus the shared control API (`/_sandbox/faults|requests|reset`),
 * `GET /_sandbox/webhook-deliveries` and `/_sandbox/adobe-commerce/...` (control.routes.ts). Contract: the official
 * schemas admin-schema-2.4.9.yaml / accs-schema.saas.yaml and the docs each module cites (contract/README.md).
 */
export async function startAdobeCommerceSandbox(options: AdobeCommerceSandboxOptions = {}): Promise<RunningAdobeCommerceSandbox> {
  const nowMs = options.now ?? (() => Date.now());
  const flavours = options.flavours ?? ['paas', 'saas'];
  const ttl = options.imsTokenTtlSeconds ?? ADOBE_COMMERCE_IMS_TOKEN_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < 1) throw new RangeError('imsTokenTtlSeconds must be a positive integer');
  const initialSettings: AdobeCommerceSettings = { isWebhookModuleEnabled: true, isWebhookSignatureEnabled: false, isIntegrationAsBearerEnabled: false, ...options.settings };
  const integrations = options.integrations ?? ADOBE_COMMERCE_DEMO.integrations;
  const initialKeyPair = options.webhookKeyPair ?? adobeCommerceDemoWebhookKeyPair();
  let keyPair = initialKeyPair;
  let random = mulberry32(options.randomSeed ?? 1);
  const state = new AdobeCommerceState({ ...initialSettings });
  const faults = new FaultInjector();
  const log = new RequestLog();
  const auth = new AdobeCommerceAuthenticator(state, () => Date.now(), nowMs);
  const dispatcher = new AdobeCommerceWebhookDispatcher({ state, faults, privateKey: () => keyPair.privateKey });
  const build = (): BuildContext => ({ state, nowMs: nowMs(), baseCurrency: ADOBE_COMMERCE_DEMO.baseCurrency, sekPerNok: ADOBE_COMMERCE_DEMO.sekPerNok, random: () => random() });
  const ims = { state, clients: ADOBE_COMMERCE_IMS_CLIENTS, ttlSeconds: () => ttl, nowMs };

  const rest = new CommerceRestServer({
    state,
    auth,
    stores: ADOBE_COMMERCE_STORE_VIEWS,
    flavours,
    tenantId: ADOBE_COMMERCE_DEMO.tenantId,
    runWebhooks: (events) => dispatcher.run(events),
    extra: (req) => {
      const m = /^\/ims\/token\/(v2|v3)\/?$/.exec(req.path);
      if (!m) return undefined;
      if (req.method !== 'POST') return { status: 405, body: { error: 'method_not_allowed', error_description: 'use POST' } };
      return imsToken(req, m[1] === 'v2' ? 'v2' : 'v3', ims);
    },
  });
  registerSalesRoutes(rest, { state, build, nowMs });
  registerCustomerRoutes(rest, { state, nowMs });
  registerCatalogRoutes(rest, { state, nowMs });
  registerSystemRoutes(rest, { state, stores: ADOBE_COMMERCE_STORE_VIEWS });

  const seed = (): void => {
    state.reset(initialSettings, integrations);
    dispatcher.reset();
    keyPair = initialKeyPair;
    random = mulberry32(options.randomSeed ?? 1);
    loadSeed(state, build, nowMs(), options.seed ?? true);
  };
  const regenerate = (): string => {
    keyPair = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    return keyPair.publicKey;
  };
  const expireImsTokens = (): void => {
    for (const token of state.imsTokens.values()) token.expiresAtMs = Math.min(token.expiresAtMs, nowMs());
  };
  const controlRoutes = new SandboxRouter();
  registerControlRoutes(controlRoutes, { state, dispatcher, build, nowMs, publicKey: () => keyPair.publicKey, regenerate, expireImsTokens });

  const server = await startSandboxServer({
    name: 'adobe-commerce',
    router: new SandboxRouter(),
    faults,
    log,
    faultBody: adobeCommerceFaultBody,
    controlRoutes,
    onReset: seed,
    notFound: (req) => rest.handle(req),
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
  });
  seed();
  const hasPaas = flavours.includes('paas');
  const hasSaas = flavours.includes('saas');
  return {
    ...server,
    baseUrl: server.url,
    ...(hasPaas ? { paasBaseUrl: server.url, paasRestUrl: `${server.url}/rest/${ADOBE_COMMERCE_DEMO.storeCode}/V1` } : {}),
    ...(hasSaas ? { saasBaseUrl: `${server.url}/${ADOBE_COMMERCE_DEMO.tenantId}` } : {}),
    imsTokenUrl: `${server.url}/ims/token/v3`,
    settings: () => ({ ...state.settings }),
    configure: (patch) => {
      state.settings = { ...state.settings, ...patch };
      return { ...state.settings };
    },
    webhookPublicKey: () => keyPair.publicKey,
    regenerateWebhookKeyPair: regenerate,
    expireImsTokens,
    deliveries: () => dispatcher.deliveries(),
    flushWebhooks: (flush) => dispatcher.flush(flush?.timeoutMs),
    record: (kind, id) => {
      const map = kind === 'order' ? state.orders : kind === 'invoice' ? state.invoices : kind === 'creditmemo' ? state.creditmemos : state.customers;
      const found = map.get(id);
      if (!found) return undefined;
      return kind === 'order' ? renderOrder(found) : structuredClone(found);
    },
    reset: () => {
      faults.clear();
      log.clear();
      seed();
    },
    close: async () => {
      dispatcher.close();
      await server.close();
    },
  };
}
