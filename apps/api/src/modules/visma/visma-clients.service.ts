import { Inject, Injectable } from '@nestjs/common';
import { createVismaClient, RedisFixedWindowBudget, type VismaClient, vismaRateBudgetKey } from '@mlc/connectors';
import type { Redis } from 'ioredis';
import { ConnectionClientCache } from '../../common/connection-client-cache';
import { connectorLogger } from '../../common/connector-logger';
import { SHARED_DISPATCHER } from '../../common/http-dispatcher';
import { REDIS } from '../../common/redis.module';
import type { ConnectionEntity } from '../../database/entities';
import { ConnectionsService } from '../credentials/connections.service';
import type { RateBudgetUsage } from '../systems/capabilities';
import { VISMA_SETTINGS, type VismaCredentials } from './visma.system';

/** Redis key prefix of the Visma rate budgets. */
const VISMA_BUDGET_PREFIX = 'budget:';

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

  /**
   * Calls spent of the company's hourly budget in the current window, read from the same Redis key the clients spend
   * (no Visma call). Undefined when the connection has no readable credentials (the key includes the client id).
   */
  async budgetUsage(conn: ConnectionEntity): Promise<RateBudgetUsage | undefined> {
    const credentials = await this.connections.credentialsOf<VismaCredentials>(conn).catch(() => undefined);
    if (!credentials) return undefined;
    const parsed = VISMA_SETTINGS.safeParse(conn.settings);
    if (!parsed.success) return undefined;
    const settings = parsed.data;
    const key = VISMA_BUDGET_PREFIX + vismaRateBudgetKey(credentials.clientId, settings.companyId);
    const [used, ttl] = await Promise.all([this.redis.get(key), this.redis.pttl(key)]);
    return { used: Number(used ?? 0), limit: settings.callsPerHour, resetsAt: ttl > 0 ? new Date(Date.now() + ttl).toISOString() : null };
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
