import { Injectable } from '@nestjs/common';
import type { RecordHandler } from './record-handler';

/** Handlers by `system:entityType`; system modules register theirs at start. */
@Injectable()
export class RecordHandlerRegistry {
  private readonly handlers = new Map<string, RecordHandler>();

  register(handler: RecordHandler): void {
    const key = `${handler.system}:${handler.entityType}`;
    if (this.handlers.has(key)) throw new Error(`a record handler for ${key} is already registered`);
    this.handlers.set(key, handler);
  }

  find(system: string, entityType: string): RecordHandler | undefined {
    return this.handlers.get(`${system}:${entityType}`);
  }
}
