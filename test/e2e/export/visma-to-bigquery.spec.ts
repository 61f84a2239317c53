import { createVismaClient, type VismaClient } from '@mlc/connectors';
import { deriveExportTable, EXPORT_ENTITIES, exportEntity, recordKey, type ExportEntity } from '@mlc/mapping';
import { VISMA_DEMO } from '@mlc/sandbox';
import { z } from 'zod';
import { ExportBatchEntity, ExportRunEntity } from '../../../apps/api/src/database/export.entities';
import { CrashSimulation, type ExportCrashPoint, ExportRunner } from '../../../apps/api/src/modules/export/export-runner.service';
import { type JsonAnswer, waitFor } from '../../support/api-harness';
import { type Pipeline, startPipeline } from '../../support/pipeline-harness';

/** A cell of a sandbox row as text (keys and timestamps are strings there). */
const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));
const DATASET = 'visma_ledger';
const CRASH_POINTS: ExportCrashPoint[] = ['extracted', 'load-job-done', 'loaded', 'merge-job-done', 'merged'];

jest.setTimeout(120_000);

describe('Visma → BigQuery export (end to end through the sandboxes)', () => {
  let p: Pipeline;
  let flowId: string;
  let visma: VismaClient;
  const no = VISMA_DEMO.companies.norway;
  const bq = () => p.sandboxes.bigquery;
  const rowsOf = (entity: ExportEntity) => bq().rows(DATASET, entity.tableName);
  const runOf = async (runId: string) => (await p.t.call('GET', `/api/export-runs/${runId}`, { token: p.demo.token })).body;
  const settledRun = (runId: string, timeoutMs = 120_000): Promise<JsonAnswer> =>
    waitFor(async () => {
      const detail = await runOf(runId);
      return ['succeeded', 'failed'].includes(detail.run.status) ? detail : undefined;
    }, { timeoutMs, what: `export run ${runId} ended` });
  const runNow = async (): Promise<JsonAnswer> => {
    const res = await p.t.call('POST', `/api/export-flows/${flowId}/runs`, { token: p.demo.token, body: {} });
    expect(res.status).toBe(202);
    expect(res.body.queued).toBe(true);
    return settledRun(res.body.run.id);
  };
  const touch = async (entity: string, key: string): Promise<void> => {
    const res = await fetch(`${p.sandboxes.visma.url}/_sandbox/visma/companies/${no.companyId}/touch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ entity, key }) });
    expect(res.status).toBe(200);
  };
  /** Waits until the demo's record pipeline has nothing in flight (two looks a second apart). */
  const quiet = () =>
    waitFor(async () => {
      const busy = async () => Number((await p.t.db.query(`SELECT count(*) AS n FROM sync_record WHERE status IN ('received', 'processing')`))[0].n);
      if ((await busy()) > 0) return undefined;
      await new Promise((r) => setTimeout(r, 1_000));
      return (await busy()) === 0 ? true : undefined;
    }, { timeoutMs: 90_000, what: 'the demo pipeline quiet' });
  /** Every record key Visma lists for the entity, read page by page over plain HTTP (not through the exporter's reader). */
  const vismaKeys = async (entity: ExportEntity): Promise<Set<string>> => {
    const keys = new Set<string>();
    if (entity.listReturns === 'ids') {
      const res = await visma.transport.request({ method: 'GET', path: entity.list.path, schema: z.array(z.string()) });
      for (const id of res.body) keys.add(id);
      return keys;
    }
    for (let page = 1; ; page += 1) {
      const query = entity.paging ? { ...entity.list.fixedQuery, pageNumber: page, pageSize: 500, ...(entity.delta?.condition === null ? { lastModifiedDateTime: '1900-01-01' } : {}) } : entity.list.fixedQuery;
      const res = await visma.transport.request({ method: 'GET', path: entity.list.path, query, schema: z.array(z.record(z.string(), z.unknown())) });
      for (const dto of res.body) keys.add(recordKey(entity, dto).id);
      // Journal transactions page by their lines, not by transactions.
      const lines = entity.linesSplitAcrossPages?.linesField;
      const items = lines ? res.body.reduce((n, dto) => n + ((dto[lines] as unknown[] | undefined)?.length ?? 0), 0) : res.body.length;
      if (!entity.paging || items < 500) return keys;
    }
  };

  beforeAll(async () => {
    p = await startPipeline({ EXPORT_BATCH_ROWS: '700', EXPORT_PAGE_SIZE: '50' }, { bigquery: true, vismaLedgerHistory: true });
    flowId = p.demo.bigquery?.exportFlowId ?? '';
    expect(flowId).not.toBe('');
    visma = createVismaClient(
      { clientId: VISMA_DEMO.clientId, clientSecret: VISMA_DEMO.clientSecret, tenantId: no.tenantId },
      { companyId: no.companyId, apiBaseUrl: p.sandboxes.visma.url, tokenUrl: `${p.sandboxes.visma.url}/connect/token` },
    );
  }, 120_000);
  afterAll(async () => {
    await p?.close();
  });

  it('should export every entity into its own table with the spec\'s typed columns, each Visma record once', async () => {
    const first = await settledRun(p.demo.bigquery?.firstRunId ?? '', 180_000);
    expect(first.run.error).toBeNull();
    expect(first.run.status).toBe('succeeded');
    // The demo keeps posting its shop's orders meanwhile (new Visma customers and invoices): once it is quiet, a run
    // catches the tables up, and from then on they hold exactly what Visma holds.
    await quiet();
    const caughtUp = await runNow();
    expect(caughtUp.run.status).toBe('succeeded');
    for (const entity of EXPORT_ENTITIES) {
      const table = bq().table(DATASET, entity.tableName);
      expect(table).toBeDefined();
      const names = new Set((table?.schema.fields ?? []).map((f: { name: string }) => f.name));
      for (const field of deriveExportTable(entity).fields) expect(names.has(field.name)).toBe(true);
      const rows = rowsOf(entity);
      const expected = await vismaKeys(entity);
      expect({ entity: entity.id, rows: rows.length }).toEqual({ entity: entity.id, rows: expected.size });
      const exported = new Set(rows.map((r) => entity.key.map((k) => encodeURIComponent(text(r[deriveExportTable(entity).columns.find((c) => c.source === k)?.name ?? k]))).join('/')));
      expect(exported.size).toBe(rows.length);
      for (const row of rows) expect(row['_export_batch_id']).toEqual(expect.any(String));
    }
    // Money never as FLOAT64: journal transaction lines carry NUMERIC debits and credits, exact to the øre.
    const journal = bq().table(DATASET, exportEntity('journal_transactions').tableName);
    const floats = JSON.stringify(journal?.schema).match(/"FLOAT(64)?"/g);
    expect(floats).toBeNull();
    // Progress figures of the run: rows read and loaded per entity, a rate, and the Visma budget.
    const entities = caughtUp.entities as { entity: string; rowsRead: number; rowsLoaded: number; status: string }[];
    expect(entities.every((e) => e.status === 'done')).toBe(true);
    expect((first.entities as { entity: string; rowsLoaded: number }[]).find((e) => e.entity === 'journal_transactions')?.rowsLoaded).toBeGreaterThan(700);
    expect(caughtUp.budget).toEqual(expect.objectContaining({ limit: expect.any(Number), left: expect.any(Number) }));
    // The journal was read in several batches (EXPORT_BATCH_ROWS 700), each its own load and MERGE job.
    const journalBatches = (first.batches as ExportBatchEntity[]).filter((b) => b.entity === 'journal_transactions');
    expect(journalBatches.length).toBeGreaterThan(1);
    expect(new Set(journalBatches.map((b) => b.loadJobId)).size).toBe(journalBatches.length);
    const tables = (await p.t.call('GET', `/api/export-flows/${flowId}/tables`, { token: p.demo.token })).body.tables as { entity: string; rows: number }[];
    expect(tables.find((t) => t.entity === 'customers')?.rows).toBe(rowsOf(exportEntity('customers')).length);
  }, 300_000);

  it('should load nothing on a second run when nothing changed, and replace the row of a changed record', async () => {
    const jobsBefore = bq().jobs().length;
    const quiet = await runNow();
    expect(quiet.run.status).toBe('succeeded');
    expect((quiet.entities as { entity: string; rowsLoaded: number }[]).filter((e) => e.rowsLoaded > 0)).toEqual([]);
    expect(bq().jobs().length).toBe(jobsBefore);

    const customers = exportEntity('customers');
    const before = rowsOf(customers);
    const target = before[0];
    const number = text(target?.['number']);
    await touch('customer', number);
    const changed = await runNow();
    expect(changed.run.status).toBe('succeeded');
    expect((changed.entities as { entity: string; rowsLoaded: number }[]).find((e) => e.entity === 'customers')?.rowsLoaded).toBe(1);
    const after = rowsOf(customers);
    expect(after.length).toBe(before.length);
    const updated = after.filter((r) => r['number'] === number);
    expect(updated).toHaveLength(1);
    expect(Date.parse(text(updated[0]?.['_source_last_modified']))).toBeGreaterThan(Date.parse(text(target?.['_source_last_modified'])));
  });

  it('should neither duplicate nor lose a row when the worker dies between any two steps of a batch', async () => {
    const runner = p.t.app.get(ExportRunner);
    const customers = exportEntity('customers');
    const count = rowsOf(customers).length;
    const numbers = rowsOf(customers).slice(0, CRASH_POINTS.length).map((r) => text(r['number']));
    try {
      for (const [i, point] of CRASH_POINTS.entries()) {
        await touch('customer', numbers[i] ?? '');
        const run = await p.t.db.getRepository(ExportRunEntity).save({ flowId, trigger: 'manual', requestedBy: 'test', status: 'queued' });
        runner.crashHook = (at) => {
          if (at === point) throw new CrashSimulation(point);
        };
        await expect(runner.run(run.id)).rejects.toThrow(CrashSimulation);
        runner.crashHook = undefined;
        // Another worker takes the stalled run over and resumes it.
        expect((await runner.run(run.id)).status).toBe('succeeded');
        const rows = rowsOf(customers);
        expect(rows.length).toBe(count);
        expect(new Set(rows.map((r) => r['number'])).size).toBe(count);
        const touched = rows.find((r) => r['number'] === numbers[i]);
        const detail = await runOf(run.id);
        expect((detail.batches as ExportBatchEntity[]).filter((b) => b.entity === 'customers').map((b) => b.status)).toEqual(['merged']);
        expect(touched?.['_export_batch_id']).toBe((detail.batches as ExportBatchEntity[]).find((b) => b.entity === 'customers')?.id);
      }
    } finally {
      runner.crashHook = undefined;
    }
  });

  it('should fail a batch visibly when BigQuery refuses it, and re-run it from its checkpoint with one click', async () => {
    const employees = exportEntity('employees');
    const employee = text(rowsOf(employees)[0]?.['employeeNumber']);
    await touch('employee', employee);
    // BigQuery refuses the load (400 invalid): the batch fails, names why, and the checkpoint stays before it.
    const refusal = bq().faults.arm({ kind: 'validation-error', field: 'load.sourceFormat', count: 1, method: 'POST', pathContains: '/upload/' });
    const failed = await runNow();
    bq().faults.disarm(refusal.id);
    expect(failed.run.status).toBe('failed');
    const batch = (failed.batches as ExportBatchEntity[]).find((b) => b.status === 'failed');
    expect(batch?.entity).toBe('employees');
    expect(batch?.error).toMatch(/invalid|sourceFormat/i);
    const rerun = await p.t.call('POST', `/api/export-batches/${batch?.id ?? ''}/rerun`, { token: p.demo.token });
    expect(rerun.status).toBe(202);
    const done = await settledRun(rerun.body.run.id);
    expect(done.run.status).toBe('succeeded');
    expect((done.entities as { entity: string; rowsLoaded: number }[]).find((e) => e.entity === 'employees')?.rowsLoaded).toBe(1);
    const rows = rowsOf(employees).filter((r) => r['employeeNumber'] === employee);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.['_export_batch_id']).toBe((done.batches as ExportBatchEntity[]).find((b) => b.entity === 'employees')?.id);
  });

  it('should back off on BigQuery quota errors and finish the batch once the quota is back', async () => {
    const suppliers = exportEntity('suppliers');
    const supplier = text(rowsOf(suppliers)[0]?.['number']);
    await touch('supplier', supplier);
    const quota = bq().armQuotaFault('rateLimitExceeded', { count: 3, method: 'POST', pathContains: '/upload/' });
    const done = await runNow();
    expect(done.run.status).toBe('succeeded');
    expect(bq().faults.list().find((f) => f.id === quota.id)).toBeUndefined();
    expect(rowsOf(suppliers).filter((r) => r['number'] === supplier)).toHaveLength(1);
  });

  it('should stay inside the company\'s Visma rate budget during a backfill, leaving the posting reserve untouched', async () => {
    // A second client of the same company (its own budget key) with a small hourly budget: the backfill must pause, not exceed it.
    const conn = await p.t.call('POST', '/api/connections', {
      token: p.demo.token,
      body: {
        name: 'Visma: budget test',
        system: 'visma',
        settings: { companyId: no.companyId, apiBaseUrl: p.sandboxes.visma.url, tokenUrl: `${p.sandboxes.visma.url}/connect/token`, callsPerHour: 40 },
        credentials: { clientId: VISMA_DEMO.limitedClientId, clientSecret: VISMA_DEMO.limitedClientSecret, tenantId: no.tenantId },
      },
    });
    expect(conn.status).toBe(201);
    const flow = await p.t.call('POST', '/api/export-flows', { token: p.demo.token, body: { name: 'budget test', sourceConnectionId: conn.body.id, targetConnectionId: p.demo.bigquery?.connectionId, datasetId: 'budget_test', entities: ['journal_transactions'] } });
    expect(flow.status).toBe(201);
    const started = await p.t.call('POST', `/api/export-flows/${flow.body.id}/runs`, { token: p.demo.token, body: { backfillFrom: '2000-01-01' } });
    expect(started.status).toBe(202);
    const paused = await waitFor(async () => {
      const detail = await runOf(started.body.run.id);
      return detail.budget && detail.budget.used >= 28 ? detail : undefined;
    }, { timeoutMs: 60_000, what: 'the backfill using the budget up to its reserve' }).catch(async (err: unknown) => {
      throw new Error(`${String(err)}: ${JSON.stringify(await runOf(started.body.run.id))}`);
    });
    await new Promise((r) => setTimeout(r, 3_000));
    const after = await runOf(started.body.run.id);
    // 20 % of 40 calls stay for posting: the export spends at most 32 and then waits for the next hour.
    expect(after.budget.used).toBeLessThanOrEqual(32);
    expect(after.run.status).toBe('running');
    expect(paused.budget.limit).toBe(40);
    expect(after.batches.some((b: ExportBatchEntity) => b.status === 'merged')).toBe(true);
  }, 90_000);
});
