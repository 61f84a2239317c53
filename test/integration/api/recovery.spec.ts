import { getQueueToken } from '@nestjs/bullmq';
import { type Job, type Queue, Worker } from 'bullmq';
import { SyncRecordEntity } from '../../../apps/api/src/database/entities';
import { MAX_STALLED_COUNT, RecordProcessor } from '../../../apps/api/src/modules/sync/record.processor';
import type { RecordContext, RecordHandler, RecordOutcome } from '../../../apps/api/src/modules/sync/record-handler';
import { RecordHandlerRegistry } from '../../../apps/api/src/modules/sync/record-handler.registry';
import { RecordsService } from '../../../apps/api/src/modules/sync/records.service';
import { type ProcessRecordJobData, RECORDS_QUEUE } from '../../../apps/api/src/modules/sync/sync.constants';
import { startTestApp, type TestApp, waitFor } from '../../support/api-harness';

/**
 * A target that counts its writes per record: `post` is what a handler does after `ctx.ensureLease()`, like the
 * Visma POST of the posting skeleton. `holdMs` makes the write slower than the lease (the sandbox holding the POST).
 */
class CountingHandler implements RecordHandler {
  readonly system = 'test';
  readonly entityType = 'order';
  readonly writes = new Map<string, number>();
  holdMs = 0;

  async process(record: SyncRecordEntity, ctx: RecordContext): Promise<RecordOutcome> {
    await ctx.ensureLease();
    this.writes.set(record.externalId, (this.writes.get(record.externalId) ?? 0) + 1);
    if (this.holdMs) await new Promise((r) => setTimeout(r, this.holdMs));
    return { status: 'posted', targetRef: `INV-${record.externalId}`, message: `posted by attempt ${ctx.attempt}` };
  }
}

