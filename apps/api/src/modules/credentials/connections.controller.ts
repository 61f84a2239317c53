import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { type AuthUser, CurrentUser, Roles } from '../../common/auth.decorators';
import { ZodValidationPipe } from '../../common/zod-validation.pipe';
import { ConnectionPingService, type StoredPing } from './connection-ping.service';
import { type ConnectionView, ConnectionsService } from './connections.service';
import { SYSTEM_DEFINITIONS, SYSTEM_KINDS, type SystemKind } from './system-kinds';

const CREATE_SCHEMA = z.object({
  system: z.enum(SYSTEM_KINDS as [SystemKind, ...SystemKind[]]),
  name: z.string().min(1).max(200),
  settings: z.record(z.unknown()).default({}),
  credentials: z.record(z.unknown()),
});
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
  ) {}

  @Get('systems')
  systems(): { system: string; label: string }[] {
    return SYSTEM_KINDS.map((system) => ({ system, label: SYSTEM_DEFINITIONS[system].label }));
  }

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
  create(@Body(new ZodValidationPipe(CREATE_SCHEMA)) body: z.infer<typeof CREATE_SCHEMA>, @CurrentUser() user: AuthUser): Promise<ConnectionView> {
    return this.connections.create(body, `user:${user.email}`);
  }

  @Roles('admin')
  @Patch(':id')
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodValidationPipe(UPDATE_SCHEMA)) body: z.infer<typeof UPDATE_SCHEMA>,
    @CurrentUser() user: AuthUser,
  ): Promise<ConnectionView> {
    return this.connections.update(id, body, `user:${user.email}`);
  }

  /** Runs the connection's diagnosis now (anyone signed in: support uses it to investigate). */
  @Post(':id/ping')
  @HttpCode(200)
  ping(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<StoredPing> {
    return this.pings.ping(id, `user:${user.email}`);
  }

  @Roles('admin')
  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<void> {
    return this.connections.remove(id, `user:${user.email}`);
  }
}
