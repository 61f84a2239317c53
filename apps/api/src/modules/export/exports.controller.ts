import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { type AuthUser, CurrentUser, Roles } from '../../common/auth.decorators';
import { ZodValidationPipe } from '../../common/zod-validation.pipe';
import { AuditAction } from '../admin-audit/audit-action.decorator';
import { EXPORT_FLOW_INPUT, EXPORT_FLOW_PATCH, type ExportFlowInput, type ExportFlowPatch, ExportsService } from './exports.service';

const RUN_REQUEST = z.object({ backfillFrom: z.coerce.date().optional() }).default({});

/**
 * Visma → BigQuery export flows: create and change them (admins), run them now or backfill from a date (admins), follow
 * a run's progress and history, re-run a failed batch from its checkpoint, and read the tables' row counts.
 */
@ApiTags('exports')
@Controller('api')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Get('export-entities')
  catalogue() {
    return { entities: this.exports.catalogue() };
  }

  @Get('export-flows')
  async list() {
    return { flows: await this.exports.list() };
  }

  @Post('export-flows')
  @AuditAction('export-flow.create', { target: 'export-flow' })
  @Roles('admin')
  async create(@Body(new ZodValidationPipe(EXPORT_FLOW_INPUT)) body: ExportFlowInput, @CurrentUser() user: AuthUser) {
    return this.exports.create(body, `user:${user.email}`);
  }

  @Get('export-flows/:id')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.exports.get(id);
  }

  @Patch('export-flows/:id')
  @AuditAction('export-flow.update', { target: 'export-flow' })
  @Roles('admin')
  update(@Param('id', ParseUUIDPipe) id: string, @Body(new ZodValidationPipe(EXPORT_FLOW_PATCH)) body: ExportFlowPatch, @CurrentUser() user: AuthUser) {
    return this.exports.update(id, body, `user:${user.email}`);
  }

  @Post('export-flows/:id/runs')
  @AuditAction('export-flow.run', { target: 'export-flow' })
  @Roles('admin')
  @HttpCode(202)
  run(@Param('id', ParseUUIDPipe) id: string, @Body(new ZodValidationPipe(RUN_REQUEST)) body: z.infer<typeof RUN_REQUEST>, @CurrentUser() user: AuthUser) {
    return this.exports.requestRun(id, { requestedBy: `user:${user.email}`, backfillFrom: body.backfillFrom });
  }

  @Get('export-flows/:id/runs')
  async runs(@Param('id', ParseUUIDPipe) id: string) {
    return { runs: await this.exports.runs(id) };
  }

  @Get('export-flows/:id/tables')
  async tables(@Param('id', ParseUUIDPipe) id: string) {
    return { tables: await this.exports.tables(id) };
  }

  @Get('export-runs/:id')
  runDetail(@Param('id', ParseUUIDPipe) id: string) {
    return this.exports.runDetail(id);
  }

  /** Support may re-run a failed batch, as they replay a failed record. */
  @Post('export-batches/:id/rerun')
  @AuditAction('export-batch.rerun', { target: 'export-batch' })
  @HttpCode(202)
  rerun(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser) {
    return this.exports.rerunBatch(id, `user:${user.email}`);
  }
}
