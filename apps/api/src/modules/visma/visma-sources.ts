import type { ConnectionEntity } from '../../database/entities';
import type { CatchUpCapability, ChangedPage, FetchedRecord, ReadRecord, RecordSourceCapability } from '../systems/capabilities';

type Source = RecordSourceCapability & CatchUpCapability;

/**
 * Visma.net ERP's record sources as the one fetch and catch-up capability the registry holds per system: each entity
 * type (`supplier-invoice`, `inventory-item`) is served by its own source.
 */
export class VismaSources implements RecordSourceCapability, CatchUpCapability {
  readonly entityTypes: readonly string[];
  private readonly byEntity = new Map<string, Source>();

  constructor(sources: readonly Source[]) {
    for (const source of sources) for (const entityType of source.entityTypes) this.byEntity.set(entityType, source);
    this.entityTypes = [...this.byEntity.keys()];
  }

  private sourceOf(entityType: string): Source | undefined {
    return this.byEntity.get(entityType);
  }

  fetch(conn: ConnectionEntity, entityType: string, externalId: string): Promise<FetchedRecord | undefined> {
    const source = this.sourceOf(entityType) ?? this.first();
    return source.fetch(conn, entityType, externalId);
  }

  read(conn: ConnectionEntity, entityType: string, raw: unknown, now: Date): ReadRecord {
    return (this.sourceOf(entityType) ?? this.first()).read(conn, entityType, raw, now);
  }

  parentOf(entityType: string, externalId: string): { entityType: string; externalId: string } | undefined {
    return this.sourceOf(entityType)?.parentOf(entityType, externalId);
  }

  async *listChanged(conn: ConnectionEntity, entityType: string, window: { since: Date | undefined; until: Date; resume: unknown }): AsyncIterable<ChangedPage> {
    const source = this.sourceOf(entityType);
    if (source) yield* source.listChanged(conn, entityType, window);
  }

  /** An unknown entity type goes to the first source, which refuses it naming the field. */
  private first(): Source {
    const [first] = this.byEntity.values();
    if (!first) throw new Error('VismaSources needs at least one source');
    return first;
  }
}
