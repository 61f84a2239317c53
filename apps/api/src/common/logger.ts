import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Options } from 'pino-http';
import type { DestinationStream } from 'pino';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../config/config.schema';

/**
 * Paths pino removes from every log line, whatever the logger: auth headers, cookies, tokens, secrets,
 * credentials and passwords at any depth we produce them. A test plants secrets and greps the log.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-auth-token"]',
  'req.headers["webhook-signature"]',
  'req.headers["x-wc-webhook-signature"]',
  'req.headers["x-mlc-hook-secret"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.secret',
  '*.clientSecret',
  '*.client_secret',
  '*.accessToken',
  '*.access_token',
  '*.token',
  '*.credentials',
  '*.authorization',
  '*.Authorization',
  'credentials',
  'password',
  'secret',
  'token',
] as const;

/** Header carrying the correlation id in and out; generated when the caller sends none. */
export const CORRELATION_HEADER = 'x-correlation-id';

/**
 * nestjs-pino options: JSON logs, redaction, correlation id per request, quiet health probes.
 * `destination` (tests) captures the output instead of stdout.
 */
export function loggerParams(config: AppConfig, destination?: DestinationStream): Params {
  const options: Options = {
    level: config.LOG_LEVEL,
    redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const incoming = req.headers[CORRELATION_HEADER];
      const id = typeof incoming === 'string' && /^[\w.:-]{1,100}$/.test(incoming) ? incoming : randomUUID();
      res.setHeader(CORRELATION_HEADER, id);
      return id;
    },
    customProps: (req: IncomingMessage) => ({ correlationId: (req as IncomingMessage & { id?: unknown }).id }),
    autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' || req.url === '/metrics' },
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url?.split('?')[0] }),
    },
  };
  return { pinoHttp: destination ? [options, destination] : options };
}

/** The request's correlation id as pino-http assigned it (`req.id`), or '' when there is none. */
export function correlationIdOf(req: { id?: unknown }): string {
  return typeof req.id === 'string' || typeof req.id === 'number' ? String(req.id) : '';
}
