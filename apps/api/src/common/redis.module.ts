import { Global, Inject, Module, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';

/** Injection token of the shared ioredis client (rate budgets, pacing, caches). BullMQ has its own connections. */
export const REDIS = Symbol('REDIS');

class RedisCloser implements OnModuleDestroy {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onModuleDestroy(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** One Redis client per process for everything but queues. Keys are prefixed with QUEUE_PREFIX. */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new Redis(config.REDIS_URL, { keyPrefix: `${config.QUEUE_PREFIX}:`, maxRetriesPerRequest: 3 }),
    },
    RedisCloser,
  ],
  exports: [REDIS],
})
export class RedisModule {}
