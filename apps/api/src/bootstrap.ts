import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { Client } from 'pg';
import { Redis } from 'ioredis';
import { AppModule, type AppModuleOptions } from './app.module';
import { mountWebhookRoute } from './modules/sync/webhook.route';
import { sessionTokenOf } from './modules/auth/auth.guard';
import { AuthService } from './modules/auth/auth.service';
import type { NextFunction, Request, Response } from 'express';
import type { AppConfig } from './config/config.schema';

/** Raised by `preflight` with one line saying what is unreachable and what to do. */
export class PreflightError extends Error {
  override name = 'PreflightError';
}

function describeTarget(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || (u.protocol.startsWith('redis') ? '6379' : '5432')}${u.pathname.length > 1 ? u.pathname : ''}`;
}

/**
 * Checks PostgreSQL and Redis answer before Nest starts, so a bad DATABASE_URL or REDIS_URL gives one
 * clear line instead of a stack of retries. Never prints credentials from the URLs.
 * @throws PreflightError
 */
export async function preflight(config: AppConfig): Promise<void> {
  const pg = new Client({ connectionString: config.DATABASE_URL, connectionTimeoutMillis: 3_000 });
  try {
    await pg.connect();
    await pg.query('SELECT 1');
  } catch (err) {
    const reason = (err as { code?: string }).code ?? (err as Error).message;
    const hint = reason === '3D000' ? 'the database does not exist: create it with `createdb`' : 'start it with `docker compose up -d postgres redis` or fix DATABASE_URL';
    throw new PreflightError(`Cannot use PostgreSQL at DATABASE_URL (${describeTarget(config.DATABASE_URL)}): ${reason}; ${hint}.`);
  } finally {
    await pg.end().catch(() => undefined);
  }
  const redis = new Redis(config.REDIS_URL, { lazyConnect: true, connectTimeout: 3_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    throw new PreflightError(
      `Cannot reach Redis at REDIS_URL (${describeTarget(config.REDIS_URL)}): ${(err as Error).message}; start it with \`docker compose up -d postgres redis\` or fix REDIS_URL.`,
    );
  } finally {
    redis.disconnect();
  }
}

/**
 * Builds the Nest application for `config.ROLE` (migrations are applied while TypeORM connects).
 * HTTP is configured (cookies, OpenAPI at /api/docs, shutdown hooks) but not listening yet.
 */
export async function createApp(config: AppConfig, options: AppModuleOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, options), { bufferLogs: true, rawBody: true });
  app.useLogger(app.get(Logger));
  // Start-up logs were buffered until pino was in place; Nest flushes them only in listen(), which a worker never calls
  // (it only init()s): flush here, so every role logs from now on and nothing accumulates in the buffer.
  app.flushLogs();
  // The client address and scheme behind the proxies TRUST_PROXY names (the dashboard's Next.js proxy by default).
  app.set('trust proxy', config.TRUST_PROXY);
  mountWebhookRoute(app);
  // Security headers on every answer (helmet's defaults: a same-origin content security policy that Swagger UI's own
  // files satisfy, nosniff, frame-ancestors 'none' via X-Frame-Options, HSTS, no referrer leaks). The dashboard is
  // served by Next.js (apps/web), which sets its own.
  app.use(helmet());
  app.use(cookieParser());
  app.disable('x-powered-by');
  app.enableShutdownHooks();
  const openApi = new DocumentBuilder()
    .setTitle('ml-connector API')
    .setDescription('Connections, mappings, records and replay. Sign in at POST /api/auth/login and send the token as a Bearer token. Browser sessions (the session cookie) must send the token of GET /api/auth/csrf as X-CSRF-Token on every POST, PUT, PATCH and DELETE.')
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  // The API's map is for signed-in users only: Swagger UI and its JSON are served outside Nest's guards, so the same
  // session check runs in front of them (a Bearer token or the session cookie).
  app.use(['/api/docs', '/api/docs-json', '/api/docs-yaml'], docsGate(app.get(AuthService)));
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi));
  return app;
}

/** Express middleware answering 401 in the API's error shape unless the request carries a live session. */
function docsGate(auth: AuthService): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    const token = sessionTokenOf(req);
    void (token ? auth.authenticate(token) : Promise.resolve(undefined)).then(
      (user) => (user ? next() : void res.status(401).json({ error: { code: 'unauthenticated', message: 'Sign in first' } })),
      next,
    );
  };
}
