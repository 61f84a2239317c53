import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import { REDIS } from '../../common/redis.module';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config.schema';
import { AppUserEntity, UserInviteEntity, UserSessionEntity } from '../../database/entities';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { CsrfService } from './csrf.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/** Users, sessions, CSRF protection and the global deny-by-default guard. */
@Module({
  imports: [
    TypeOrmModule.forFeature([AppUserEntity, UserSessionEntity, UserInviteEntity]),
    // Counters live in Redis, so the sign-in limit holds across every API process, not per process.
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, REDIS],
      useFactory: (config: AppConfig, redis: Redis) => ({
        // The throttler named `default` answers with the standard `Retry-After` (and `X-RateLimit-*`) headers; any other
        // name suffixes them (`Retry-After-login`), which no client reads.
        throttlers: [{ name: 'default', ttl: 60_000, limit: config.LOGIN_MAX_ATTEMPTS_PER_MINUTE }],
        storage: new ThrottlerStorageRedisService(redis),
      }),
    }),
  ],
  controllers: [AuthController, UsersController],
  providers: [AuthService, UsersService, CsrfService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService, CsrfService],
})
export class AuthModule {}
