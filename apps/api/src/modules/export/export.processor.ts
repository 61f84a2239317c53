import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ExportRunEntity } from '../../database/export.entities';
import { EXPORT_MAX_TRANSIENT_RESUMES, EXPORT_QUEUE, type ExportJobData } from './export.constants';
import { ExportRunner } from './export-runner.service';
import { ExportsService } from './exports.service';

/**
 * Runs export runs (worker role). BullMQ renews the job's lock while the run works; a killed worker's job stalls and
 * is taken by another worker, which resumes at the first step of the current batch not recorded (ExportRunner). A run
 * that pauses (the Visma budget, a transient warehouse error) is queued again with the delay it named.
 */
@Processor(EXPORT_QUEUE, { lockDuration: 30_000, stalledInterval: 15_000, maxStalledCount: 50, concurrency: 2 })
export class ExportProcessor extends WorkerHost {
  private readonly logger = new Logger(ExportProcessor.name);

  constructor(
    private readonly runner: ExportRunner,
    private readonly exports: ExportsService,
    @InjectDataSource() private readonly db: DataSource,
  ) {
    super();
  }

  async process(job: Job<ExportJobData>): Promise<unknown> {
    const { runId } = job.data;
    const resumes = job.data.resumes ?? 0;
    const result = await this.runner.run(runId);
    if (result.status === 'paused') {
      if (resumes >= EXPORT_MAX_TRANSIENT_RESUMES && !/rate/i.test(result.message)) {
        await this.db.getRepository(ExportRunEntity).update({ id: runId }, { status: 'failed', finishedAt: new Date(), error: `Gave up after ${resumes} tries: ${result.message}` });
        return result;
      }
      this.logger.log({ runId, resumeInMs: result.resumeInMs, message: result.message }, 'export run paused');
      await this.exports.enqueue(runId, { delayMs: result.resumeInMs ?? 5_000, resumes: resumes + 1 });
    }
    return result;
  }
}
