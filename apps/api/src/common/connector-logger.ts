import { Logger } from '@nestjs/common';
import type { ConnectorLogger } from '@mlc/connectors';

/** Adapts a Nest logger (pino underneath, with redaction) to the connectors' minimal logger interface. */
export function connectorLogger(context: string): ConnectorLogger {
  const logger = new Logger(context);
  return {
    debug: (obj, msg) => logger.debug(obj, msg),
    info: (obj, msg) => logger.log(obj, msg),
    warn: (obj, msg) => logger.warn(obj, msg),
    error: (obj, msg) => logger.error(obj, msg),
  };
}
