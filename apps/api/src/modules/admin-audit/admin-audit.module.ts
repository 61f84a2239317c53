import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminAuditEntryEntity } from '../../database/admin-audit.entities';
import { AuthModule } from '../auth/auth.module';
import { HealthModule } from '../health/health.module';
import { SystemsModule } from '../systems/systems.module';
import { AdminAuditController } from './admin-audit.controller';
import { AdminAuditInterceptor } from './admin-audit.interceptor';
import { AdminAuditMiddleware } from './admin-audit.middleware';
import { AdminAuditRecorder } from './admin-audit.recorder';
import { AdminAuditService } from './admin-audit.service';
import { AuditRouteTable } from './audit-routes';

/**
 * The admin audit log (issue 19): who did what, when, from where and how it ended, for every unsafe /api request of a
 * signed-in user, sign-in attempts and sign-out; append-only, filterable, exportable as CSV. Recording is global: the
 * interceptor (APP_INTERCEPTOR) for requests that reach a handler, the middleware for those refused before.
 */
@Module({
  imports: [TypeOrmModule.forFeature([AdminAuditEntryEntity]), DiscoveryModule, AuthModule, HealthModule, SystemsModule],
  controllers: [AdminAuditController],
  providers: [AdminAuditService, AdminAuditRecorder, AuditRouteTable, AdminAuditMiddleware, { provide: APP_INTERCEPTOR, useClass: AdminAuditInterceptor }],
  exports: [AdminAuditService, AuditRouteTable],
})
export class AdminAuditModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(AdminAuditMiddleware).forRoutes('{*path}');
  }
}
