import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { CORRELATION_HEADER } from '../../common/logger';
import { MetricsService } from '../health/metrics';
import { BigCommerceIntakeService } from './bigcommerce-intake.service';

/** Path of the BigCommerce webhook intake; public, authenticated by signature and hook secret. */
export const BIGCOMMERCE_WEBHOOK_PATH = '/webhooks/bigcommerce/:connectionId';
/** Largest delivery body accepted (BigCommerce stubs are a few hundred bytes). */
export const BIGCOMMERCE_WEBHOOK_MAX_BYTES = 1_048_576;

const PREFIX = '/webhooks/bigcommerce/';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CORRELATION_ID = /^[\w.:-]{1,100}$/;

type Answer = { status: number; body: unknown };

/**
 * `POST /webhooks/bigcommerce/:connectionId`, answered on node:http ahead of Express and Nest: the raw body is read
 * once (verification needs the exact bytes), the delivery is verified, stored and enqueued in one statement plus one
 * enqueue, and answered in milliseconds (the store blocklists destinations whose success ratio drops below 90 % in two
 * minutes). No session is involved, so Express' router, body parsers and response helpers, and Nest's guards, pipes
 * and request logging, would only add CPU to every delivery; every other request goes to Express unchanged.
 * Rejections are logged (without secrets) and counted on /metrics.
 * Answers: 200 `{accepted, duplicate}`; 401 for a bad signature or secret; 404 for an unknown id; 405 for another
 * method; 413 for a body over 1 MiB; 503 when the delivery could not be stored (the store retries it).
 */
export function mountBigCommerceWebhookRoute(app: INestApplication): void {
  const logger = new Logger('BigCommerceWebhook');
  const intake = app.get(BigCommerceIntakeService);
  const metrics = app.get(MetricsService);
  const server = app.getHttpServer() as Server;
  const others = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!req.url?.startsWith(PREFIX)) {
      for (const listener of others) listener.call(server, req, res);
      return;
    }
    const incoming = req.headers[CORRELATION_HEADER];
    const correlationId = typeof incoming === 'string' && CORRELATION_ID.test(incoming) ? incoming : randomUUID();
    const answer = (a: Answer, extra: Record<string, string> = {}): void => {
      const body = JSON.stringify(a.body);
      res.writeHead(a.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), [CORRELATION_HEADER]: correlationId, ...extra });
      res.end(body);
    };
    const connectionId = decodeURIComponent(req.url.slice(PREFIX.length).split('?')[0] ?? '');
    if (req.method !== 'POST') {
      req.resume();
      answer({ status: 405, body: { error: { code: 'method_not_allowed', message: 'Webhook deliveries are POSTed' } } }, { allow: 'POST' });
      return;
    }
    if (!UUID.test(connectionId)) {
      req.resume();
      answer({ status: 404, body: { error: { code: 'not_found', message: 'Unknown webhook destination' } } });
      return;
    }
    readBody(req, BIGCOMMERCE_WEBHOOK_MAX_BYTES)
      .then(async (raw) => {
        if (!raw) {
          answer({ status: 413, body: { error: { code: 'payload_too_large', message: `A delivery may be at most ${BIGCOMMERCE_WEBHOOK_MAX_BYTES} bytes` } } }, { connection: 'close' });
          return;
        }
        const result = await intake.accept(connectionId, raw, req.headers, correlationId);
        if (!result.ok) {
          metrics.webhookRejected.inc({ system: 'bigcommerce', reason: result.reason });
          logger.warn({ connectionId, reason: result.reason, correlationId }, 'webhook delivery rejected');
          answer({ status: 401, body: { error: { code: 'unauthenticated', message: 'Webhook signature or secret is not valid' } } });
          return;
        }
        metrics.webhookAccepted.inc({ system: 'bigcommerce', duplicate: String(result.duplicate) });
        answer({ status: 200, body: { accepted: true, duplicate: result.duplicate } });
      })
      .catch((err: unknown) => {
        logger.error({ connectionId, correlationId, err: err instanceof Error ? { name: err.name, message: err.message } : String(err) }, 'webhook intake failed');
        // 5xx: the store retries the delivery later, so nothing is lost.
        if (!res.headersSent) answer({ status: 503, body: { error: { code: 'dependency_unavailable', message: 'Could not store the delivery; it will be retried' } } });
      });
  });
}

/** The whole request body, or undefined once it passes `limit` bytes (the rest is discarded). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let isTooLarge = false;
    req.on('data', (chunk: Buffer) => {
      if (isTooLarge) return;
      size += chunk.length;
      if (size > limit) {
        isTooLarge = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(isTooLarge ? undefined : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
