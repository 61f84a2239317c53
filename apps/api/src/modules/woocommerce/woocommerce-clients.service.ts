import { Inject, Injectable } from '@nestjs/common';
import { createWooCommerceClient, type WooCommerceClient } from '@mlc/connectors';
import { ConnectionClientCache } from '../../common/connection-client-cache';
import { connectorLogger } from '../../common/connector-logger';
import { SHARED_DISPATCHER } from '../../common/http-dispatcher';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config.schema';
import type { ConnectionEntity } from '../../database/entities';
import { ConnectionsService } from '../credentials/connections.service';
import { WOOCOMMERCE_SETTINGS, type WooCommerceCredentials } from './woocommerce.system';

/**
 * Builds and caches one WooCommerce client per connection. WooCommerce sends no rate-limit headers, so there is no
 * shared pacing: the client backs off on the hosting firewall's 429/501/503 by itself.
 */
@Injectable()
export class WooCommerceClients {
  private readonly cache = new ConnectionClientCache<WooCommerceClient>((conn) => this.build(conn));

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly connections: ConnectionsService,
  ) {}

  /** @throws AppException when the connection's credentials are missing or undecryptable. */
  forConnection(conn: ConnectionEntity): Promise<WooCommerceClient> {
    return this.cache.get(conn);
  }

  private async build(conn: ConnectionEntity): Promise<WooCommerceClient> {
    const settings = WOOCOMMERCE_SETTINGS.parse(conn.settings);
    const credentials = await this.connections.credentialsOf<WooCommerceCredentials>(conn);
    return createWooCommerceClient(
      { consumerKey: credentials.consumerKey, consumerSecret: credentials.consumerSecret },
      {
        siteUrl: settings.siteUrl,
        authMode: settings.authMode,
        ...(this.config.PUBLIC_BASE_URL ? { publicBaseUrl: this.config.PUBLIC_BASE_URL } : {}),
        dispatcher: SHARED_DISPATCHER,
        logger: connectorLogger('WooCommerceClient'),
      },
    );
  }
}
