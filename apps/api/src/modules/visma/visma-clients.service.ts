import { Inject, Injectable } from '@nestjs/common';
import { createVismaClient, RedisFixedWindowBudget, type VismaClient } from '@mlc/connectors';
import type { Redis } from 'ioredis';
import { ConnectionClientCache } from '../../common/connection-client-cache';
import { connectorLogger } from '../../common/connector-logger';
import { SHARED_DISPATCHER } from '../../common/http-dispatcher';
import { REDIS } from '../../common/redis.module';
import type { ConnectionEntity } from '../../database/entities';
import { ConnectionsService } from '../credentials/connections.service';
import { VISMA_SETTINGS, type VismaCredentials } from './visma.system';

/** Redis key prefix of the Visma rate budgets (read back by the overview). */
export const VISMA_BUDGET_PREFIX = 'budget:';

/** One hour: the window of Visma's `4-fixed-window` policy ("X requests per hour for each company and client"). */
const VISMA_RATE_WINDOW_MS = 3_600_000;

/**
 * Builds and caches one `VismaClient` per Visma connection (tokens are cached inside the client, so
 * reuse matters). The cache key includes the credentials' update time, so new credentials take effect at
 * once. All clients share the process's keep-alive pool and a Redis rate budget per company, sized from
 * the connection's `callsPerHour` (test clients: 500), so every worker process together stays under it.
 */
@Injectable()
export class VismaClients {
  private readonly cache = new ConnectionClientCache<VismaClient>((conn) => this.build(conn));

  constructor(
    private readonly connections: ConnectionsService,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** @throws AppException when the connection's credentials are missing or undecryptable. */
  forConnection(conn: ConnectionEntity): Promise<VismaClient> {
    return this.cache.get(conn);
  }

  private async build(conn: ConnectionEntity): Promise<VismaClient> {
    const settings = VISMA_SETTINGS.parse(conn.settings);
    const credentials = await this.connections.credentialsOf<VismaCredentials>(conn);
    return createVismaClient(
      {
        clientId: credentials.clientId,
        clientSecret: credentials.clientSecret,
        tenantId: credentials.tenantId,
        scopes: credentials.scopes.split(/\s+/).filter(Boolean),
      },
      {
        companyId: settings.companyId,
        apiBaseUrl: settings.apiBaseUrl,
        tokenUrl: settings.tokenUrl,
        rateBudget: new RedisFixedWindowBudget(this.redis, { limit: settings.callsPerHour, windowMs: VISMA_RATE_WINDOW_MS }, VISMA_BUDGET_PREFIX),
        dispatcher: SHARED_DISPATCHER,
        logger: connectorLogger('VismaClient'),
      },
    );
  }
}
