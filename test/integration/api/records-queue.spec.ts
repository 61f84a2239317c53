import { createHash } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { SyncRecordEntity } from '../../../apps/api/src/database/entities';
import { PermanentRecordError, type RecordContext, type RecordHandler, type RecordOutcome } from '../../../apps/api/src/modules/sync/record-handler';
import { RecordHandlerRegistry } from '../../../apps/api/src/modules/sync/record-handler.registry';
import { RecordsService } from '../../../apps/api/src/modules/sync/records.service';
import { RECORDS_QUEUE } from '../../../apps/api/src/modules/sync/sync.constants';
import { startTestApp, type TestApp, waitFor } from '../../support/api-harness';

/** A scripted handler: each call takes the next step (throw or succeed); counts calls per record. */
class ScriptedHandler implements RecordHandler {
  readonly system = 'test';
  readonly entityType = 'order';
  readonly calls = new Map<string, number>();
  script: Array<'transient' | 'permanent' | 'ok' | 'slow'> = [];

  async process(record: SyncRecordEntity): Promise<RecordOutcome> {
    this.calls.set(record.externalId, (this.calls.get(record.externalId) ?? 0) + 1);
    const step = this.script.shift() ?? 'ok';
    if (step === 'transient') throw new Error('Visma answered 503');
    if (step === 'permanent') throw new PermanentRecordError('No VAT code is mapped for 15 %', 'mapping_missing', { field: 'lines[0].vatCode' });
    if (step === 'slow') await new Promise((r) => setTimeout(r, 300));
    return { status: 'posted', targetRef: `INV-${record.externalId}`, message: 'posted' };
  }
}

/** Fetches the "full record" from a scripted store: each call returns the next version of it. */
class FetchingHandler implements RecordHandler {
  readonly system = 'test';
  readonly entityType = 'fetched-order';
  versions: unknown[] = [];

  process(record: SyncRecordEntity, ctx: RecordContext): Promise<RecordOutcome> {
    ctx.fetched(this.versions.shift(), `Order ${record.externalId} fetched in 1 call(s)`, 1);
    return Promise.resolve({ status: 'posted', targetRef: `INV-${record.externalId}`, message: 'posted' });
  }
}

