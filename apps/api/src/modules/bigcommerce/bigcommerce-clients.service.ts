import { Inject, Injectable } from '@nestjs/common';
import { type BigCommerceClient, createBigCommerceClient, RedisBigCommercePacer } from '@mlc/connectors';
import type { Redis } from 'ioredis';
import { ConnectionClientCache } from '../../common/connection-client-cache';
import { connectorLogger } from '../../common/connector-logger';
import { SHARED_DISPATCHER } from '../../common/http-dispatcher';
import { REDIS } from '../../common/redis.module';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config.schema';
import type { ConnectionEntity } from '../../database/entities';
import { ConnectionsService } from '../credentials/connections.service';
import { BIGCOMMERCE_SETTINGS, type BigCommerceCredentials } from './bigcommerce.system';

/**
 * Builds and caches one BigCommerce client per connection, pacing on the store's rate-limit headers through
 * Redis (the quota is per store and shared by every worker process).
 */
@Injectable()
export class BigCommerceClients {
  private readonly cache = new ConnectionClientCache<BigCommerceClient>((conn) => this.build(conn));
  private readonly pacer: RedisBigCommercePacer;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly connections: ConnectionsService,
    @Inject(REDIS) redis: Redis,
  ) {
    this.pacer = new RedisBigCommercePacer(redis);
  }

  /** @throws AppException when the connection's credentials are missing or undecryptable. */
  forConnection(conn: ConnectionEntity): Promise<BigCommerceClient> {
    return this.cache.get(conn);
  }

  private async build(conn: ConnectionEntity): Promise<BigCommerceClient> {
    const settings = BIGCOMMERCE_SETTINGS.parse(conn.settings);
    const credentials = await this.connections.credentialsOf<BigCommerceCredentials>(conn);
    return createBigCommerceClient(
      { accessToken: credentials.accessToken },
      {
        storeHash: settings.storeHash,
        apiBaseUrl: settings.apiBaseUrl,
        pacing: this.pacer,
        publicBaseUrl: this.config.PUBLIC_BASE_URL,
        dispatcher: SHARED_DISPATCHER,
        logger: connectorLogger('BigCommerceClient'),
      },
    );
  }
}
