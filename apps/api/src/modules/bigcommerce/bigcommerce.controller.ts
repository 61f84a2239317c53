import { InjectQueue } from '@nestjs/bullmq';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Queue } from 'bullmq';
import type { Request } from 'express';
import { z } from 'zod';
import { type AuthUser, CurrentUser, Roles } from '../../common/auth.decorators';
import { AppException } from '../../common/app-exception';
import { ZodValidationPipe } from '../../common/zod-validation.pipe';
import { ConnectionsService } from '../credentials/connections.service';
import { BigCommerceHooksService } from './bigcommerce-hooks.service';
import { MAINTENANCE_QUEUE, type MaintenanceJobData, RECONCILE_ORDERS_JOB } from './bigcommerce.constants';

const REGISTER = z.object({ publicBaseUrl: z.string().url().optional() });

/** Webhook registration and health, and an on-demand reconciliation poll, per BigCommerce connection. */
@ApiTags('bigcommerce')
@Controller('api/connections/:id')
export class BigCommerceController {
  constructor(
    private readonly connections: ConnectionsService,
    private readonly hooks: BigCommerceHooksService,
    @InjectQueue(MAINTENANCE_QUEUE) private readonly queue: Queue<MaintenanceJobData>,
  ) {}

  private async bigcommerce(id: string) {
    const conn = await this.connections.get(id);
    if (conn.system !== 'bigcommerce') throw new AppException('validation_failed', 'This is not a BigCommerce connection', { fields: [{ field: 'id', message: 'not a BigCommerce connection' }] });
    return conn;
  }

  /** Registers (or repairs) the store's hooks now. */
  @Roles('admin')
  @Post('webhooks')
  @HttpCode(200)
  async register(@Param('id', ParseUUIDPipe) id: string, @Body(new ZodValidationPipe(REGISTER)) body: z.infer<typeof REGISTER>, @CurrentUser() user: AuthUser) {
    return this.hooks.ensure(await this.bigcommerce(id), `user:${user.email}`, body.publicBaseUrl);
  }

  @Get('webhooks')
  async health(@Param('id', ParseUUIDPipe) id: string) {
    await this.bigcommerce(id);
    return (await this.hooks.stored(id)) ?? { active: 0, total: 0, lastCheckedAt: null, problems: ['No webhooks registered yet'] };
  }

  /** Enqueues a reconciliation poll now (finds orders whose webhooks were lost). */
  @Post('reconcile')
  @HttpCode(202)
  async reconcile(@Param('id', ParseUUIDPipe) id: string, @Req() req: Request): Promise<{ queued: true }> {
    await this.bigcommerce(id);
    await this.queue.add(RECONCILE_ORDERS_JOB, { connectionId: id, correlationId: String(req.id ?? '') }, { attempts: 3 });
    return { queued: true };
  }
}
