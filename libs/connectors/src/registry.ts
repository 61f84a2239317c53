import { ConnectorError } from './core/errors';
import { createAdobeCommerceClient } from './adobe-commerce/adobe-commerce-client';
import { createBigCommerceClient } from './bigcommerce/bigcommerce-client';
import { createBigQueryExportClient } from './bigquery/bigquery-client';
import { createVismaClient } from './visma/visma-client';
import { createWooCommerceClient } from './woocommerce/woocommerce-client';

/**
 * Maps each system kind to its client factory (style.md "Connector shape"). Nest modules get clients
 * from here; clients never read env vars — credentials and options are passed in.
 */

/** Every system kind the project knows. */
export type SystemKind = 'visma' | 'bigcommerce' | 'woocommerce' | 'adobe-commerce' | 'commercetools' | 'bigquery';

/** Builds a client from decrypted credentials and options. */
export type ClientFactory<Credentials, Options, Client> = (credentials: Credentials, options: Options) => Client;

/** Type-level description of one system's factory, filled in by `ConnectorRegistry.register`. */
export type FactoryMap = { [K in SystemKind]?: ClientFactory<never, never, unknown> };

/** Registry of client factories keyed by system kind. */
export class ConnectorRegistry<M extends FactoryMap = Record<never, never>> {
  private readonly factories = new Map<SystemKind, ClientFactory<never, never, unknown>>();

  /**
   * Registers a factory and returns the registry with its type widened, so `create` stays typed.
   * @throws ConnectorError `configuration` when the kind is already registered.
   */
  register<K extends SystemKind, C, O, R>(kind: K, factory: ClientFactory<C, O, R>): ConnectorRegistry<M & { [P in K]: ClientFactory<C, O, R> }> {
    if (this.factories.has(kind)) throw new ConnectorError({ system: kind, code: 'configuration', retryable: false, message: `connector factory already registered for ${kind}` });
    this.factories.set(kind, factory);
    return this;
  }

  /** True when a factory exists for `kind`. */
  has(kind: SystemKind): boolean {
    return this.factories.has(kind);
  }

  /** Every registered kind. */
  kinds(): SystemKind[] {
    return [...this.factories.keys()];
  }

  /**
   * Builds a client for `kind`.
   * @throws ConnectorError `configuration` when no factory is registered for it.
   */
  create<K extends keyof M & SystemKind>(
    kind: K,
    credentials: M[K] extends ClientFactory<infer C, infer _O, infer _R> ? C : never,
    options: M[K] extends ClientFactory<infer _C, infer O, infer _R> ? O : never,
  ): M[K] extends ClientFactory<infer _C, infer _O, infer R> ? R : never {
    const factory = this.factories.get(kind) as ((c: unknown, o: unknown) => unknown) | undefined;
    if (!factory) throw new ConnectorError({ system: kind, code: 'configuration', retryable: false, message: `no connector factory registered for ${kind}` });
    return factory(credentials, options) as M[K] extends ClientFactory<infer _C, infer _O, infer R> ? R : never;
  }
}

/** A registry with every connector this package ships (Visma, BigCommerce, WooCommerce, Adobe Commerce, BigQuery; other systems register theirs here). */
export function createConnectorRegistry(): ConnectorRegistry<{
  visma: typeof createVismaClient;
  bigcommerce: typeof createBigCommerceClient;
  woocommerce: typeof createWooCommerceClient;
  'adobe-commerce': typeof createAdobeCommerceClient;
  bigquery: typeof createBigQueryExportClient;
}> {
  return new ConnectorRegistry()
    .register('visma', createVismaClient)
    .register('bigcommerce', createBigCommerceClient)
    .register('woocommerce', createWooCommerceClient)
    .register('adobe-commerce', createAdobeCommerceClient)
    .register('bigquery', createBigQueryExportClient);
}
