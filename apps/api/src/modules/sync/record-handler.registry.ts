import { Injectable } from '@nestjs/common';
import { ANY_SYSTEM, type RecordHandler } from './record-handler';

/**
 * Handlers by `system:entityType`. The posting skeleton registers one handler per entity type for every system
 * (`system` = ANY_SYSTEM); a handler registered for one exact system (tests, a system's own special case) wins.
 */
@Injectable()
export class RecordHandlerRegistry {
  private readonly handlers = new Map<string, RecordHandler>();

  /** @throws Error when a handler for the same system and entity type is already registered (a wiring mistake). */
  register(handler: RecordHandler): void {
    const key = `${handler.system}:${handler.entityType}`;
    if (this.handlers.has(key)) throw new Error(`a record handler for ${key} is already registered`);
    this.handlers.set(key, handler);
  }

  find(system: string, entityType: string): RecordHandler | undefined {
    return this.handlers.get(`${system}:${entityType}`) ?? this.handlers.get(`${ANY_SYSTEM}:${entityType}`);
  }

  /**
   * Whether a posted record of this kind is final (RecordHandler.isFinalOncePosted), for intake paths that do not
   * know it themselves (the catch-up poll): a later listing of a non-final record (a capture that became paid) must
   * run it again, not count as a duplicate.
   */
  isFinalOncePosted(system: string, entityType: string): boolean {
    return this.find(system, entityType)?.isFinalOncePosted ?? true;
  }
}
