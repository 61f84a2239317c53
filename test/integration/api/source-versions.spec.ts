import { SyncRecordEntity } from '../../../apps/api/src/database/entities';
import type { RecordContext, RecordHandler, RecordOutcome } from '../../../apps/api/src/modules/sync/record-handler';
import { RecordHandlerRegistry } from '../../../apps/api/src/modules/sync/record-handler.registry';
import { RecordsService } from '../../../apps/api/src/modules/sync/records.service';
import { startTestApp, type TestApp, waitFor } from '../../support/api-harness';

/**
 * Sources that send whole records (WooCommerce): each payload carries its source version (date_modified_gmt as
 * ISO-8601 UTC). Intake keeps the newest; an older delivery is stale and changes nothing; a fetched payload never
 * overwrites a newer delivered one.
 */
class HoldingHandler implements RecordHandler {
  readonly system = 'versioned';
  readonly entityType = 'customer';
  seen: unknown[] = [];
  /** When set, the next attempt waits for it and then "fetches" this payload with this version. */
  hold: { until: Promise<void>; payload: unknown; version: string } | undefined;

  async process(record: SyncRecordEntity, ctx: RecordContext): Promise<RecordOutcome> {
    const rows: { source_payload: unknown }[] = await this.db().query(`SELECT source_payload FROM sync_record WHERE id = $1`, [record.id]);
    this.seen.push(rows[0]?.source_payload);
    const hold = this.hold;
    this.hold = undefined;
    if (hold) {
      await hold.until;
      ctx.fetched(hold.payload, 'fetched', 1, hold.version);
    }
    return { status: 'posted', targetRef: `C-${record.externalId}`, message: 'posted' };
  }

  db: () => TestApp['db'] = () => {
    throw new Error('not wired');
  };
}

describe('versioned payloads (whole records at delivery)', () => {
  let t: TestApp;
  let records: RecordsService;
  const handler = new HoldingHandler();
  let connectionId: string;

  beforeAll(async () => {
    t = await startTestApp({ JOB_ATTEMPTS: '3', JOB_BACKOFF_BASE_MS: '20' });
    handler.db = () => t.db;
    t.app.get(RecordHandlerRegistry).register(handler);
    records = t.app.get(RecordsService);
    const [row] = await t.db.query(`INSERT INTO connection (system, name) VALUES ('versioned', 'Versioned shop') RETURNING id`);
    connectionId = row.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const receive = (externalId: string, payload: unknown, version: string | undefined) =>
    records.receive({ connectionId, system: 'versioned', entityType: 'customer', externalId, payload, via: 'webhook', version, isFinalOncePosted: false });
  const row = async (id: string) => t.db.getRepository(SyncRecordEntity).findOneByOrFail({ id });
  const settled = async (id: string) => waitFor(async () => ((await row(id)).status === 'posted' ? true : undefined), { what: 'posted' });

  it('should keep the newest version: a newer payload replaces the stored one, an older one is stale and changes nothing', async () => {
    const v1 = await receive('1', { id: 1, name: 'Ada', date_modified_gmt: '2026-12-01T10:00:00' }, '2026-12-01T10:00:00.000Z');
    await settled(v1.recordId ?? '');
    const v3 = await receive('1', { id: 1, name: 'Ada Lovelace', date_modified_gmt: '2026-12-01T10:00:03' }, '2026-12-01T10:00:03.000Z');
    expect(v3).toMatchObject({ isDuplicate: false, isStale: false });
    await settled(v3.recordId ?? '');
    const before = await row(v1.recordId ?? '');
    const stale = await receive('1', { id: 1, name: 'Ada (old)', date_modified_gmt: '2026-12-01T10:00:02' }, '2026-12-01T10:00:02.000Z');
    expect(stale).toMatchObject({ isDuplicate: true, isStale: true });
    const after = await row(v1.recordId ?? '');
    expect(after.sourcePayload).toEqual({ id: 1, name: 'Ada Lovelace', date_modified_gmt: '2026-12-01T10:00:03' });
    expect(after.sourceVersion).toBe('2026-12-01T10:00:03.000Z');
    expect(after.handoff).toBe(before.handoff);
    // A posted customer stays `posted` while its newer version is re-queued, so `settled` does not wait for that run:
    // wait until the handler has seen the newest version (under load the run comes a little later).
    const newest = { id: 1, name: 'Ada Lovelace', date_modified_gmt: '2026-12-01T10:00:03' };
    await waitFor(() => Promise.resolve(JSON.stringify(handler.seen.at(-1)) === JSON.stringify(newest) ? true : undefined), { what: 'the newest version processed' });
    expect(handler.seen.at(-1)).toEqual(newest);
  });

  it('should not let a fetch that started before a newer delivery overwrite that delivery’s payload', async () => {
    let release!: () => void;
    handler.hold = { until: new Promise<void>((r) => (release = r)), payload: { id: 2, name: 'fetched (older)' }, version: '2026-12-01T11:00:01.000Z' };
    const first = await receive('2', { id: 2 }, undefined);
    const id = first.recordId ?? '';
    await waitFor(async () => ((await row(id)).status === 'processing' ? true : undefined), { what: 'processing' });
    await receive('2', { id: 2, name: 'delivered (newer)' }, '2026-12-01T11:00:05.000Z');
    release();
    await waitFor(async () => {
      const r = await row(id);
      return r.status === 'posted' && handler.seen.length >= 4 ? r : undefined;
    }, { what: 'posted twice' });
    const stored = await row(id);
    expect(stored.sourcePayload).toEqual({ id: 2, name: 'delivered (newer)' });
    expect(stored.sourceVersion).toBe('2026-12-01T11:00:05.000Z');
  });
});
