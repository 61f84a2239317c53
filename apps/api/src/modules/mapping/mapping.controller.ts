import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { type AuthUser, CurrentUser, Roles } from '../../common/auth.decorators';
import { ZodValidationPipe } from '../../common/zod-validation.pipe';
import { AuditAction, AuditExempt } from '../admin-audit/audit-action.decorator';
import { CATCH_UP_SCHEDULE_SCHEMA, FLOW_POSTING_SCHEMA, FLOW_ROUTING_SCHEMA } from '../../database/flow-settings';
import { WebhookHealthService } from '../systems/webhook-health.service';
import { companyOf, FlowsService, targetsOf } from './flows.service';
import { MappingPreviewService } from './mapping-preview.service';

const CREATE_FLOW = z.object({
  name: z.string().min(1).max(200),
  sourceConnectionId: z.string().uuid(),
  /** The default Visma company (records no routing rule matches go here unless `routing.unmatched` says otherwise). */
  targetConnectionId: z.string().uuid(),
  /** Entity types the source offers (`GET /api/systems` `entities`), e.g. order, refund, customer. */
  entities: z.array(z.string().min(1).max(40)).min(1),
  routing: FLOW_ROUTING_SCHEMA.optional(),
  catchUpSchedule: CATCH_UP_SCHEDULE_SCHEMA.optional(),
  /** Orders as customer invoices or sales orders, customers as Visma customers or suppliers (default: invoices, customers). */
  posting: FLOW_POSTING_SCHEMA.optional(),
  /** The first catch-up run looks back to this date (backfill); default 7 days. */
  backfillFrom: z.string().datetime({ offset: true }).optional(),
});
const PATCH_FLOW = z.object({
  name: z.string().min(1).max(200).optional(),
  isEnabled: z.boolean().optional(),
  routing: FLOW_ROUTING_SCHEMA.optional(),
  catchUpSchedule: CATCH_UP_SCHEDULE_SCHEMA.optional(),
  posting: FLOW_POSTING_SCHEMA.optional(),
});
const PUT_RULES = z.object({ rules: z.record(z.unknown()) });
const COMPANY = z.object({ targetConnectionId: z.string().uuid().optional() });
const COVERAGE = z.object({ rules: z.record(z.unknown()).optional(), limit: z.number().int().min(1).max(200).default(50), targetConnectionId: z.string().uuid().optional() });
const PREVIEW = z.object({ externalId: z.string().min(1).max(200), rules: z.record(z.unknown()).optional(), targetConnectionId: z.string().uuid().optional() });

/**
 * Flows (routing over one or more Visma companies, catch-up schedule) and the mapping of each Visma company: rules,
 * live reference data, coverage over recent orders, preview. Mapping rules belong to the company, so the flow routes
 * read and write the rules of the flow's default company unless `targetConnectionId` names another of its targets.
 */
@ApiTags('flows')
@Controller('api')
export class MappingController {
  constructor(
    private readonly flows: FlowsService,
    private readonly previews: MappingPreviewService,
    private readonly webhooks: WebhookHealthService,
  ) {}

  /** Flows with their Visma companies, last sync (newest processed record or catch-up page) and the source's webhook health. */
  @Get('flows')
  async list() {
    const flows = await this.flows.list();
    return Promise.all(
      flows.map(async (flow) => ({
        ...flow,
        targetConnectionIds: targetsOf(flow),
        lastSyncAt: await this.flows.lastSyncAt(flow),
        webhookHealth: await this.webhooks.stored(flow.sourceConnectionId),
      })),
    );
  }

  @Roles('admin')
  @Post('flows')
  @AuditAction('flow.create', { target: 'flow' })
  create(@Body(new ZodValidationPipe(CREATE_FLOW)) body: z.infer<typeof CREATE_FLOW>, @CurrentUser() user: AuthUser) {
    return this.flows.create(body, `user:${user.email}`);
  }

  @Roles('admin')
  @Patch('flows/:id')
  @AuditAction('flow.update', { target: 'flow' })
  patch(@Param('id', ParseUUIDPipe) id: string, @Body(new ZodValidationPipe(PATCH_FLOW)) body: z.infer<typeof PATCH_FLOW>, @CurrentUser() user: AuthUser) {
    return this.flows.update(id, body, `user:${user.email}`);
  }

  @Get('flows/:id/mapping')
  async mapping(@Param('id', ParseUUIDPipe) id: string, @Query(new ZodValidationPipe(COMPANY)) query: z.infer<typeof COMPANY>) {
    return this.companyMapping(companyOf(await this.flows.get(id), query.targetConnectionId));
  }

  @Roles('admin')
  @Put('flows/:id/mapping')
  @AuditAction('mapping.update', { target: 'flow' })
  async saveMapping(
    @Param('id', ParseUUIDPipe) id: string,
    @Query(new ZodValidationPipe(COMPANY)) query: z.infer<typeof COMPANY>,
    @Body(new ZodValidationPipe(PUT_RULES)) body: z.infer<typeof PUT_RULES>,
    @CurrentUser() user: AuthUser,
  ) {
    return this.flows.saveRules(companyOf(await this.flows.get(id), query.targetConnectionId), body.rules, `user:${user.email}`);
  }

  /** The mapping rules of one Visma company (shared by every flow posting into it). */
  @Get('connections/:id/mapping')
  companyMapping(@Param('id', ParseUUIDPipe) id: string) {
    return this.flows.rawRules(id).then((saved) => ({ targetConnectionId: id, rules: saved?.rules ?? null, updatedAt: saved?.updatedAt?.toISOString() ?? null, updatedBy: saved?.updatedBy ?? null }));
  }

  @Roles('admin')
  @Put('connections/:id/mapping')
  @AuditAction('mapping.update', { target: 'connection' })
  saveCompanyMapping(@Param('id', ParseUUIDPipe) id: string, @Body(new ZodValidationPipe(PUT_RULES)) body: z.infer<typeof PUT_RULES>, @CurrentUser() user: AuthUser) {
    return this.flows.saveRules(id, body.rules, `user:${user.email}`);
  }

  @Get('flows/:id/reference-data')
  async referenceData(@Param('id', ParseUUIDPipe) id: string, @Query('refresh') refresh?: string, @Query('targetConnectionId') targetConnectionId?: string) {
    const company = companyOf(await this.flows.get(id), targetConnectionId || undefined);
    const { validation: _validation, ...view } = await this.previews.referenceData(company, { refresh: refresh === 'true' });
    return view;
  }

  @Post('flows/:id/mapping/coverage')
  @AuditExempt('a dry run: computes coverage of draft rules over recent orders and changes nothing')
  @HttpCode(200)
  coverage(@Param('id', ParseUUIDPipe) id: string, @Body(new ZodValidationPipe(COVERAGE)) body: z.infer<typeof COVERAGE>) {
    return this.previews.coverage(id, body.rules, body.limit, body.targetConnectionId);
  }

  @Post('flows/:id/preview')
  @AuditExempt('a dry run: previews the document of one order under draft rules and changes nothing')
  @HttpCode(200)
  preview(@Param('id', ParseUUIDPipe) id: string, @Body(new ZodValidationPipe(PREVIEW)) body: z.infer<typeof PREVIEW>) {
    return this.previews.preview(id, body.externalId, body.rules, body.targetConnectionId);
  }
}