/** Issue 13: what is lost when processes die, and how fast it moves again. Each test failed on the code before its fix. */
describe('recovery: durable hand-off, fenced leases, stalled jobs', () => {
  let t: TestApp;
  let handler: CountingHandler;
  let records: RecordsService;
  let queue: Queue<ProcessRecordJobData>;
  let connectionId: string;

  beforeAll(async () => {
    t = await startTestApp({ JOB_ATTEMPTS: '3', JOB_BACKOFF_BASE_MS: '20', RECORD_LEASE_MS: '1500', SWEEP_INTERVAL_MS: '300', SWEEP_GRACE_MS: '500' });
    handler = new CountingHandler();
    t.app.get(RecordHandlerRegistry).register(handler);
    records = t.app.get(RecordsService);
    queue = t.app.get<Queue<ProcessRecordJobData>>(getQueueToken(RECORDS_QUEUE));
    const [row] = await t.db.query(`INSERT INTO connection (system, name) VALUES ('test', 'Test shop') RETURNING id`);
    connectionId = row.id;
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(() => {
    handler.holdMs = 0;
  });

  const recordOf = (id: string) => t.db.getRepository(SyncRecordEntity).findOneByOrFail({ id });
  const kindsOf = async (id: string) => (await t.db.query<{ kind: string }[]>(`SELECT kind FROM audit_event WHERE record_id = $1 ORDER BY id`, [id])).map((e) => e.kind);
  const idOf = async (externalId: string) => (await t.db.query<{ id: string }[]>(`SELECT id FROM sync_record WHERE connection_id = $1 AND external_id = $2`, [connectionId, externalId]))[0]?.id;
  const incoming = (externalId: string) => ({ connectionId, system: 'test', entityType: 'order', externalId, payload: { id: externalId }, via: 'webhook' });

  it('should queue a record again when the process died between committing the delivery and enqueuing its job', async () => {
    // The API is killed after its intake statement committed and before queue.add: here queue.add fails once.
    const add = jest.spyOn(queue, 'add').mockRejectedValueOnce(new Error('process killed before the enqueue'));
    await expect(records.receive(incoming('1001'))).rejects.toThrow('process killed');
    add.mockRestore();
    const id = (await idOf('1001')) ?? '';
    expect((await recordOf(id)).status).toBe('received');
    // The store's retry of the same delivery is a duplicate: nothing but the sweeper can move the record now.
    expect((await records.receive(incoming('1001'))).isDuplicate).toBe(true);
    await waitFor(async () => (await recordOf(id)).status === 'posted', { timeoutMs: 10_000, what: 'the record posted without a new delivery' });
    expect(await kindsOf(id)).toEqual(['record.received', 'record.requeued', 'record.posted']);
    expect(handler.writes.get('1001')).toBe(1);
  });

  it('should queue every waiting record again when Redis lost the queue', async () => {
    const add = jest.spyOn(queue, 'add').mockResolvedValue(undefined as unknown as Job<ProcessRecordJobData>);
    await Promise.all(['1101', '1102', '1103'].map((id) => records.receive(incoming(id))));
    add.mockRestore();
    const ids = await Promise.all(['1101', '1102', '1103'].map(async (e) => (await idOf(e)) ?? ''));
    await waitFor(async () => (await Promise.all(ids.map(recordOf))).every((r) => r.status === 'posted'), { timeoutMs: 10_000, what: 'all three posted' });
    expect(['1101', '1102', '1103'].map((e) => handler.writes.get(e))).toEqual([1, 1, 1]);
  });

  it('should let the record of a dead worker move on within seconds, not minutes', async () => {
    // A worker takes the job and the record's lease, then dies: it never renews either.
    const dead = new Worker(RECORDS_QUEUE, null, { connection: { url: t.config.REDIS_URL }, prefix: t.config.QUEUE_PREFIX, lockDuration: 1_000, autorun: false });
    const add = jest.spyOn(queue, 'add');
    try {
      add.mockResolvedValueOnce(undefined as unknown as Job<ProcessRecordJobData>);
      await records.receive(incoming('1201'));
      const id = (await idOf('1201')) ?? '';
      const { handoff } = await recordOf(id);
      // Its job, enqueued for the dead worker alone: the app's workers are paused meanwhile.
      const worker = t.app.get(RecordProcessor).worker;
      await worker.pause();
      add.mockRestore();
      await queue.add('sync.process-record', { recordId: id, handoff }, { jobId: `${id}-h${handoff}` });
      const stolen = await dead.getNextJob('dead-worker-token');
      if (!stolen) throw new Error(`dead worker got no job; its state: ${await queue.getJobState(`${id}-h${handoff}`)}, writes ${handler.writes.get('1201')}`);
      expect(stolen.data.recordId).toBe(id);
      expect((await records.claim(id, 1_500, handoff)).kind).toBe('claimed');
      worker.resume();
      const diedAt = Date.now();
      await waitFor(async () => (await recordOf(id)).status === 'posted', { timeoutMs: 20_000, intervalMs: 100, what: 'the dead worker’s record posted' });
      // Stall detection (JOB_LOCK_MS + STALLED_CHECK_MS) and the lease bound it: 120 s of lease before the fix.
      expect(Date.now() - diedAt).toBeLessThan(12_000);
      expect(handler.writes.get('1201')).toBe(1);
    } finally {
      add.mockRestore();
      t.app.get(RecordProcessor).worker.resume();
      await dead.close(true);
    }
  }, 30_000);

  it('should hand a record to the queue again when BullMQ fails its job as stalled', async () => {
    const add = jest.spyOn(queue, 'add').mockResolvedValueOnce(undefined as unknown as Job<ProcessRecordJobData>);
    await records.receive(incoming('1301'));
    add.mockRestore();
    const id = (await idOf('1301')) ?? '';
    const record = await recordOf(id);
    // As BullMQ leaves it after the last stall: the record `processing` under an expired lease, its job failed.
    await t.db.query(`UPDATE sync_record SET status = 'processing', lease_until = now() - interval '1 second', next_attempt_at = now() WHERE id = $1`, [id]);
    const job = { id: `${id}-h${record.handoff}`, data: { recordId: id, handoff: record.handoff } } as Job<ProcessRecordJobData>;
    await t.app.get(RecordProcessor).onFailed(job, new Error(`job stalled more than allowable limit (${MAX_STALLED_COUNT})`));
    await waitFor(async () => (await recordOf(id)).status === 'posted', { timeoutMs: 5_000, what: 'posted after the stall' });
    expect(await kindsOf(id)).toContain('record.requeued');
  });

  it('should fence the lease: an attempt overtaken after its lease expired neither renews nor writes its outcome', async () => {
    const add = jest.spyOn(queue, 'add').mockResolvedValueOnce(undefined as unknown as Job<ProcessRecordJobData>);
    await records.receive(incoming('1401'));
    add.mockRestore();
    const id = (await idOf('1401')) ?? '';
    const first = await records.claim(id, 60_000);
    if (first.kind !== 'claimed') throw new Error(`first claim: ${first.kind}`);
    expect((await records.claim(id, 60_000)).kind).toBe('busy');
    // The first attempt froze (SIGSTOP) past its lease; a second one takes the record and posts it.
    await t.db.query(`UPDATE sync_record SET lease_until = now() - interval '1 second' WHERE id = $1`, [id]);
    const second = await records.claim(id, 60_000);
    if (second.kind !== 'claimed') throw new Error(`second claim: ${second.kind}`);
    expect(await records.finish(id, { status: 'posted', targetRef: 'INV-second', owner: second.owner }, { kind: 'record.posted', message: 'second' })).toBe(true);
    // The first wakes up: it cannot renew, and its outcome is not written over the second's.
    expect(await records.renew(id, first.owner, 60_000)).toBe(false);
    expect(await records.finish(id, { status: 'posted', targetRef: 'INV-first', owner: first.owner }, { kind: 'record.posted', message: 'first' })).toBe(false);
    const row = await recordOf(id);
    expect(row.targetRef).toBe('INV-second');
    expect((await kindsOf(id)).filter((k) => k === 'record.posted')).toHaveLength(1);
  });

  it('should keep a slow attempt’s lease alive past its length, so a second job for the record never writes beside it', async () => {
    handler.holdMs = 4_000; // the target holds the write for more than twice the 1.5 s lease
    const { recordId } = await records.receive(incoming('1501'));
    const id = recordId ?? '';
    await waitFor(() => Promise.resolve(handler.writes.get('1501') === 1), { what: 'the first write under way' });
    // A second job for the record (a replay, a redelivered job) while the first is still writing.
    await records.replay(id, 'user:support@example.test');
    await new Promise((r) => setTimeout(r, 2_500)); // past the lease: without renewal the second would take over now
    expect(handler.writes.get('1501')).toBe(1);
    await waitFor(async () => (await recordOf(id)).status === 'posted' && handler.writes.get('1501') === 2, { timeoutMs: 15_000, what: 'the replay after the first finished' });
    // The replay ran after the first attempt finished, never beside it: posted twice, one after the other.
    const kinds = await kindsOf(id);
    expect(kinds.filter((k) => k === 'record.posted')).toHaveLength(2);
    expect(kinds.indexOf('record.posted')).toBeLessThan(kinds.lastIndexOf('record.posted'));
  }, 30_000);

  it('should show a record waiting for its retry as waiting, with the reason and the next attempt time', async () => {
    const token = await t.login();
    const add = jest.spyOn(queue, 'add').mockResolvedValueOnce(undefined as unknown as Job<ProcessRecordJobData>);
    await records.receive(incoming('1601'));
    add.mockRestore();
    const id = (await idOf('1601')) ?? '';
    const claim = await records.claim(id, 60_000);
    if (claim.kind !== 'claimed') throw new Error(claim.kind);
    const due = new Date(Date.now() + 10 * 60_000);
    await records.finish(id, { status: 'received', owner: claim.owner, nextAttemptAt: due, error: { message: 'Visma answered 503', code: 'visma.unavailable' } }, { kind: 'record.retrying', message: 'Visma answered 503' });
    const detail = (await t.call('GET', `/api/records/${id}`, { token })).body;
    expect(detail.record.waiting).toEqual({ reason: 'Visma answered 503', nextAttemptAt: due.toISOString() });
    expect(detail.record.leaseOwner).toBeUndefined();
    const listed = (await t.call('GET', `/api/records?externalId=1601`, { token })).body.items[0];
    expect(listed.waiting?.nextAttemptAt).toBe(due.toISOString());
  });
});
