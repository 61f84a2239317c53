import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';
import { type AuthUser, CurrentUser } from '../../common/auth.decorators';
import { correlationIdOf } from '../../common/logger';
import { ZodValidationPipe } from '../../common/zod-validation.pipe';
import { AuditAction } from '../admin-audit/audit-action.decorator';
import { FlowsService } from '../mapping/flows.service';
import { CatchUpService, type CatchUpRequest } from './catch-up.service';

const REQUEST = z.object({ entityType: z.string().min(1).max(40).optional() }).default({});

/**
 * Catch-up polls on demand (admins and support alike: a poll changes nothing but what is already due) and where each
 * flow's stands. `202` with one entry per entity: `queued: false` means a run is already queued or running.
 */
@ApiTags('catch-up')
@Controller('api')
export class CatchUpController {
  constructor(
    private readonly flows: FlowsService,
    private readonly catchUp: CatchUpService,
  ) {}

  @Post('flows/:id/catch-up')
  @AuditAction('flow.catch-up', { target: 'flow' })
  @HttpCode(202)
  async forFlow(@Param('id', ParseUUIDPipe) id: string, @Body(new ZodValidationPipe(REQUEST)) body: z.infer<typeof REQUEST>, @CurrentUser() user: AuthUser, @Req() req: Request): Promise<{ runs: CatchUpRequest[] }> {
    return { runs: await this.catchUp.request(await this.flows.get(id), { entityType: body.entityType, correlationId: correlationIdOf(req), requestedBy: `user:${user.email}` }) };
  }

  /** Every enabled flow reading from this source connection. */
  @Post('connections/:id/catch-up')
  @AuditAction('connection.catch-up', { target: 'connection' })
  @HttpCode(202)
  async forSource(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser, @Req() req: Request): Promise<{ runs: CatchUpRequest[] }> {
    const flows = (await this.flows.list()).filter((f) => f.sourceConnectionId === id && f.isEnabled);
    const runs: CatchUpRequest[] = [];
    for (const flow of flows) runs.push(...(await this.catchUp.request(flow, { correlationId: correlationIdOf(req), requestedBy: `user:${user.email}` })));
    return { runs };
  }

  @Get('flows/:id/catch-up')
  async positions(@Param('id', ParseUUIDPipe) id: string) {
    const flow = await this.flows.get(id);
    return { schedule: flow.catchUpSchedule, positions: await this.catchUp.positions(id) };
  }
}
