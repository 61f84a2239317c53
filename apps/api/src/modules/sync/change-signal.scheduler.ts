import { Inject, Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import type { Redis } from 'ioredis';
import { REDIS } from '../../common/redis.module';
import { ConnectionsService } from '../credentials/connections.service';
import { FlowsService } from '../mapping/flows.service';
import { SystemRegistry } from '../systems/system-registry.service';
import { CatchUpService } from './catch-up.service';

/** How often the scheduler looks (each source's own `intervalMs` decides when it is asked). */
const TICK_MS = 5_000;
/** How long a mark is kept (a flow not asked for a day starts from a minute ago again). */
const MARK_TTL_MS = 24 * 3_600_000;
/** Without a mark, how far back the first question looks. */
const FIRST_LOOK_BACK_MS = 60_000;

/**
 * Makes polled sources faster without trusting a feed: every few seconds, for each enabled flow whose source has a
 * `changeSignal` capability and whose catch-up schedule is on, one process (a Redis lock per flow and interval) asks
 * the source whether anything changed since the newest change it saw (a mark in Redis); when something did, it asks
 * the flow for a catch-up run at once (CatchUpService.request: a run already going is not doubled). The catch-up poll
 * remains the source of truth: a lost signal only means the scheduled poll finds the change.
 */
@Injectable()
export class ChangeSignalScheduler {
  private readonly logger = new Logger(ChangeSignalScheduler.name);

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly flows: FlowsService,
    private readonly connections: ConnectionsService,
    private readonly systems: SystemRegistry,
    private readonly catchUp: CatchUpService,
  ) {}

  @Interval(TICK_MS)
  async tick(now = new Date()): Promise<void> {
    // `now` is only the fallback mark's anchor; every flow is asked at most once per its source's interval (a lock).
    for (const flow of await this.flows.list()) {
      if (!flow.isEnabled || flow.catchUpSchedule?.kind === 'off') continue;
      const conn = await this.connections.get(flow.sourceConnectionId).catch(() => undefined);
      if (!conn || conn.status === 'paused') continue;
      const signal = this.systems.capability(conn.system, 'changeSignal');
      if (!signal) continue;
      if ((await this.redis.set(`change-signal-lock:${flow.id}`, '1', 'PX', signal.intervalMs, 'NX')) !== 'OK') continue;
      const markKey = `change-signal:${flow.id}`;
      // Without a mark (a first start, or a day without asking) it looks back a minute: an extra run, never a miss.
      const mark = (await this.redis.get(markKey)) ?? new Date(now.getTime() - FIRST_LOOK_BACK_MS).toISOString();
      try {
        const latest = await signal.latestChangeSince(conn, new Date(mark));
        if (!latest) continue;
        const runs = await this.catchUp.request(flow, { requestedBy: 'change-signal' });
        // A run still going may have started before this change: the mark stays, so the next tick asks again.
        if (runs.every((r) => r.queued)) await this.redis.set(markKey, latest, 'PX', MARK_TTL_MS);
      } catch (err) {
        this.logger.warn({ flowId: flow.id, err: err instanceof Error ? err.message : String(err) }, 'change signal not read');
      }
    }
  }
}
