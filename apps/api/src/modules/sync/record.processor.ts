import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import { ConnectorAuthError, ConnectorConflictError, ConnectorError, ConnectorRateLimitedError } from '@mlc/connectors';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config.schema';
import { MetricsService } from '../health/metrics';
import { FETCHED_KIND, LeaseLostError, PermanentRecordError, type RecordContext, type RecordEvent, RetryLaterError } from './record-handler';
import { RecordHandlerRegistry } from './record-handler.registry';
import { RecordsService } from './records.service';
import { type ProcessRecordJobData, RECORDS_QUEUE } from './sync.constants';

/**
 * BullMQ's job lock: a worker renews it every half of it; a job whose worker stopped renewing is found stalled by the
 * next check (every STALLED_CHECK_MS) and handed to another worker. Short, so a killed worker's jobs move on within
 * seconds (issue 13: 3–4.5 minutes with a 120 s lease and BullMQ's 30 s defaults).
 */
export const JOB_LOCK_MS = 8_000;
/** How often each worker looks for stalled jobs (BullMQ `stalledInterval`). */
export const STALLED_CHECK_MS = 3_000;
/**
 * How often a job may stall before BullMQ fails it (`maxStalledCount`). A failed-as-stalled job's record is handed to
 * the queue again at once (RecordProcessor.onFailed), so the limit only bounds how long one job id keeps stalling.
 */
export const MAX_STALLED_COUNT = 5;
/** Longest wait before asking again for a record another attempt holds (it usually finishes in milliseconds). */
const BUSY_WAIT_MAX_MS = 2_000;
/** A record tried this many times and still lost by its workers (each died with it) fails instead of looping. */
export const RECOVERY_ATTEMPT_LIMIT = 100;

/** A retryable failure and the delay the processor chose for the next attempt (read by `recordBackoff`). */
export class RetryScheduledError extends Error {
  constructor(
    message: string,
    readonly retryInMs: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RetryScheduledError';
  }
}

/** BullMQ backoff strategy of record jobs (type RECORD_BACKOFF_TYPE): the delay the processor wrote on the record. */
export function recordBackoff(_attemptsMade: number, _type?: string, err?: Error): number {
  return err instanceof RetryScheduledError ? err.retryInMs : 1_000;
}

/**
 * Exponential backoff with jitter, in ms: attempt n (1-based) waits between half and all of base × 2^(n-1), as BullMQ's
 * own `exponential` with jitter 0.5 (bullmq classes/backoffs.ts); chosen here so the record can show when it is due.
 */
