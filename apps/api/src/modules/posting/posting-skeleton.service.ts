import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { MappingError } from '@mlc/mapping';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { REDIS } from '../../common/redis.module';
import type { ConnectionEntity, SyncRecordEntity } from '../../database/entities';
import { DEFAULT_FLOW_POSTING } from '../../database/flow-settings';
import { routeRecord } from '../mapping/documents';
import { FlowsService } from '../mapping/flows.service';
import { ANY_SYSTEM, FETCHED_KIND, PermanentRecordError, type RecordContext, type RecordOutcome, RetryLaterError } from '../sync/record-handler';
import { RecordHandlerRegistry } from '../sync/record-handler.registry';
import { RecordsService } from '../sync/records.service';
import type { FetchedRecord, PostableRead, RecordSourceCapability } from '../systems/capabilities';
import { SystemRegistry } from '../systems/system-registry.service';
import { CreditNoteHandler } from './credit-note.handler';
import { CustomerInvoiceHandler } from './customer-invoice.handler';
import { CustomerMasterHandler } from './customer-master.handler';
import { CustomerPaymentHandler } from './customer-payment.handler';
import type { CatalogHandler, DocumentHandler, PostedParent, PostingStep, RecordPostingHandler, StockHandler } from './document-handler';
import { InventoryItemHandler } from './inventory-item.handler';
import { InventoryStockHandler } from './inventory-stock.handler';
import { ProductProcurementHandler } from './product-procurement.handler';
import { SalesOrderHandler } from './sales-order.handler';
import { SupplierHandler } from './supplier.handler';

/**
 * How long a record waits for its parent's document (a refund for its order's invoice) before asking again; the
 * parent's posting wakes it sooner (RecordsService.noteWaiting / wakeWaiting).
 */
export const WAIT_FOR_PARENT_MS = 30_000;
/** How many attempts of a child re-read a skipped parent before the child fails naming it. */
const PARENT_RECHECKS = 3;
/** Longest a flow may hold a source record's posting into one company while sibling flows wait (one Visma POST). */
const SIBLING_LOCK_MS = 60_000;

type ParentRow = { id: string; external_id: string; status: string; target_ref: string | null; target_connection_id: string | null };

/**
 * The one posting skeleton every shop's records go through, whatever the system:
 *
 *   claim (RecordProcessor) → flow → wait for the parent (a refund's order) → fetch (the source's `fetch`
 *   capability) → read (pure, to the canonical document) → route (the flow's routing rules; a child follows its
 *   parent's company) → the document handler: validate → exactly-once look-up by external reference → resolve
 *   customer → post → outcome and audit in one statement (RecordProcessor).
 *
 * A record without a flow (received before any flow was enabled) is handed to the flows that move it now, once, and
 * skipped with that note; nothing posts without a flow. Input that cannot be read fails at once naming the field,
 * with the raw payload kept on the record for replay.
 */
