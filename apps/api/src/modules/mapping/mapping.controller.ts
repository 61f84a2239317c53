import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { type AuthUser, CurrentUser, Roles } from '../../common/auth.decorators';
import { ZodValidationPipe } from '../../common/zod-validation.pipe';
import { BigCommerceHooksService } from '../bigcommerce/bigcommerce-hooks.service';
import { ConnectionsService } from '../credentials/connections.service';
import { VismaReferenceService } from '../visma/visma-reference.service';
import { FlowsService } from './flows.service';
import { MappingPreviewService } from './mapping-preview.service';

const CREATE_FLOW = z.object({
  name: z.string().min(1).max(200),
  sourceConnectionId: z.string().uuid(),
  targetConnectionId: z.string().uuid(),
  entities: z.array(z.enum(['order', 'customer', 'refund'])).min(1),
  schedule: z.string().max(100).nullable().optional(),
  /** First reconciliation run looks back to this date (backfill); default 7 days. */
  backfillFrom: z.string().datetime({ offset: true }).optional(),
});
const PATCH_FLOW = z.object({ isEnabled: z.boolean() });
const PUT_RULES = z.object({ rules: z.record(z.unknown()) });
const COVERAGE = z.object({ rules: z.record(z.unknown()).optional(), limit: z.number().int().min(1).max(200).default(50) });
const PREVIEW = z.object({ externalId: z.string().min(1).max(200), rules: z.record(z.unknown()).optional() });

/** Flows and their mappings: rules, live Visma reference data, coverage over recent orders, preview. */
@ApiTags('flows')
@Controller('api/flows')
export class MappingController {
  constructor(
    private readonly flows: FlowsService,
    private readonly connections: ConnectionsService,
    private readonly reference: VismaReferenceService,
    private readonly previews: MappingPreviewService,
    private readonly hooks: BigCommerceHooksService,
  ) {}

  /** Flows with their last sync (newest processed record or poll) and the source's webhook health. */
  @Get()
  async list() {
    const flows = await this.flows.list();
    return Promise.all(
      flows.map(async (flow) => ({
        ...flow,
        lastSyncAt: await this.flows.lastSyncAt(flow),
        webhookHealth: await this.hooks.stored(flow.sourceConnectionId),
      })),
    );
  }

  @Roles('admin')
  @Post()
  create(@Body(new ZodValidationPipe(CREATE_FLOW)) body: z.infer<typeof CREATE_FLOW>, @CurrentUser() user: AuthUser) {
    return this.flows.create(body, `user:${user.email}`);
  }

  @Roles('admin')
  @Patch(':id')
  patch(@Param('id', ParseUUIDPipe) id: string, @Body(new ZodValidationPipe(PATCH_FLOW)) body: z.infer<typeof PATCH_FLOW>, @CurrentUser() user: AuthUser) {
    return this.flows.setEnabled(id, body.isEnabled, `user:${user.email}`);
  }

  @Get(':id/mapping')
  async mapping(@Param('id', ParseUUIDPipe) id: string) {
    await this.flows.get(id);
    const saved = await this.flows.rawRules(id);
    return { rules: saved?.rules ?? null, updatedAt: saved?.updatedAt?.toISOString() ?? null, updatedBy: saved?.updatedBy ?? null };
  }

  @Roles('admin')
  @Put(':id/mapping')
  saveMapping(@Param('id', ParseUUIDPipe) id: string, @Body(new ZodValidationPipe(PUT_RULES)) body: z.infer<typeof PUT_RULES>, @CurrentUser() user: AuthUser) {
    return this.flows.saveRules(id, body.rules, `user:${user.email}`);
  }

  @Get(':id/reference-data')
  async referenceData(@Param('id', ParseUUIDPipe) id: string, @Query('refresh') refresh?: string) {
    const flow = await this.flows.get(id);
    const { validation: _validation, ...view } = await this.reference.get(await this.connections.get(flow.targetConnectionId), { refresh: refresh === 'true' });
    return view;
  }

  @Post(':id/mapping/coverage')
  @HttpCode(200)
  coverage(@Param('id', ParseUUIDPipe) id: string, @Body(new ZodValidationPipe(COVERAGE)) body: z.infer<typeof COVERAGE>) {
    return this.previews.coverage(id, body.rules, body.limit);
  }

  @Post(':id/preview')
  @HttpCode(200)
  preview(@Param('id', ParseUUIDPipe) id: string, @Body(new ZodValidationPipe(PREVIEW)) body: z.infer<typeof PREVIEW>) {
    return this.previews.preview(id, body.externalId, body.rules);
  }
}
