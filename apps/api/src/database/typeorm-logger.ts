import { Logger } from '@nestjs/common';
import { AbstractLogger, type LogLevel, type LogMessage } from 'typeorm';

/**
 * Sends TypeORM's own messages to the application logger (pino) instead of the console. Query
 * parameters are never logged (they can hold payloads with personal data or credentials).
 */
export class TypeOrmPinoLogger extends AbstractLogger {
  private readonly logger = new Logger('TypeORM');

  protected override writeLog(level: LogLevel, message: LogMessage | LogMessage[]): void {
    for (const m of Array.isArray(message) ? message : [message]) {
      const text = typeof m.message === 'string' ? m.message : String(m.message);
      if (level === 'error' || m.type === 'query-error') this.logger.error({ type: m.type }, text.slice(0, 500));
      else if (level === 'warn') this.logger.warn({ type: m.type }, text.slice(0, 500));
      else this.logger.debug({ type: m.type }, text.slice(0, 500));
    }
  }
}
