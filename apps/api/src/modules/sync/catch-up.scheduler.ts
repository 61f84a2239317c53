import { Inject, Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import type { Redis } from 'ioredis';
import { REDIS } from '../../common/redis.module';
import { scheduleSlotAt } from '../../database/flow-settings';
import { FlowsService } from '../mapping/flows.service';
import { CatchUpService } from './catch-up.service';

/** How long a slot's "enqueued" mark is kept: longer than any slot is current. */
const SLOT_MARK_MS = 32 * 24 * 3_600_000;

/**
 * Cron only enqueues: every minute each worker process looks at every enabled flow's catch-up schedule (every N
 * minutes, daily at a time, monthly on a day; UTC) and, once per schedule slot across all processes (a Redis mark per
 * flow and slot), asks for a run of each of its entities. A run still going when the next slot comes is not doubled.
 */
@Injectable()
export class CatchUpScheduler {
  private readonly logger = new Logger(CatchUpScheduler.name);

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly flows: FlowsService,
    private readonly catchUp: CatchUpService,
  ) {}

  @Cron('* * * * *')
  async tick(now = new Date()): Promise<void> {
    for (const flow of await this.flows.list()) {
      if (!flow.isEnabled) continue;
      const slot = scheduleSlotAt(flow.catchUpSchedule, now);
      if (slot === undefined) continue;
      if ((await this.redis.set(`catch-up-slot:${flow.id}:${slot}`, '1', 'PX', SLOT_MARK_MS, 'NX')) !== 'OK') continue;
      await this.catchUp.request(flow, { requestedBy: 'schedule' }).catch((err: unknown) => {
        this.logger.warn({ flowId: flow.id, err: err instanceof Error ? err.message : String(err) }, 'catch-up not scheduled');
      });
    }
  }
}