@Injectable()
export class PostingSkeleton implements OnModuleInit {
  private readonly handlers: RecordPostingHandler[];
  /** Handlers by entity type; the flow's posting choices pick one (DocumentHandler.isChosenBy). */
  private readonly byEntity = new Map<string, RecordPostingHandler[]>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly recordHandlers: RecordHandlerRegistry,
    private readonly systems: SystemRegistry,
    private readonly flows: FlowsService,
    private readonly records: RecordsService,
    invoices: CustomerInvoiceHandler,
    salesOrders: SalesOrderHandler,
    creditNotes: CreditNoteHandler,
    customers: CustomerMasterHandler,
    suppliers: SupplierHandler,
    payments: CustomerPaymentHandler,
    procurement: ProductProcurementHandler,
    stock: InventoryStockHandler,
    items: InventoryItemHandler,
  ) {
    this.handlers = [invoices, salesOrders, creditNotes, customers, suppliers, payments, procurement, stock, items] as RecordPostingHandler[];
  }

  onModuleInit(): void {
    for (const handler of this.handlers) {
      const siblings = this.byEntity.get(handler.entityType);
      if (siblings) {
        if (siblings.some((h) => h.isFinalOncePosted !== handler.isFinalOncePosted)) throw new Error(`Every ${handler.entityType} handler must agree on isFinalOncePosted`);
        siblings.push(handler);
        continue;
      }
      this.byEntity.set(handler.entityType, [handler]);
      this.recordHandlers.register({ system: ANY_SYSTEM, entityType: handler.entityType, isFinalOncePosted: handler.isFinalOncePosted, process: (record, ctx) => this.process(record, ctx) });
    }
  }

  /** Runs one attempt of one record. @throws PermanentRecordError, RetryLaterError or a retryable error (see RecordHandler). */
  async process(record: SyncRecordEntity, ctx: RecordContext): Promise<RecordOutcome> {
    const candidates = this.byEntity.get(record.entityType) ?? [];
    if (record.targetRef && candidates[0]?.isFinalOncePosted) {
      return { status: 'posted', targetRef: record.targetRef, isAlreadyDone: true, message: `Already posted as ${record.targetRef}; nothing to do` };
    }
    if (!record.flowId) return this.handOver(record, ctx);
    const { flow, source } = await this.flows.resolveForRecord(record);
    const handler = candidates.find((h) => h.isChosenBy(flow.posting ?? DEFAULT_FLOW_POSTING));
    if (!handler) throw new PermanentRecordError(`No document handler posts ${record.entityType} records with this flow's posting choices`, 'no_handler');
    const system = this.systems.get(source.system);
    const fetcher = system.capabilities.fetch;
    if (!fetcher) throw new PermanentRecordError(`${system.facts.label} records cannot be fetched (no fetch capability)`, 'no_fetch');

    // A parent that failed or was skipped blocks only a child that has something to post: the child is read first
    // (an order cancelled before any charge has neither an invoice nor anything to credit, so both are skipped).
    let missingParent: PermanentRecordError | undefined;
    const parent = await this.parentOf(fetcher.parentOf.bind(fetcher), record, ctx).catch((err: unknown) => {
      if (err instanceof PermanentRecordError && err.code === 'parent_missing') {
        missingParent = err;
        return undefined;
      }
      throw err;
    });
    // A source that sends whole records (WooCommerce): post from the newest version it sent (older ones are stale at
    // intake), unless that is only a stub; that payload is already stored, so only the timeline notes the reading.
    const delivered = fetcher.fromPayload ? await this.fromStoredPayload(record, source, fetcher) : undefined;
    const fetched = delivered ?? (await fetcher.fetch(source, record.entityType, record.externalId));
    if (!fetched) return { status: 'skipped', message: `${capitalised(record.entityType)} ${record.externalId} no longer exists in ${system.facts.label}` };
    if (delivered) ctx.audit(FETCHED_KIND, delivered.message, { calls: 0, fromDelivery: true, ...(delivered.version ? { version: delivered.version } : {}) });
    else ctx.fetched(fetched.raw, fetched.message, fetched.calls, fetched.version);

    const read = this.read(record, () => fetched.read?.(new Date()) ?? fetcher.read(source, record.entityType, fetched.raw, new Date()));
    if (read.kind === 'not-yet') return { status: 'skipped', message: read.reason };
    if (missingParent) throw missingParent;
    const accepted = handler.accept(read);
    if (!accepted.ok) throw new PermanentRecordError(accepted.reason, `invalid_${record.entityType}`);

    const targetConnectionId = parent ? parent.targetConnectionId : this.route(flow, read);
    if (typeof targetConnectionId !== 'string') return targetConnectionId;
    const target = await this.flows.company(targetConnectionId);
    const base = { record, ctx, flow, source, sourceLabel: system.facts.label, read: accepted.value, target, parent, isRepeat: ctx.attempt > 1 || record.attempts > 1 };
    if (handler.writesInto === 'catalog') return { ...(await this.postToCatalog(handler, base)), targetConnectionId };
    if (handler.writesInto === 'stock') return { ...(await this.postToStock(handler, base)), targetConnectionId };
    const documents = this.systems.capability(target.system, 'documentTarget');
    if (!documents) throw new PermanentRecordError(`${target.name} is not an ERP company documents can be posted into; fix the flow's routing and replay`, 'not_a_target');
    const visma = await documents.clientFor(target);
    const step = { ...base, visma };
    const hasSiblings = handler.isFinalOncePosted && (await this.flows.flowIdsForSource(record.connectionId, record.entityType)).length > 1;
    const outcome = hasSiblings ? await this.postBesideSiblings(handler, step) : await handler.post(step);
    return { ...outcome, targetConnectionId };
  }

  /**
   * The reverse direction: a record written into a shop's catalog (its `catalogTarget` capability), e.g. a Visma
   * supplier invoice as product cost. @throws PermanentRecordError `not_a_target` when the target has no catalog.
   */
  private async postToCatalog(handler: CatalogHandler<never>, base: Omit<PostingStep<never>, 'visma'>): Promise<RecordOutcome> {
    const catalog = this.systems.capability(base.target.system, 'catalogTarget');
    if (!catalog) throw new PermanentRecordError(`${base.target.name} is not a shop whose catalog can be written into; fix the flow's target and replay`, 'not_a_target');
    // Two supplier invoices naming one product must not interleave their read-compare-write (the earlier invoice would
    // win by writing last): one writer per catalog at a time, the others retried in a second.
    const lockKey = `lock:catalog:${base.target.id}`;
    const token = randomUUID();
    if ((await this.redis.set(lockKey, token, 'PX', SIBLING_LOCK_MS, 'NX')) !== 'OK') {
      throw new RetryLaterError(500 + Math.floor(Math.random() * 500), `Another record is writing into ${base.target.name}'s catalog`);
    }
    try {
      return await handler.post({ ...base, catalog });
    } finally {
      if ((await this.redis.get(lockKey)) === token) await this.redis.del(lockKey);
    }
  }

  /**
   * The reverse direction for stock: an ERP item's sellable quantity written into a shop's inventory (its
   * `stockTarget` capability). Absolute quantities, re-read at every attempt, so a replay or a late retry writes the
   * current stock, never an older one. @throws PermanentRecordError `not_a_target` when the target keeps no stock.
   */
  private async postToStock(handler: StockHandler<never>, base: Omit<PostingStep<never>, 'visma'>): Promise<RecordOutcome> {
    const stock = this.systems.capability(base.target.system, 'stockTarget');
    if (!stock) throw new PermanentRecordError(`${base.target.name} is not a shop whose stock can be written; fix the flow's target and replay`, 'not_a_target');
    return handler.post({ ...base, stock });
  }

  /**
   * Exactly once across flows: when several flows read this entity from one store, two of them may route the same
   * source record into the same Visma company. One Redis lock per company and source record serialises them; under
   * it, a document another flow's record already holds there is adopted, and otherwise the handler looks the external
   * reference up in Visma before creating (the other flow may have posted and not yet written its outcome).
   * @throws RetryLaterError while another flow holds the lock.
   */
  private async postBesideSiblings(handler: DocumentHandler<never>, step: PostingStep<never>): Promise<RecordOutcome> {
    const { record, target } = step;
    const lockKey = `lock:post:${target.id}:${record.connectionId}:${record.entityType}:${record.externalId}`;
    const token = randomUUID();
    if ((await this.redis.set(lockKey, token, 'PX', SIBLING_LOCK_MS, 'NX')) !== 'OK') {
      throw new RetryLaterError(1_000, `Another flow is posting ${record.entityType} ${record.externalId} into ${target.name}`);
    }
    try {
      const rows: { target_ref: string; flow_id: string }[] = await this.db.query(
        `SELECT target_ref, flow_id FROM sync_record
          WHERE connection_id = $1 AND entity_type = $2 AND external_id = $3 AND flow_id IS DISTINCT FROM $4
            AND target_connection_id = $5 AND target_ref IS NOT NULL LIMIT 1`,
        [record.connectionId, record.entityType, record.externalId, record.flowId, target.id],
      );
      const sibling = rows[0];
      if (sibling) {
        return { status: 'posted', targetRef: sibling.target_ref, message: `Already posted into ${target.name} as ${sibling.target_ref} by another flow (${sibling.flow_id}); adopted, not posted again` };
      }
      return await handler.post({ ...step, isRepeat: true });
    } finally {
      if ((await this.redis.get(lockKey)) === token) await this.redis.del(lockKey);
    }
  }

  /**
   * The record's stored payload as the source's whole record (RecordSourceCapability.fromPayload), or undefined when
   * it is a stub to fetch. @throws PermanentRecordError `invalid_<entity>` when a whole payload cannot be read.
   */
  private async fromStoredPayload(record: SyncRecordEntity, source: ConnectionEntity, fetcher: RecordSourceCapability): Promise<FetchedRecord | undefined> {
    const rows: { source_payload: unknown }[] = await this.db.query(`SELECT source_payload FROM sync_record WHERE id = $1`, [record.id]);
    const payload = rows[0]?.source_payload;
    if (payload === undefined || payload === null) return undefined;
    return this.read(record, () => fetcher.fromPayload?.(source, record.entityType, payload));
  }

  /** Reads the fetched record. @throws PermanentRecordError `invalid_<entity>` naming the field it cannot read. */
  private read<T>(record: SyncRecordEntity, read: () => T): T {
    try {
      return read();
    } catch (err) {
      if (err instanceof MappingError) {
        throw new PermanentRecordError(`The ${record.entityType} cannot be read: ${err.field}: ${err.message}`, `invalid_${record.entityType}`, { field: err.field }, { cause: err });
      }
      throw err;
    }
  }

  /** The company a record goes to, or the skipped outcome. @throws PermanentRecordError `no_company_route`. */
  private route(flow: Parameters<typeof routeRecord>[0], read: PostableRead): string | RecordOutcome {
    const routable = routableOf(read);
    const decision = routeRecord(flow, routable);
    if (decision.kind === 'target') {
      return decision.targetConnectionId;
    }
    if (decision.kind === 'skip') return { status: 'skipped', message: decision.reason };
    throw new PermanentRecordError(decision.problem.message, 'no_company_route', { problems: [decision.problem] });
  }

  /**
   * The posted parent of a record that follows one (a refund follows its order's invoice), in the same flow.
   * @throws RetryLaterError while the parent is on its way (it is requested when unknown), PermanentRecordError
   *   `parent_missing` when the parent failed or was skipped (fix and replay it, then this one).
   */
  private async parentOf(parentKeyOf: (entityType: string, externalId: string) => { entityType: string; externalId: string } | undefined, record: SyncRecordEntity, ctx: RecordContext): Promise<PostedParent | undefined> {
    let key;
    try {
      key = parentKeyOf(record.entityType, record.externalId);
    } catch (err) {
      if (err instanceof MappingError) throw new PermanentRecordError(`${capitalised(record.entityType)} record id "${record.externalId}" cannot be read: ${err.message}`, `invalid_${record.entityType}`, { field: err.field }, { cause: err });
      throw err;
    }
    if (!key) return undefined;
    const readParent = async (): Promise<ParentRow | undefined> =>
      (
        await this.db.query<ParentRow[]>(
          `SELECT id, external_id, status, target_ref, target_connection_id FROM sync_record WHERE connection_id = $1 AND entity_type = $2 AND external_id = $3 AND flow_id = $4`,
          [record.connectionId, key.entityType, key.externalId, record.flowId],
        )
      )[0];
    const posted = async (row: ParentRow): Promise<PostedParent> => {
      const { flow } = await this.flows.resolveForRecord(record);
      return { externalId: row.external_id, targetRef: row.target_ref ?? '', targetConnectionId: row.target_connection_id ?? flow.targetConnectionId };
    };
    let parent = await readParent();
    if (parent?.target_ref) return posted(parent);
    // A parent skipped as "not yet" (an Adobe Commerce order read before its invoice existed) may be postable now that
    // its child exists: it is read again, a few times, before the child gives up on it.
    const mayStillPost = parent?.status === 'skipped' && record.attempts <= PARENT_RECHECKS;
    if (parent?.status === 'failed' || (parent?.status === 'skipped' && !mayStillPost)) {
      throw new PermanentRecordError(
        `${capitalised(key.entityType)} ${key.externalId} has no document in Visma (${parent.status}); fix and replay the ${key.entityType}, then this ${record.entityType}`,
        'parent_missing',
      );
    }
    let parentId = parent?.id ?? null;
    if (!parent || mayStillPost) {
      ({ recordId: parentId } = await this.records.receive({
        connectionId: record.connectionId,
        system: record.system,
        entityType: key.entityType,
        externalId: key.externalId,
        payload: { id: key.externalId, via: record.entityType },
        flowIds: record.flowId ? [record.flowId] : [],
        via: record.entityType,
        correlationId: ctx.correlationId,
        isFinalOncePosted: true,
      }));
    }
    if (parentId) {
      // Noted before the parent is read again: a parent posted in between is seen now, one posted later wakes this record.
      await this.records.noteWaiting(parentId, record.id);
      parent = await readParent();
      if (parent?.target_ref) return posted(parent);
    }
    throw new RetryLaterError(WAIT_FOR_PARENT_MS, `Waiting for ${key.entityType} ${key.externalId} to be posted first`);
  }

  /** A record without a flow: hand it to the flows that move it now (a record each), or fail visibly. */
  private async handOver(record: SyncRecordEntity, ctx: RecordContext): Promise<RecordOutcome> {
    const flowIds = await this.flows.flowIdsForSource(record.connectionId, record.entityType);
    if (!flowIds.length) throw new PermanentRecordError(`No enabled flow moves ${record.entityType} records from this connection; enable one and replay`, 'no_flow');
    const rows: { source_payload: unknown }[] = await this.db.query(`SELECT source_payload FROM sync_record WHERE id = $1`, [record.id]);
    await this.records.receive({
      connectionId: record.connectionId,
      system: record.system,
      entityType: record.entityType,
      externalId: record.externalId,
      payload: rows[0]?.source_payload ?? { id: record.externalId },
      flowIds,
      via: 'replay',
      correlationId: ctx.correlationId,
    });
    return { status: 'skipped', message: `Handed to ${flowIds.length} flow(s) enabled since it arrived; each posts its own document` };
  }
}

/** What routing rules look at, per kind of read record (a capture normally follows its order's company instead). */
function routableOf(read: PostableRead): { storeId: string; channelId: string; country: string; currency: string } {
  switch (read.kind) {
    case 'customer':
      return { storeId: '', channelId: '', country: read.customer.billingAddress.countryCode, currency: '' };
    case 'sales-document':
      return { storeId: read.document.source.storeId, channelId: read.document.channelId, country: read.document.country, currency: read.document.currency };
    case 'capture':
      return { storeId: read.capture.source.storeId, channelId: '', country: '', currency: read.capture.currency };
    case 'procurement':
      return { storeId: '', channelId: '', country: '', currency: read.procurement.currency };
    case 'stock':
    case 'catalog-items':
      return { storeId: '', channelId: '', country: '', currency: '' };
  }
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

