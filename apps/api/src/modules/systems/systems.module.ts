import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WebhookSubscriptionEntity } from '../../database/pipeline.entities';
import { SystemRegistry } from './system-registry.service';
import { SystemsController } from './systems.controller';
import { WebhookHealthService } from './webhook-health.service';

/**
 * The system registry (facts + capabilities per system kind), `GET /api/systems`, and the stored webhook health of
 * any system. Imports no feature module: system modules import it to register, the pipeline imports it to ask.
 */
@Module({
  imports: [TypeOrmModule.forFeature([WebhookSubscriptionEntity])],
  controllers: [SystemsController],
  providers: [SystemRegistry, WebhookHealthService],
  exports: [SystemRegistry, WebhookHealthService],
})
export class SystemsModule {}
