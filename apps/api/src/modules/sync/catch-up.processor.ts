import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { AuditService } from '../audit/audit.service';
import { CatchUpService } from './catch-up.service';
import { describeError, JOB_LOCK_MS, STALLED_CHECK_MS } from './record.processor';
import { CATCH_UP_QUEUE, type CatchUpJobData } from './sync.constants';

/**
 * How often a catch-up job may stall (its worker killed mid-run) before BullMQ fails it. A stalled run is simply run
 * again from its saved cursor, so the bound is generous: with BullMQ's default (1) a run killed twice was failed and
 * dropped, and while it still looked active every catch-up request (the schedule, the admin's button) was refused as
 * "already running" (found by the chaos suite, with worker kills every 3–8 s).
 */
export const CATCH_UP_MAX_STALLED_COUNT = 20;

/**
 * Runs catch-up polls (worker role only; BullMQ gives each job to one worker, and its id keeps one run per flow and
 * entity at a time). The job lock is short, like the records queue's, so a killed worker's run moves on within seconds. A run that found records, and a run that failed, leave an audit entry on the source connection.
 */
@Processor(CATCH_UP_QUEUE, { lockDuration: JOB_LOCK_MS, stalledInterval: STALLED_CHECK_MS, maxStalledCount: CATCH_UP_MAX_STALLED_COUNT })
export class CatchUpProcessor extends WorkerHost {
  private readonly logger = new Logger(CatchUpProcessor.name);

  constructor(
    private readonly catchUp: CatchUpService,
    private readonly audit: AuditService,
  ) {
    super();
  }

  async process(job: Job<CatchUpJobData>): Promise<unknown> {
    const { flowId, entityType, correlationId } = job.data;
    try {
      const result = await this.catchUp.run(flowId, entityType, correlationId);
      if (result.enqueued) {
        this.logger.log({ ...result, correlationId }, 'catch-up poll found records to process');
      }
      return result;
    } catch (err) {
      const isLast = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      this.logger.warn({ flowId, entityType, correlationId, err: describeError(err), isLast }, 'catch-up poll failed');
      if (isLast) {
        await this.audit.append({ kind: 'catch-up.failed', actor: 'system', message: `Catch-up of ${entityType} records failed: ${err instanceof Error ? err.message : String(err)}`, data: { flowId, entityType, error: describeError(err) }, correlationId: correlationId ?? null });
      }
      throw err;
    }
  }
}
