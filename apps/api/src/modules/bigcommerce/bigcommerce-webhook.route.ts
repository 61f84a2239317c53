import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import express, { type Request, type Response } from 'express';
import { CORRELATION_HEADER } from '../../common/logger';
import { MetricsService } from '../health/metrics';
import { BigCommerceIntakeService } from './bigcommerce-intake.service';

/** Path of the BigCommerce webhook intake; public, authenticated by signature and hook secret. */
export const BIGCOMMERCE_WEBHOOK_PATH = '/webhooks/bigcommerce/:connectionId';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `POST /webhooks/bigcommerce/:connectionId`, served as a plain Express route ahead of the Nest router: the
 * raw body is read once (verification needs the exact bytes), the delivery is verified, stored and enqueued
 * in one statement plus one enqueue, and answered in milliseconds (the store blocklists destinations whose
 * success ratio drops below 90 % in two minutes). No session is involved, so Nest's guards, pipes and
 * request logging add nothing here; rejections are logged (without secrets) and counted on /metrics.
 * Answers: 200 `{accepted, duplicate}`, 401 `{error}` for a bad signature or secret, 404 for an unknown id.
 */
export function mountBigCommerceWebhookRoute(app: INestApplication): void {
  const logger = new Logger('BigCommerceWebhook');
  const intake = app.get(BigCommerceIntakeService);
  const metrics = app.get(MetricsService);
  const server = app.getHttpAdapter().getInstance() as express.Express;
  server.post(BIGCOMMERCE_WEBHOOK_PATH, express.raw({ type: () => true, limit: '1mb' }), (req: Request, res: Response) => {
    const correlationId = typeof req.headers[CORRELATION_HEADER] === 'string' ? String(req.headers[CORRELATION_HEADER]) : randomUUID();
    res.setHeader(CORRELATION_HEADER, correlationId);
    const connectionId = String(req.params['connectionId'] ?? '');
    if (!UUID.test(connectionId)) {
      res.status(404).json({ error: { code: 'not_found', message: 'Unknown webhook destination' } });
      return;
    }
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    intake
      .accept(connectionId, raw, req.headers, correlationId)
      .then((result) => {
        if (!result.ok) {
          metrics.webhookRejected.inc({ system: 'bigcommerce', reason: result.reason });
          logger.warn({ connectionId, reason: result.reason, correlationId }, 'webhook delivery rejected');
          res.status(401).json({ error: { code: 'unauthenticated', message: 'Webhook signature or secret is not valid' } });
          return;
        }
        metrics.webhookAccepted.inc({ system: 'bigcommerce', duplicate: String(result.duplicate) });
        res.status(200).json({ accepted: true, duplicate: result.duplicate });
      })
      .catch((err: unknown) => {
        logger.error({ connectionId, correlationId, err: err instanceof Error ? { name: err.name, message: err.message } : String(err) }, 'webhook intake failed');
        // 5xx: the store retries the delivery later, so nothing is lost.
        res.status(503).json({ error: { code: 'dependency_unavailable', message: 'Could not store the delivery; it will be retried' } });
      });
  });
}
