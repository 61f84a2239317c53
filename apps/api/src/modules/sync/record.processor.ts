import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import { ConnectorError, ConnectorRateLimitedError } from '@mlc/connectors';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config.schema';
import { MetricsService } from '../health/metrics';
import { FETCHED_KIND, PermanentRecordError, type RecordContext, type RecordEvent, RetryLaterError } from './record-handler';
import { RecordHandlerRegistry } from './record-handler.registry';
import { RecordsService } from './records.service';
import { type ProcessRecordJobData, RECORDS_QUEUE } from './sync.constants';

/** How long one attempt may hold a record before another worker may take it over (a dead worker's lease expires). */
export const RECORD_LEASE_MS = 120_000;
const LEASE_BUSY_RETRY_MS = 1_000;
const BUSY_MESSAGE = 'Another worker is processing this record';

/**
 * Connector errors decide retry-ability themselves: a rate-limited error becomes a re-delay for its wait,
 * a non-retryable one (rejected document, bad credentials, not found) fails the record at once so a human
 * sees it, fixes the cause and replays; everything else is retried with backoff.
 */
export function normalizeError(err: unknown): unknown {
  if (err instanceof ConnectorRateLimitedError) return new RetryLaterError(Math.max(err.waitMs, 100), err.message, { cause: err });
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
 * Worker for `sync.process-record` jobs (runs only in the worker role). Dispatches each record to its
 * handler. Retryable errors go back to BullMQ (exponential backoff with jitter); permanent ones mark the
 * record failed at once; a `RetryLaterError` re-delays the job without spending an attempt; a job that
 * exhausts its attempts leaves the record `failed` and stays in BullMQ's failed set. On shutdown BullMQ
 * lets in-flight jobs finish (worker.close) before the process exits.
 */
@Processor(RECORDS_QUEUE)
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
    const { recordId, correlationId } = job.data;
    // What this attempt learned, written with its outcome whatever that is (see RecordsService.finish).
    const attempt: { events: RecordEvent[]; sourcePayload?: unknown } = { events: [] };
    const extra = () => (attempt.sourcePayload === undefined ? {} : { sourcePayload: attempt.sourcePayload });
    try {
      const record = await this.records.claim(recordId, RECORD_LEASE_MS);
      if (!record) throw new RetryLaterError(LEASE_BUSY_RETRY_MS, BUSY_MESSAGE);
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
        fetched: (payload, message, calls) => {
          attempt.sourcePayload = payload;
          attempt.events.push({ kind: FETCHED_KIND, message, data: { calls } });
        },
      };
      const outcome = await handler.process(record, ctx);
      await this.records.finish(
        recordId,
        { status: outcome.status, ...(outcome.status === 'posted' ? { targetRef: outcome.targetRef } : {}), targetConnectionId: outcome.targetConnectionId, ...extra() },
        {
          kind: outcome.status === 'posted' && outcome.isAlreadyDone ? 'record.unchanged' : `record.${outcome.status}`,
          message: outcome.message,
          ...(outcome.data ? { data: outcome.data } : {}),
          correlationId,
        },
        attempt.events,
      );
      this.metrics.jobsCompleted.inc({ queue: RECORDS_QUEUE, outcome: 'completed' });
      return outcome;
    } catch (caught) {
      const err = normalizeError(caught);
      if (err instanceof RetryLaterError && token) {
        await job.moveToDelayed(Date.now() + err.waitMs, token);
        if (err.message !== BUSY_MESSAGE) {
          await this.records.finish(recordId, { status: 'received', ...extra() }, { kind: 'record.delayed', message: err.message, data: { waitMs: err.waitMs }, correlationId }, attempt.events);
        }
        throw new DelayedError();
      }
      const isPermanent = err instanceof PermanentRecordError;
      const isLast = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (isPermanent || isLast) {
        await this.records.finish(
          recordId,
          { status: 'failed', error: describeError(err), ...extra() },
          { kind: 'record.failed', message: err instanceof Error ? err.message : 'failed', data: { error: describeError(err), attempt: job.attemptsMade + 1 }, correlationId },
          attempt.events,
        );
        this.metrics.jobsCompleted.inc({ queue: RECORDS_QUEUE, outcome: 'failed' });
        if (isPermanent) throw new UnrecoverableError(err.message);
      } else {
        await this.records.finish(
          recordId,
          { status: 'received', error: describeError(err), ...extra() },
          { kind: 'record.retrying', message: err instanceof Error ? err.message : 'retrying', data: { error: describeError(err), attempt: job.attemptsMade + 1 }, correlationId },
          attempt.events,
        );
        this.metrics.jobsCompleted.inc({ queue: RECORDS_QUEUE, outcome: 'retried' });
      }
      throw err;
    } finally {
      stop();
    }
  }

  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.logger.error({ err: describeError(err) }, 'worker error');
  }
}
