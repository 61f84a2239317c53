import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { BigCommerceOrderCursor } from '@mlc/connectors';
import type { Repository } from 'typeorm';
import { type ConnectionEntity, SyncCursorEntity } from '../../database/entities';
import { FlowsService } from '../mapping/flows.service';
import { RecordsService } from '../sync/records.service';
import { BigCommerceClients } from './bigcommerce-clients.service';

/** Saved between runs: the upper bound of the last completed window, or the page cursor of a run in progress. */
type ReconcileCursor = { lastUpperBound: string } | { inProgress: BigCommerceOrderCursor; lastUpperBound: string | null };

/** How far back the very first run looks unless the flow sets `backfillFrom`. */
const FIRST_RUN_LOOKBACK_MS = 7 * 24 * 3_600_000;

export type ReconcileResult = { seen: number; enqueued: number; pages: number; windowEnd: string };

/**
 * Catches orders whose webhooks were lost: lists orders modified since the last completed window
 * (`min_date_modified`, orders.v2.oas2.yml), with the window's upper bound frozen when the run starts and the
 * cursor saved after every page, so a killed worker resumes where it stopped. Each order goes through the
 * same intake as a webhook; records already posted are skipped by the handler, so nothing posts twice.
 */
@Injectable()
export class BigCommerceReconciler {
  constructor(
    @InjectRepository(SyncCursorEntity) private readonly cursors: Repository<SyncCursorEntity>,
    private readonly clients: BigCommerceClients,
    private readonly records: RecordsService,
    private readonly flows: FlowsService,
  ) {}

  async run(conn: ConnectionEntity, correlationId?: string): Promise<ReconcileResult> {
    const flow = await this.flows.findForSource(conn.id, 'order');
    const saved = await this.cursors.findOneBy({ connectionId: conn.id, entityType: 'order' });
    const state = (saved?.cursor ?? null) as ReconcileCursor | null;
    const client = await this.clients.forConnection(conn);
    let from: Parameters<typeof client.orders.list>[0];
    let upper: Date;
    if (state && 'inProgress' in state) {
      from = state.inProgress;
      upper = new Date(state.inProgress.maxDateModified);
    } else {
      upper = new Date();
      const backfillFrom = typeof flow?.settings['backfillFrom'] === 'string' ? new Date(flow.settings['backfillFrom']) : undefined;
      const lower = state?.lastUpperBound ? new Date(state.lastUpperBound) : (backfillFrom ?? new Date(upper.getTime() - FIRST_RUN_LOOKBACK_MS));
      from = { minDateModified: lower, maxDateModified: upper, sort: 'id:asc' };
    }
    const lastUpperBound = state?.lastUpperBound ?? null;
    const result: ReconcileResult = { seen: 0, enqueued: 0, pages: 0, windowEnd: upper.toISOString() };
    for await (const page of client.orders.list(from)) {
      for (const order of page.items) {
        result.seen += 1;
        const received = await this.records.receive({
          connectionId: conn.id,
          system: 'bigcommerce',
          entityType: 'order',
          externalId: String(order.id),
          payload: { id: order.id, status_id: order.status_id, date_modified: order.date_modified, via: 'reconciliation' },
          flowId: flow?.id ?? null,
          correlationId,
          via: 'poll',
          isFinalOncePosted: true,
        });
        if (!received.isDuplicate) result.enqueued += 1;
      }
      result.pages += 1;
      const next: ReconcileCursor = page.nextCursor ? { inProgress: page.nextCursor, lastUpperBound } : { lastUpperBound: upper.toISOString() };
      await this.saveCursor(conn.id, flow?.id ?? null, next, page.nextCursor ? upper : null);
    }
    if (result.pages === 0) await this.saveCursor(conn.id, flow?.id ?? null, { lastUpperBound: upper.toISOString() }, null);
    return result;
  }

  private async saveCursor(connectionId: string, flowId: string | null, cursor: ReconcileCursor, windowUpperBound: Date | null): Promise<void> {
    await this.cursors.upsert({ connectionId, flowId, entityType: 'order', cursor, windowUpperBound }, ['connectionId', 'entityType']);
  }
}
