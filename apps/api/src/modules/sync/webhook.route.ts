import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { CORRELATION_HEADER } from '../../common/logger';
import { MetricsService } from '../health/metrics';
import { SystemRegistry } from '../systems/system-registry.service';
import { WEBHOOK_PATH_PREFIX } from '../systems/webhook-path';
import { WebhookIntakeService } from './webhook-intake.service';

/** Path of the webhook intake of every system; public, authenticated by the system's signature check. */
export const WEBHOOK_PATH = '/webhooks/:system/:connectionId';
/** Largest delivery body accepted (BigCommerce stubs are a few hundred bytes; WooCommerce sends whole orders). */
export const WEBHOOK_MAX_BYTES = 1_048_576;

const PREFIX = WEBHOOK_PATH_PREFIX;
const SYSTEM = /^[a-z][a-z0-9-]{0,39}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CORRELATION_ID = /^[\w.:-]{1,100}$/;

type Answer = { status: number; body: unknown };

/**
 * `POST /webhooks/:system/:connectionId` for every system, answered on node:http ahead of Express and Nest: the raw
 * body is read once (verification needs the exact bytes), the delivery is verified by the system's own verifier (from
 * the registry), stored and enqueued in one statement plus one enqueue, and answered in milliseconds (BigCommerce
 * blocklists destinations whose success ratio drops below 90 % in two minutes; WooCommerce disables a hook after
 * repeated failures). No session is involved, so Express' router, body parsers and response helpers, and Nest's guards, pipes
 * and request logging, would only add CPU to every delivery; every other request goes to Express unchanged.
 * Every rejection is logged (without secrets) and counted once on /metrics (`mlc_webhook_rejected_total{system,reason}`).
 * Answers: 200 `{accepted, duplicate, stale?}` (or the system's own acknowledgement, WebhookCapability.acknowledgement); 400 for a
 * verified body we cannot take (nested deeper than 64 levels, or a field that cannot identify its record, named in the
 * message); 401 for a bad signature or secret; 404 for an unknown system or connection
 * (or one of another system); 405 for another
 * method; 413 for a body over 1 MiB; 503 when the delivery could not be stored (the store retries it).
 */
export function mountWebhookRoute(app: INestApplication): void {
  const logger = new Logger('WebhookIntake');
  const intake = app.get(WebhookIntakeService);
  const systems = app.get(SystemRegistry);
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
    const [system = '', connectionId = '', ...rest] = (req.url.slice(PREFIX.length).split('?')[0] ?? '').split('/').map((part) => safeDecode(part));
    // Every refusal is counted once (labels: a registered system or `unknown`, and a reason from a fixed set).
    const rejected = (reason: string): void => {
      metrics.webhookRejected.inc({ system: systems.has(system) ? system : 'unknown', reason });
      logger.warn({ system: system.slice(0, 40), connectionId: connectionId.slice(0, 40), reason, correlationId }, 'webhook delivery rejected');
    };
    if (req.method !== 'POST') {
      req.resume();
      rejected('method-not-allowed');
      answer({ status: 405, body: { error: { code: 'method_not_allowed', message: 'Webhook deliveries are POSTed' } } }, { allow: 'POST' });
      return;
    }
    if (!SYSTEM.test(system) || !UUID.test(connectionId) || rest.length > 0) {
      req.resume();
      rejected('unknown-destination');
      answer({ status: 404, body: { error: { code: 'not_found', message: 'Unknown webhook destination' } } });
      return;
    }
    readBody(req, WEBHOOK_MAX_BYTES)
      .then(async (raw) => {
        if (!raw) {
          rejected('too-large');
          answer({ status: 413, body: { error: { code: 'payload_too_large', message: `A delivery may be at most ${WEBHOOK_MAX_BYTES} bytes` } } }, { connection: 'close' });
          return;
        }
        const result = await intake.accept(system, connectionId, raw, req.headers, correlationId);
        if (!result.ok) {
          // Only registered kinds become label values: a path is the sender's to choose, a metric's cardinality is not.
          rejected(result.reason);
          if (result.status === 400) answer({ status: 400, body: { error: { code: 'validation_failed', message: result.message ?? 'The delivery body is not valid' } } });
          else if (result.status === 404) answer({ status: 404, body: { error: { code: 'not_found', message: 'Unknown webhook destination' } } });
          else answer({ status: 401, body: { error: { code: 'unauthenticated', message: 'Webhook signature or secret is not valid' } } });
          return;
        }
        metrics.webhookAccepted.inc({ system, duplicate: String(result.duplicate) });
        // A stale delivery (older than the record we hold) is answered 200 too: a non-2xx would count as a failed
        // delivery toward the hook's disabling (WooCommerce) or a retry (BigCommerce), and nothing is lost.
        // A system may require its own answer (Adobe Commerce webhooks: `{"op":"success"}`, or checkout sees an error).
        const acknowledge = systems.has(system) ? systems.get(system).capabilities.webhook?.acknowledgement : undefined;
        const outcome = { accepted: true as const, duplicate: result.duplicate, ...(result.stale ? { stale: true } : {}) };
        answer({ status: 200, body: acknowledge ? acknowledge(outcome) : outcome });
      })
      .catch((err: unknown) => {
        logger.error({ system, connectionId, correlationId, err: err instanceof Error ? { name: err.name, message: err.message } : String(err) }, 'webhook intake failed');
        // 5xx: the store retries the delivery later, so nothing is lost.
        if (!res.headersSent) answer({ status: 503, body: { error: { code: 'dependency_unavailable', message: 'Could not store the delivery; it will be retried' } } });
      });
  });
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return '';
  }
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
