import { SyncRecordEntity } from '../../../apps/api/src/database/entities';
import { PermanentRecordError, type RecordHandler, type RecordOutcome, RetryLaterError } from '../../../apps/api/src/modules/sync/record-handler';
import { RecordHandlerRegistry } from '../../../apps/api/src/modules/sync/record-handler.registry';
import { RecordsService } from '../../../apps/api/src/modules/sync/records.service';
import { startTestApp, type TestApp, waitFor } from '../../support/api-harness';

/**
 * A record that waits for its parent (a refund for its order) is woken by the parent's final outcome, whatever it is:
 * posted (it goes on), skipped or failed (it fails at once naming the parent) — never left to its long re-delay.
 */
describe('records waiting for a parent', () => {
  let t: TestApp;
  let records: RecordsService;
  let connectionId: string;
  /** Parent outcome by external id. */
  const parentOutcome = new Map<string, 'posted' | 'skipped' | 'failed'>();
  const parentDone = new Set<string>();

  const parent: RecordHandler = {
    system: 'waits',
    entityType: 'parent',
    process: async (record): Promise<RecordOutcome> => {
      await new Promise((r) => setTimeout(r, 300));
      parentDone.add(record.externalId);
      const outcome = parentOutcome.get(record.externalId) ?? 'posted';
      if (outcome === 'failed') throw new PermanentRecordError('the parent cannot be posted', 'mapping_problems');
      return outcome === 'posted' ? { status: 'posted', targetRef: `P-${record.externalId}`, message: 'posted' } : { status: 'skipped', message: 'not for this company' };
    },
  };
  const child: RecordHandler = {
    system: 'waits',
    entityType: 'child',
    process: async (record): Promise<RecordOutcome> => {
      const parentId = record.externalId.split(':')[0] ?? '';
      const [row] = await t.db.query(`SELECT id, status FROM sync_record WHERE connection_id = $1 AND entity_type = 'parent' AND external_id = $2`, [connectionId, parentId]);
      if (row.status === 'posted') return { status: 'posted', targetRef: `C-${record.externalId}`, message: 'posted' };
      if (row.status === 'skipped' || row.status === 'failed') throw new PermanentRecordError(`parent ${parentId} was ${row.status}`, 'parent_missing');
      await records.noteWaiting(row.id, record.id);
      throw new RetryLaterError(60_000, `Waiting for parent ${parentId}`);
    },
  };

  beforeAll(async () => {
    t = await startTestApp({ JOB_ATTEMPTS: '3', JOB_BACKOFF_BASE_MS: '20' });
    t.app.get(RecordHandlerRegistry).register(parent);
    t.app.get(RecordHandlerRegistry).register(child);
    records = t.app.get(RecordsService);
    const [row] = await t.db.query(`INSERT INTO connection (system, name) VALUES ('waits', 'Waiting shop') RETURNING id`);
    connectionId = row.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const receive = (entityType: string, externalId: string) =>
    records.receive({ connectionId, system: 'waits', entityType, externalId, payload: { id: externalId }, via: 'webhook', isFinalOncePosted: true });
  const statusOf = async (entityType: string, externalId: string) =>
    (await t.db.getRepository(SyncRecordEntity).findOneBy({ connectionId, entityType, externalId }))?.status;

  it.each([
    ['posted', 'posted'],
    ['skipped', 'failed'],
    ['failed', 'failed'],
  ] as const)('should wake the waiting record within seconds when its parent is %s (not after the 60 s re-delay)', async (outcome, childStatus) => {
    const id = `p-${outcome}`;
    parentOutcome.set(id, outcome);
    await receive('parent', id);
    await receive('child', `${id}:1`);
    await waitFor(async () => ((await statusOf('child', `${id}:1`)) === childStatus ? true : undefined), { timeoutMs: 4_000, what: `child ${childStatus} after its parent was ${outcome}` });
    expect(parentDone.has(id)).toBe(true);
  });
});