export function retryDelayMs(baseMs: number, attempt: number, random: () => number = Math.random): number {
  const max = Math.round(baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(max / 2 + random() * (max / 2));
}

/**
 * Keeps an attempt's lease alive: renews it every third of the lease while the attempt works, and makes sure of it
 * before a write (`ensure`). Once a renewal finds another owner the attempt is overtaken for good (`lost`).
 * `ensure` asks PostgreSQL only when the last confirmation is older than a quarter of the lease: until the lease's end
 * (confirmation time + lease, measured from before the statement was sent) no other attempt can claim the record, so
 * a recent confirmation proves ownership as well as a round trip would, without one per order.
 */
export class LeaseKeeper {
  private timer: NodeJS.Timeout | undefined;
  private isLost = false;

  /** @param confirmedAt `Date.now()` taken before the claim statement was sent */
  constructor(
    private readonly records: RecordsService,
    private readonly recordId: string,
    private readonly owner: string,
    private readonly leaseMs: number,
    private confirmedAt: number,
    private readonly onError: (err: unknown) => void,
  ) {
    this.timer = setInterval(() => {
      void this.renew().catch(this.onError);
    }, Math.max(250, Math.floor(leaseMs / 3)));
    this.timer.unref();
  }

  /**
   * @returns the instant (epoch ms) until which a write may be started under this proof: half a lease after the last
   *   confirmation, so a rival can claim the record only half a lease after the last write could start
   * @throws LeaseLostError when the record has another owner now
   */
  async ensure(): Promise<number> {
    if (this.isLost) throw new LeaseLostError(this.recordId);
    if (Date.now() - this.confirmedAt >= this.leaseMs / 4 && !(await this.renew())) throw new LeaseLostError(this.recordId);
    return this.confirmedAt + this.leaseMs / 2;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async renew(): Promise<boolean> {
    if (this.isLost) return false;
    const sentAt = Date.now();
    const held = await this.records.renew(this.recordId, this.owner, this.leaseMs);
    if (held) this.confirmedAt = Math.max(this.confirmedAt, sentAt);
    else this.isLost = true;
    return held;
  }
}

/**
 * Connector errors decide retry-ability themselves: a rate-limited error becomes a re-delay for its wait,
 * a non-retryable one (rejected document, missing permission, not found) fails the record at once so a human
 * sees it, fixes the cause and replays; everything else is retried with backoff.
 */
export function normalizeError(err: unknown): unknown {
  if (err instanceof ConnectorRateLimitedError) return new RetryLaterError(Math.max(err.waitMs, 100), err.message, { cause: err });
  // A 401 that survived the connector's one re-authentication is retried with backoff before the record fails: a
  // token revoked and reissued, or an auth service briefly out of step, must not fail an order for good; revoked
  // credentials fail it after the last attempt, with the provider's message (and the connection's ping says so too).
  if (err instanceof ConnectorAuthError && err.status === 401) return err;
  // A 409/412 left after the handler's own re-read-and-retry means someone else keeps editing the record in Visma:
  // transient, so retried with backoff (docs.vismasoftware.no/vismanetapi/how-tos/etag: re-read, re-apply, retry).
  if (err instanceof ConnectorConflictError) return err;
  if (err instanceof ConnectorError && !err.retryable) {
    return new PermanentRecordError(err.message, `${err.system}.${err.code}`, describeError(err), { cause: err });
  }
  return err;
}

/** Error details safe for the audit trail and the API: name, message, code; never a secret or a stack. */
export function describeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const out: Record<string, unknown> = { name: err.name, message: err.message };
  for (const key of ['code', 'system', 'status', 'requestId', 'providerMessage', 'details', 'fieldErrors', 'problems'] as const) {
    const value = (err as unknown as Record<string, unknown>)[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/**
 * Worker for `sync.process-record` jobs (runs only in the worker role). Claims the record under a fenced lease
 * (renewed while it works, checked right before each write to the target, required for writing the outcome) and
 * dispatches it to its handler. Retryable errors are retried with exponential backoff and jitter (the record shows
 * when: `next_attempt_at`); permanent ones mark the record failed at once; a `RetryLaterError` re-delays the job
 * without spending an attempt; a job that exhausts its attempts leaves the record `failed`. A job whose record was
 * handed off again since (new delivery, replay, recovery) or that another attempt holds ends or waits without
 * touching it. A job BullMQ fails as stalled (its workers kept dying) hands its record to the queue again. On
 * shutdown BullMQ lets in-flight jobs finish (worker.close) before the process exits.
 */
@Processor(RECORDS_QUEUE, {
  lockDuration: JOB_LOCK_MS,
  stalledInterval: STALLED_CHECK_MS,
  maxStalledCount: MAX_STALLED_COUNT,
  settings: { backoffStrategy: recordBackoff },
})
export class RecordProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(RecordProcessor.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly records: RecordsService,
    private readonly handlers: RecordHandlerRegistry,
    private readonly metrics: MetricsService,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.WORKER_CONCURRENCY;
  }

  async process(job: Job<ProcessRecordJobData>, token?: string): Promise<unknown> {
    const stop = this.metrics.jobDuration.startTimer({ queue: RECORDS_QUEUE });
    try {
      return await this.attempt(job, token);
    } finally {
      stop();
    }
  }

  private async attempt(job: Job<ProcessRecordJobData>, token: string | undefined): Promise<unknown> {
    const { recordId, correlationId } = job.data;
    const leaseMs = this.config.RECORD_LEASE_MS;
    const claimSentAt = Date.now();
    const claim = await this.records.claim(recordId, leaseMs, job.data.handoff);
    if (claim.kind === 'missing' || claim.kind === 'stale') {
      // A newer hand-off's job does the work (or the record was deleted): this job ends without touching it.
      this.metrics.jobsCompleted.inc({ queue: RECORDS_QUEUE, outcome: 'superseded' });
      return { status: claim.kind };
    }
    if (claim.kind === 'busy') {
      // Another attempt holds the record: ask again soon (it usually ends in milliseconds), at the latest when its lease
      // would expire. Not an attempt, not written on the record.
      const wait = Math.min(BUSY_WAIT_MAX_MS, Math.max(100, claim.until.getTime() - Date.now())) + Math.floor(Math.random() * 200);
      if (!token) throw new RetryLaterError(wait, 'Another attempt holds this record');
      await job.moveToDelayed(Date.now() + wait, token);
      throw new DelayedError();
    }
    const { record, owner } = claim;
    const lease = new LeaseKeeper(this.records, recordId, owner, leaseMs, claimSentAt, (err) => this.logger.warn({ err: describeError(err), recordId }, 'lease renewal failed'));
    // What this attempt learned, written with its outcome whatever that is (see RecordsService.finish).
    const attempt: { events: RecordEvent[]; sourcePayload?: unknown; sourceVersion?: string | undefined } = { events: [] };
    const extra = () => (attempt.sourcePayload === undefined ? {} : { sourcePayload: attempt.sourcePayload, sourceVersion: attempt.sourceVersion });
    const overtaken = (what: string): { status: 'overtaken' } => {
      this.logger.warn({ recordId, jobId: job.id }, `record ${recordId}: ${what}; another attempt owns it now, this one wrote nothing`);
      this.metrics.jobsCompleted.inc({ queue: RECORDS_QUEUE, outcome: 'overtaken' });
      return { status: 'overtaken' };
    };
    try {
      const handler = this.handlers.find(record.system, record.entityType);
      if (!handler) {
        throw new PermanentRecordError(`No handler processes ${record.system} ${record.entityType} records`, 'no_handler');
      }
      const ctx: RecordContext = {
        correlationId,
        attempt: job.attemptsMade + 1,
        audit: (kind, message, data) => {
          attempt.events.push({ kind, message, ...(data ? { data } : {}) });
        },
        fetched: (payload, message, calls, version) => {
          attempt.sourcePayload = payload;
          attempt.sourceVersion = version;
          attempt.events.push({ kind: FETCHED_KIND, message, data: { calls } });
        },
        ensureLease: () => lease.ensure(),
        leaseOwner: owner,
      };
      const outcome = await handler.process(record, ctx);
      const written = await this.records.finish(
        recordId,
        { status: outcome.status, ...(outcome.status === 'posted' ? { targetRef: outcome.targetRef } : {}), targetConnectionId: outcome.targetConnectionId, owner, ...extra() },
        {
          kind: outcome.status === 'posted' && outcome.isAlreadyDone ? 'record.unchanged' : `record.${outcome.status}`,
          message: outcome.message,
          ...(outcome.data ? { data: outcome.data } : {}),
          correlationId,
        },
        attempt.events,
      );
      if (!written) return overtaken(`its ${outcome.status} outcome came after its lease expired`);
      this.metrics.jobsCompleted.inc({ queue: RECORDS_QUEUE, outcome: 'completed' });
      if (outcome.status === 'posted' || outcome.status === 'skipped') {
        // Records waiting for this one (a refund for its order) go now, not after their re-delay: to post, or to fail
        // at once naming a parent that will never be posted. A miss costs that delay only.
        await this.wakeWaiters(recordId);
      }
      return outcome;
    } catch (caught) {
      if (caught instanceof LeaseLostError) return overtaken('its lease was lost before a write to the target');
      const err = normalizeError(caught);
      if (err instanceof RetryLaterError && token) {
        const due = new Date(Date.now() + err.waitMs);
        // The wait's reason is kept as the record's last error (code `waiting`), so the dashboard says why it waits.
        const written = await this.records.finish(recordId, { status: 'received', owner, nextAttemptAt: due, error: { name: 'Waiting', code: 'waiting', message: err.message }, ...extra() }, { kind: 'record.delayed', message: err.message, data: { waitMs: err.waitMs, nextAttemptAt: due.toISOString() }, correlationId }, attempt.events);
        if (!written) return overtaken('it was re-delayed after its lease expired');
        await job.moveToDelayed(due.getTime(), token);
        throw new DelayedError();
      }
      const isPermanent = err instanceof PermanentRecordError;
      const isLast = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const message = err instanceof Error ? err.message : String(err);
      if (isPermanent || isLast) {
        const written = await this.records.finish(
          recordId,
          { status: 'failed', error: describeError(err), owner, ...extra() },
          { kind: 'record.failed', message, data: { error: describeError(err), attempt: job.attemptsMade + 1 }, correlationId },
          attempt.events,
        );
        if (!written) return overtaken('it failed after its lease expired');
        this.metrics.jobsCompleted.inc({ queue: RECORDS_QUEUE, outcome: 'failed' });
        await this.wakeWaiters(recordId);
        throw isPermanent ? new UnrecoverableError(message) : err;
      }
      const retryInMs = retryDelayMs(this.config.JOB_BACKOFF_BASE_MS, job.attemptsMade + 1);
      const due = new Date(Date.now() + retryInMs);
      const written = await this.records.finish(
        recordId,
        { status: 'received', error: describeError(err), owner, nextAttemptAt: due, ...extra() },
        { kind: 'record.retrying', message, data: { error: describeError(err), attempt: job.attemptsMade + 1, nextAttemptAt: due.toISOString() }, correlationId },
        attempt.events,
      );
      if (!written) return overtaken('it failed after its lease expired');
      this.metrics.jobsCompleted.inc({ queue: RECORDS_QUEUE, outcome: 'retried' });
      throw new RetryScheduledError(message, retryInMs, { cause: err });
    } finally {
      lease.stop();
    }
  }

  /** Hands the records waiting for `recordId` (RecordsService.noteWaiting) to the queue now; a failure only costs their re-delay. */
  private async wakeWaiters(recordId: string): Promise<void> {
    await this.records.wakeWaiting(recordId).catch((err: unknown) => this.logger.warn({ err: describeError(err), recordId }, 'could not wake the records waiting for this one'));
  }

  /**
   * A job BullMQ failed without this processor writing the record's outcome: it stalled more often than
   * MAX_STALLED_COUNT (its workers kept dying). Its record is handed to the queue again at once, with a timeline entry
   * saying why; one lost so often that it was tried RECOVERY_ATTEMPT_LIMIT times fails visibly instead.
   */
  @OnWorkerEvent('failed')
  async onFailed(job: Job<ProcessRecordJobData> | undefined, err: Error): Promise<void> {
    if (!job || !/stalled/i.test(err.message) || job.data.handoff === undefined) return;
    try {
      const recovered = await this.records.recover(job.data.recordId, job.data.handoff, `Its job stalled ${MAX_STALLED_COUNT + 1} times (the workers running it stopped); handed to the queue again`, RECOVERY_ATTEMPT_LIMIT);
      if (recovered !== 'unchanged') this.logger.warn({ recordId: job.data.recordId, jobId: job.id, outcome: recovered }, 'stalled job recovered');
    } catch (caught) {
      // The sweeper finds the record again (no live job carries it).
      this.logger.error({ err: describeError(caught), recordId: job.data.recordId }, 'could not recover a stalled job');
    }
  }

  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.logger.error({ err: describeError(err) }, 'worker error');
  }
}
