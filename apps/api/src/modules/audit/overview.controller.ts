import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { ZodValidationPipe } from '../../common/zod-validation.pipe';
import { ConnectionsService } from '../credentials/connections.service';
import type { RateBudgetUsage } from '../systems/capabilities';
import { SystemRegistry } from '../systems/system-registry.service';

const QUERY = z.object({ days: z.coerce.number().int().min(1).max(90).default(14) });

/** The dashboard's overview: posted and failed per day, failures by reason, rate budgets, webhook health. */
@ApiTags('overview')
@Controller('api/overview')
export class OverviewController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly connections: ConnectionsService,
    private readonly systems: SystemRegistry,
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

  /** The shared call budget of every connection whose system keeps one (read without spending any). */
  private async rateBudgets() {
    const out: ({ connectionId: string; name: string } & RateBudgetUsage)[] = [];
    for (const view of await this.connections.list()) {
      const budget = this.systems.capability(view.system, 'rateBudget');
      if (!budget) continue;
      const usage = await budget.usage(await this.connections.get(view.id));
      if (usage) out.push({ connectionId: view.id, name: view.name, ...usage });
    }
    return out;
  }
}
