import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WebhookSubscriptionEntity } from '../../database/pipeline.entities';
import { HostPolicyService } from './host-policy.service';
import { SystemRegistry } from './system-registry.service';
import { SystemsController } from './systems.controller';
import { WebhookHealthService } from './webhook-health.service';

/**
 * The system registry (facts + capabilities per system kind), `GET /api/systems`, the stored webhook health of
 * any system, and the host policy of the systems' URL settings (HostPolicyService, which also configures the shared
 * outbound dispatcher). Imports no feature module: system modules import it to register, the pipeline imports it to ask.
 */
@Module({
  imports: [TypeOrmModule.forFeature([WebhookSubscriptionEntity])],
  controllers: [SystemsController],
  providers: [SystemRegistry, WebhookHealthService, HostPolicyService],
  exports: [SystemRegistry, WebhookHealthService, HostPolicyService],
})
export class SystemsModule {}
