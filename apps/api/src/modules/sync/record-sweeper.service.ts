import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config.schema';
import { REDIS } from '../../common/redis.module';
import { describeError, RECOVERY_ATTEMPT_LIMIT } from './record.processor';
import { RecordsService } from './records.service';

/** Most records one sweep looks at (the rest wait for the next sweep, a few seconds later). */
export const SWEEP_BATCH = 500;

/** BullMQ job states in which a job will still run (or runs now). */
const LIVE_JOB_STATES = new Set(['active', 'waiting', 'waiting-children', 'delayed', 'prioritized']);

/** What one sweep did. */
export type SweepResult = { looked: number; requeued: number; failed: number };

/**
 * The durable hand-off's other half. Intake commits a record (with its hand-off number) and then enqueues its job;
 * anything that loses the job in between or later leaves the record due with no job: an API killed after its commit,
 * a Redis that lost its data, a job BullMQ gave up on. Every SWEEP_INTERVAL_MS one worker process (a Redis lock) looks
 * at records due for longer than SWEEP_GRACE_MS and under no live lease, asks BullMQ for the state of the job of their
 * current hand-off, and hands those whose job is gone to the queue again, with a timeline entry saying why. So no record
 * waits for the next catch-up poll, and nothing stays `received` or `processing` without a job.
 */
@Injectable()
export class RecordSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RecordSweeper.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly records: RecordsService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.sweepIfFirst()
        .catch((err: unknown) => this.logger.warn({ err: describeError(err) }, 'record sweep failed; the next one tries again'))
        .finally(() => {
          this.running = undefined;
        });
    }, this.config.SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One sweep, unless another worker process is sweeping now (a Redis lock for one interval). */
  async sweepIfFirst(): Promise<SweepResult | undefined> {
    const token = randomUUID();
    const key = 'lock:record-sweep';
    if ((await this.redis.set(key, token, 'PX', this.config.SWEEP_INTERVAL_MS * 2, 'NX')) !== 'OK') return undefined;
    try {
      return await this.sweep();
    } finally {
      if ((await this.redis.get(key)) === token) await this.redis.del(key);
    }
  }

  /** Looks at up to SWEEP_BATCH overdue records and queues again each whose job is gone. */
  async sweep(): Promise<SweepResult> {
    const result: SweepResult = { looked: 0, requeued: 0, failed: 0 };
    for (const record of await this.records.overdue(this.config.SWEEP_GRACE_MS, SWEEP_BATCH)) {
      result.looked += 1;
      const state = await this.records.jobStateOf(record.id, record.handoff);
      if (LIVE_JOB_STATES.has(state)) continue;
      const reason =
        state === 'failed'
          ? 'Its job failed in the queue without an outcome on the record; handed to the queue again'
          : 'No job carried this record (the process that took it stopped before queuing it, or the queue lost it); handed to the queue again';
      const outcome = await this.records.recover(record.id, record.handoff, reason, RECOVERY_ATTEMPT_LIMIT);
      if (outcome === 'requeued') result.requeued += 1;
      if (outcome === 'failed') result.failed += 1;
    }
    if (result.requeued || result.failed) this.logger.warn(result, 'records without a live job handed to the queue again');
    return result;
  }
}
