import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { type AuthUser, CurrentUser, Roles } from '../../common/auth.decorators';
import { ZodValidationPipe } from '../../common/zod-validation.pipe';
import { AuditAction } from '../admin-audit/audit-action.decorator';
import { AppException } from '../../common/app-exception';
import { SystemRegistry } from '../systems/system-registry.service';
import { WebhookHealthService } from '../systems/webhook-health.service';
import { ConnectionPingService, type StoredPing } from './connection-ping.service';
import { type ConnectionView, ConnectionsService } from './connections.service';

const CREATE_SCHEMA = z.object({
  /** A registered system kind (`GET /api/systems`); an unknown one is refused naming `system`. */
  system: z.string().min(1).max(40),
  name: z.string().min(1).max(200),
  settings: z.record(z.unknown()).default({}),
  credentials: z.record(z.unknown()),
});
const REGISTER_WEBHOOKS = z.object({ publicBaseUrl: z.string().url().optional() });
const UPDATE_SCHEMA = z.object({
  name: z.string().min(1).max(200).optional(),
  settings: z.record(z.unknown()).optional(),
  credentials: z.record(z.unknown()).optional(),
});

/** Connections: everyone signed in may view; only admins change. Credentials are write-only. */
@ApiTags('connections')
@Controller('api/connections')
export class ConnectionsController {
  constructor(
    private readonly connections: ConnectionsService,
    private readonly pings: ConnectionPingService,
    private readonly systems: SystemRegistry,
    private readonly webhooks: WebhookHealthService,
  ) {}

  @Get()
  list(): Promise<ConnectionView[]> {
    return this.connections.list();
  }

  @Get(':id')
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<ConnectionView> {
    return ConnectionsService.toView(await this.connections.get(id));
  }

  @Roles('admin')
  @Post()
  @AuditAction('connection.create', { target: 'connection' })
  create(@Body(new ZodValidationPipe(CREATE_SCHEMA)) body: z.infer<typeof CREATE_SCHEMA>, @CurrentUser() user: AuthUser): Promise<ConnectionView> {
    return this.connections.create(body, `user:${user.email}`);
  }

  @Roles('admin')
  @Patch(':id')
  @AuditAction('connection.update', { target: 'connection' })
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodValidationPipe(UPDATE_SCHEMA)) body: z.infer<typeof UPDATE_SCHEMA>,
    @CurrentUser() user: AuthUser,
  ): Promise<ConnectionView> {
    return this.connections.update(id, body, `user:${user.email}`);
  }

  /** Runs the connection's diagnosis now (anyone signed in: support uses it to investigate). */
  @Post(':id/ping')
  @AuditAction('connection.ping', { target: 'connection' })
  @HttpCode(200)
  ping(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<StoredPing> {
    return this.pings.ping(id, `user:${user.email}`);
  }

  /** Registers (or repairs) the connection's webhooks at the shop now, for systems whose hooks we manage. */
  @Roles('admin')
  @Post(':id/webhooks')
  @AuditAction('connection.register-webhooks', { target: 'connection' })
  @HttpCode(200)
  async registerWebhooks(@Param('id', ParseUUIDPipe) id: string, @Body(new ZodValidationPipe(REGISTER_WEBHOOKS)) body: z.infer<typeof REGISTER_WEBHOOKS>, @CurrentUser() user: AuthUser): Promise<unknown> {
    const conn = await this.connections.get(id);
    const upkeep = this.systems.capability(conn.system, 'webhookUpkeep');
    if (!upkeep) throw AppException.validation([{ field: 'id', message: `${this.systems.get(conn.system).facts.label} webhooks are not registered by ml-connector` }]);
    return upkeep.ensure(conn, `user:${user.email}`, body.publicBaseUrl);
  }

  /** The stored health of the connection's webhooks (no call to the shop). */
  @Get(':id/webhooks')
  async webhookHealth(@Param('id', ParseUUIDPipe) id: string): Promise<unknown> {
    await this.connections.get(id);
    return (await this.webhooks.stored(id)) ?? { active: 0, total: 0, lastCheckedAt: null, problems: ['No webhooks registered yet'] };
  }

  @Roles('admin')
  @Delete(':id')
  @AuditAction('connection.delete', { target: 'connection' })
  @HttpCode(204)
  remove(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<void> {
    return this.connections.remove(id, `user:${user.email}`);
  }
}