describe('record intake and processing', () => {
  let t: TestApp;
  let handler: ScriptedHandler;
  const fetching = new FetchingHandler();
  let records: RecordsService;
  let connectionId: string;

  beforeAll(async () => {
    t = await startTestApp({ JOB_ATTEMPTS: '3', JOB_BACKOFF_BASE_MS: '20' });
    handler = new ScriptedHandler();
    t.app.get(RecordHandlerRegistry).register(handler);
    t.app.get(RecordHandlerRegistry).register(fetching);
    records = t.app.get(RecordsService);
    const [row] = await t.db.query(`INSERT INTO connection (system, name) VALUES ('test', 'Test shop') RETURNING id`);
    connectionId = row.id;
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(() => {
    handler.script = [];
  });

  const statusOf = async (id: string) => (await t.db.getRepository(SyncRecordEntity).findOneByOrFail({ id })).status;
  const receive = async (externalId: string, payload: unknown = { id: externalId }) => {
    const result = await records.receive({ connectionId, system: 'test', entityType: 'order', externalId, payload, via: 'webhook' });
    if (!result.recordId) throw new Error('receive returned no record id');
    return { ...result, recordId: result.recordId };
  };

  it('should store a delivery once and ignore identical re-deliveries', async () => {
    const first = await receive('100');
    const again = await Promise.all([receive('100'), receive('100'), receive('100'), receive('100')]);
    expect(first.isDuplicate).toBe(false);
    expect(again.every((r) => r.isDuplicate && r.recordId === first.recordId)).toBe(true);
    await waitFor(async () => (await statusOf(first.recordId)) === 'posted', { what: 'record posted' });
    expect(handler.calls.get('100')).toBe(1);
  });

  it('should retry transient failures with backoff and post on a later attempt', async () => {
    handler.script = ['transient', 'transient', 'ok'];
    const { recordId } = await receive('200');
    await waitFor(async () => (await statusOf(recordId)) === 'posted', { what: 'posted after retries' });
    const record = await t.db.getRepository(SyncRecordEntity).findOneByOrFail({ id: recordId });
    expect(record.attempts).toBe(3);
    expect(record.targetRef).toBe('INV-200');
    const kinds = (await t.call('GET', `/api/records/${recordId}`, { token: await t.login() })).body.timeline.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(['record.received', 'record.retrying', 'record.retrying', 'record.posted']);
  });

  it('should fail at once on a permanent error, keep the payload and the reason, and stay visible', async () => {
    handler.script = ['permanent'];
    const { recordId } = await receive('300', { id: 300, total: '12.50' });
    await waitFor(async () => (await statusOf(recordId)) === 'failed', { what: 'failed' });
    const token = await t.login();
    const detail = (await t.call('GET', `/api/records/${recordId}`, { token })).body;
    expect(detail.record.sourcePayload).toEqual({ id: 300, total: '12.50' });
    expect(detail.record.lastError).toMatchObject({ code: 'mapping_missing', message: 'No VAT code is mapped for 15 %' });
    expect(handler.calls.get('300')).toBe(1);
    const failed = (await t.call('GET', '/api/records?status=failed', { token })).body;
    expect(failed.items.map((r: { id: string }) => r.id)).toContain(recordId);
  });

  it('should mark the record failed and keep the job in the failed set when retries are exhausted', async () => {
    handler.script = ['transient', 'transient', 'transient'];
    const { recordId } = await receive('400');
    await waitFor(async () => (await statusOf(recordId)) === 'failed', { what: 'failed after attempts' });
    const queue = t.app.get<Queue>(getQueueToken(RECORDS_QUEUE));
    const failedJobs = await waitFor(async () => {
      const jobs = await queue.getFailed();
      return jobs.some((j) => j.data.recordId === recordId) ? jobs : undefined;
    });
    expect(failedJobs.find((j) => j.data.recordId === recordId)?.attemptsMade).toBe(3);
  });

  it('should post a failed record again when a user replays it, and say who did', async () => {
    handler.script = ['permanent'];
    const { recordId } = await receive('500');
    await waitFor(async () => (await statusOf(recordId)) === 'failed');
    const token = await t.login();
    const res = await t.call('POST', `/api/records/${recordId}/replay`, { token });
    expect(res.status).toBe(202);
    await waitFor(async () => (await statusOf(recordId)) === 'posted', { what: 'posted after replay' });
    const timeline = (await t.call('GET', `/api/records/${recordId}`, { token })).body.timeline;
    expect(timeline.find((e: { kind: string }) => e.kind === 'record.replayed').actor).toBe(`user:${t.config.ADMIN_EMAIL}`);
  });

  it('should store a fetched payload once, and keep the version a later fetch replaced in the timeline', async () => {
    const v1 = { id: 800, total_inc_tax: '100.0000', status_id: 11 };
    const v2 = { id: 800, total_inc_tax: '90.0000', status_id: 11 };
    fetching.versions = [v1, v1, v2];
    const received = await records.receive({ connectionId, system: 'test', entityType: 'fetched-order', externalId: '800', payload: { id: 800 }, via: 'webhook' });
    const recordId = received.recordId ?? '';
    const token = await t.login();
    const fetchedEvents = async () => (await t.call('GET', `/api/records/${recordId}`, { token })).body.timeline.filter((e: { kind: string }) => e.kind === 'record.fetched');
    await waitFor(async () => (await fetchedEvents()).length === 1, { what: 'first attempt' });
    for (const expected of [2, 3]) {
      await t.call('POST', `/api/records/${recordId}/replay`, { token });
      await waitFor(async () => (await fetchedEvents()).length === expected, { what: `attempt ${expected}` });
    }
    const [first, same, changed] = await fetchedEvents();
    const sha = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex');
    expect(first.data).toEqual({ calls: 1, payloadSha256: sha(v1) });
    expect(same.data).toEqual({ calls: 1, payloadSha256: sha(v1) });
    expect(changed.data).toEqual({ previousPayload: v1, calls: 1, payloadSha256: sha(v2) });
    const record = await t.db.getRepository(SyncRecordEntity).findOneByOrFail({ id: recordId });
    expect(record.sourcePayload).toEqual(v2);
    expect(record.fetchedPayloadHash).toBe(sha(v2));
  });

  it('should process a failed record again when the same content arrives again (the next reconciliation poll)', async () => {
    handler.script = ['permanent', 'ok'];
    const payload = { id: 900, total_inc_tax: '10.0000' };
    const { recordId } = await receive('900', payload);
    await waitFor(async () => (await statusOf(recordId)) === 'failed', { what: 'failed first' });
    // The admin fixes the mapping; the poll brings the unchanged order again.
    const again = await receive('900', payload);
    expect(again.isDuplicate).toBe(false);
    await waitFor(async () => (await statusOf(recordId)) === 'posted', { what: 'posted on the second arrival' });
    expect(handler.calls.get('900')).toBe(2);
  });

  it('should refuse to change or delete audit events', async () => {
    await expect(t.db.query(`UPDATE audit_event SET message = 'x'`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM audit_event`)).rejects.toThrow(/append-only/);
  });

  it('should find a repeated webhook-id through an index, not by reading every delivery of the connection', async () => {
    const delivery = (webhookId: string) => ({ key: `store/order/created:${webhookId}`, webhookId, scope: 'store/order/created', body: '{}' });
    const first = await records.receive({ connectionId, system: 'test', entityType: 'order', externalId: '700', payload: { id: 700 }, via: 'webhook', delivery: delivery('msg_700') });
    // Same message id, other payload hash (a retry the store re-signed): skipped on the webhook-id alone.
    const retry = await records.receive({ connectionId, system: 'test', entityType: 'order', externalId: '700', payload: { id: 700, again: true }, via: 'webhook', delivery: { ...delivery('msg_700'), key: 'store/order/created:other' } });
    expect(first.isDuplicate).toBe(false);
    expect(retry.isDuplicate).toBe(true);
    // Let its job finish here, so it cannot take a later test's scripted step.
    await waitFor(async () => (await statusOf(first.recordId ?? '')) === 'posted', { what: 'record 700 posted' });
    const plan = await t.db.transaction(async (m) => {
      await m.query('SET LOCAL enable_seqscan = off');
      const rows: { 'QUERY PLAN': unknown }[] = await m.query(`EXPLAIN (FORMAT JSON) SELECT 1 FROM webhook_delivery WHERE connection_id = $1 AND webhook_id = $2`, [connectionId, 'msg_700']);
      return JSON.stringify(rows[0]?.['QUERY PLAN']);
    });
    expect(plan).toContain('webhook_delivery_webhook_id_idx');
    expect(plan).toMatch(/"Index Cond":"[^"]*webhook_id/);
  });

  it('should process every distinct delivery of a record whose changes flow, though its payload is the same', async () => {
    // Two updates of one customer within one second: BigCommerce's stub (id + created_at in seconds) and so its hash are
    // the same, the webhook-ids differ. Each is a delivery of its own, and the record runs again to read the newest state.
    const delivery = (webhookId: string) => ({ key: `id:${webhookId}`, webhookId, scope: 'store/customer/updated', body: '{}' });
    const receiveUpdate = (webhookId: string) =>
      records.receive({ connectionId, system: 'test', entityType: 'order', externalId: '710', payload: { id: 710, created_at: 1 }, via: 'webhook', isFinalOncePosted: false, delivery: delivery(webhookId) });
    const first = await receiveUpdate('msg_710_a');
    await waitFor(async () => (await statusOf(first.recordId ?? '')) === 'posted', { what: 'record 710 posted' });
    const second = await receiveUpdate('msg_710_b');
    expect(second.isDuplicate).toBe(false);
    await waitFor(async () => handler.calls.get('710') === 2 && (await statusOf(first.recordId ?? '')) === 'posted', { what: 'record 710 processed twice' });
    // The same delivery again (a retry or a duplicate copy, same webhook-id) is still a duplicate.
    expect((await receiveUpdate('msg_710_b')).isDuplicate).toBe(true);
  });

  it('should let an in-flight job finish before the worker shuts down', async () => {
    handler.script = ['slow'];
    const { recordId } = await receive('600');
    await waitFor(async () => (await statusOf(recordId)) === 'processing', { what: 'processing' });
    await t.close();
    const fresh = await startTestAppWithoutReset();
    try {
      expect((await fresh.query(`SELECT status FROM sync_record WHERE id = $1`, [recordId]))[0].status).toBe('posted');
    } finally {
      await fresh.destroy();
    }
  });
});

async function startTestAppWithoutReset() {
  const { DataSource } = await import('typeorm');
  const ds = new DataSource({ type: 'postgres', url: process.env['DATABASE_URL'] ?? '' });
  return ds.initialize();
}
