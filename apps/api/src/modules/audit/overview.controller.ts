import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { REDIS } from '../../common/redis.module';
import { ZodValidationPipe } from '../../common/zod-validation.pipe';
import { vismaRateBudgetKey } from '@mlc/connectors';
import { ConnectionsService } from '../credentials/connections.service';
import { VISMA_BUDGET_PREFIX } from '../visma/visma-clients.service';

const QUERY = z.object({ days: z.coerce.number().int().min(1).max(90).default(14) });

/** The dashboard's overview: posted and failed per day, failures by reason, rate budgets, webhook health. */
@ApiTags('overview')
@Controller('api/overview')
export class OverviewController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly connections: ConnectionsService,
  ) {}

  @Get()
  async overview(@Query(new ZodValidationPipe(QUERY)) query: z.infer<typeof QUERY>) {
    const [perDay, failuresByReason, webhooks, rateBudgets] = await Promise.all([
      this.db.query<{ date: string; posted: number; failed: number }[]>(
        `SELECT to_char(d.day, 'YYYY-MM-DD') AS date,
                COUNT(e.id) FILTER (WHERE e.kind = 'record.posted')::int AS posted,
                COUNT(e.id) FILTER (WHERE e.kind = 'record.failed')::int AS failed
           FROM generate_series(date_trunc('day', now()) - make_interval(days => $1 - 1), date_trunc('day', now()), interval '1 day') AS d(day)
           LEFT JOIN audit_event e ON e.created_at >= d.day AND e.created_at < d.day + interval '1 day' AND e.kind IN ('record.posted', 'record.failed')
          GROUP BY d.day ORDER BY d.day`,
        [query.days],
      ),
      this.db.query<{ reason: string; count: number }[]>(
        `SELECT COALESCE(last_error->>'code', last_error->>'name', 'unknown') AS reason, COUNT(*)::int AS count
           FROM sync_record WHERE status = 'failed' GROUP BY 1 ORDER BY 2 DESC LIMIT 20`,
      ),
      this.db.query<{ connectionId: string; name: string; active: number; total: number; lastDeliveryAt: Date | null }[]>(
        `SELECT c.id AS "connectionId", c.name,
                COUNT(s.id) FILTER (WHERE s.is_active)::int AS active, COUNT(s.id)::int AS total,
                (SELECT max(received_at) FROM webhook_delivery d WHERE d.connection_id = c.id) AS "lastDeliveryAt"
           FROM connection c JOIN webhook_subscription s ON s.connection_id = c.id
          GROUP BY c.id, c.name ORDER BY c.name`,
      ),
      this.rateBudgets(),
    ]);
    return { perDay, failuresByReason, webhooks, rateBudgets };
  }

  private async rateBudgets() {
    const conns = (await this.connections.list()).filter((c) => c.system === 'visma');
    const out: { connectionId: string; name: string; used: number; limit: number; resetsAt: string | null }[] = [];
    for (const view of conns) {
      const conn = await this.connections.get(view.id);
      const credentials = await this.connections.credentialsOf<{ clientId: string }>(conn).catch(() => undefined);
      if (!credentials) continue;
      const key = VISMA_BUDGET_PREFIX + vismaRateBudgetKey(credentials.clientId, typeof conn.settings['companyId'] === 'string' ? conn.settings['companyId'] : '');
      const [used, ttl] = await Promise.all([this.redis.get(key), this.redis.pttl(key)]);
      out.push({
        connectionId: conn.id,
        name: conn.name,
        used: Number(used ?? 0),
        limit: Number(conn.settings['callsPerHour'] ?? 500),
        resetsAt: ttl > 0 ? new Date(Date.now() + ttl).toISOString() : null,
      });
    }
    return out;
  }
}
