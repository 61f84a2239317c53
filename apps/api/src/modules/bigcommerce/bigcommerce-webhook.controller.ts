import { Controller, HttpCode, Logger, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { AppException } from '../../common/app-exception';
import { Public } from '../../common/auth.decorators';
import { MetricsService } from '../health/metrics';
import { BigCommerceIntakeService } from './bigcommerce-intake.service';

/**
 * `POST /webhooks/bigcommerce/:connectionId`: BigCommerce deliveries. Public (no session) because they are
 * authenticated by signature: Standard Webhooks with the app's client secret and/or the per-connection
 * secret we put in the hook's custom headers. The raw delivery is stored before the 200, within
 * milliseconds (the store blocklists destinations whose success ratio drops below 90 % in two minutes).
 */
@ApiExcludeController()
@Public()
@Controller('webhooks/bigcommerce')
export class BigCommerceWebhookController {
  private readonly logger = new Logger(BigCommerceWebhookController.name);

  constructor(
    private readonly intake: BigCommerceIntakeService,
    private readonly metrics: MetricsService,
  ) {}

  @Post(':connectionId')
  @HttpCode(200)
  async receive(@Param('connectionId', ParseUUIDPipe) connectionId: string, @Req() req: Request & { rawBody?: Buffer }): Promise<{ accepted: boolean; duplicate: boolean }> {
    const raw = req.rawBody ?? Buffer.from(JSON.stringify(req.body ?? {}));
    const result = await this.intake.accept(connectionId, raw, req.headers, String(req.id ?? ''));
    if (!result.ok) {
      this.metrics.webhookRejected.inc({ system: 'bigcommerce', reason: result.reason });
      this.logger.warn({ connectionId, reason: result.reason }, 'webhook delivery rejected');
      throw new AppException('unauthenticated', 'Webhook signature or secret is not valid');
    }
    this.metrics.webhookAccepted.inc({ system: 'bigcommerce', duplicate: String(result.duplicate) });
    return { accepted: true, duplicate: result.duplicate };
  }
}
