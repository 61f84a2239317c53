import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ExportFlowEntity } from '../../database/export.entities';
import { exportSlotAt } from '../../database/export-settings';
import { ExportsService } from './exports.service';

/** How often the schedule is looked at. */
const TICK_MS = 30_000;

/**
 * Starts scheduled export runs (worker role; the cron only enqueues). One run per flow and schedule slot, whichever
 * worker sees the slot first (a unique index on the run's slot); a slot reached while a run is still active waits for it.
 */
@Injectable()
export class ExportScheduler {
  private readonly logger = new Logger(ExportScheduler.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly exports: ExportsService,
  ) {}

  @Interval(TICK_MS)
  async tick(now = new Date()): Promise<number> {
    let started = 0;
    const flows = await this.db.getRepository(ExportFlowEntity).find({ where: { isEnabled: true } });
    for (const flow of flows) {
      const slot = exportSlotAt(flow.schedule, now);
      if (slot === undefined || (await this.exports.activeRun(flow.id))) continue;
      const rows: { id: string }[] = await this.db.query(
        `INSERT INTO export_run (flow_id, trigger, status, slot, requested_by) VALUES ($1, 'schedule', 'queued', $2, 'scheduler')
           ON CONFLICT (flow_id, slot) WHERE slot IS NOT NULL DO NOTHING RETURNING id`,
        [flow.id, slot],
      );
      const id = rows[0]?.id;
      if (!id) continue;
      await this.exports.enqueue(id);
      started += 1;
      this.logger.log({ flowId: flow.id, runId: id, slot: new Date(slot).toISOString() }, 'scheduled export run queued');
    }
    return started;
  }
}
