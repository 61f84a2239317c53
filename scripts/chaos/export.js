/*
 * The Visma → BigQuery share of `npm run chaos`: the demo's export flow (the Norwegian company's ledger into the
 * BigQuery simulator) is asked to run every few seconds through the whole window, while workers are killed, the Visma
 * sandbox answers its faults and the BigQuery simulator loses replies after committing a job and answers quota errors
 * and 503s. Meanwhile the shops' workloads keep changing the company (new customers, invoices, payments, credit notes).
 * After the window, with every fault cleared and the records settled, one last run catches the tables up; then each
 * table must hold every record Visma lists exactly once (check (11)), which no duplicated load or MERGE and no lost
 * batch can fake.
 */
const { createVismaClient } = require('../../libs/connectors/dist');
const { EXPORT_ENTITIES, deriveExportTable, recordKey } = require('../../libs/mapping/dist');
const { VISMA_DEMO } = require('../../apps/sandbox/dist');
const { z } = require('zod');
const { sleep } = require('./processes');

const DATASET = 'visma_ledger';

/** Seeded BigQuery faults: replies lost after the commit on job inserts and uploads, quota errors, 503s. */
function armBigQueryFaults(bigquery, seed) {
  return [
    bigquery.faults.arm({ kind: 'lose-reply', count: -1, probability: 0.08, seed: seed + 1, method: 'POST', pathContains: '/jobs' }),
    bigquery.faults.arm({ kind: 'validation-error', field: 'rateLimitExceeded', count: -1, probability: 0.05, seed: seed + 2, method: 'POST', pathContains: '/jobs' }),
    bigquery.faults.arm({ kind: 'http-503', count: -1, probability: 0.04, seed: seed + 3 }),
  ];
}

/** Asks for a run every `everyMs` until `isStopped()`; counts requests that queued a run and those refused (API down). */
function keepExporting({ call, flowId, everyMs, isStopped }) {
  const stats = { asked: 0, queued: 0, refused: 0 };
  const done = (async () => {
    while (!isStopped()) {
      await sleep(everyMs);
      if (isStopped()) break;
      try {
        const res = await call('POST', `/api/export-flows/${flowId}/runs`, {});
        stats.asked += 1;
        if (res.queued) stats.queued += 1;
      } catch {
        stats.refused += 1;
      }
    }
  })();
  return { stats, done };
}

/** Waits until the flow has no active run and asks for runs until one that started after `after` succeeded. */
async function finalRun({ call, flowId, until }) {
  let runId;
  while (Date.now() < until) {
    try {
      if (!runId) {
        const res = await call('POST', `/api/export-flows/${flowId}/runs`, {});
        if (res.queued) runId = res.run.id;
      } else {
        const detail = await call('GET', `/api/export-runs/${runId}`);
        if (detail.run.status === 'succeeded') return detail;
        if (detail.run.status === 'failed') runId = undefined;
      }
    } catch {
      /* the API restarting: try again */
    }
    await sleep(1000);
  }
  return undefined;
}

/** Every record key Visma lists for an entity (plain pages over the connector's transport, not the exporter's reader). */
async function vismaKeys(visma, entity) {
  const keys = new Set();
  if (entity.listReturns === 'ids') {
    const res = await visma.transport.request({ method: 'GET', path: entity.list.path, schema: z.array(z.string()) });
    for (const id of res.body) keys.add(id);
    return keys;
  }
  for (let page = 1; ; page += 1) {
    const query = entity.paging ? { ...entity.list.fixedQuery, pageNumber: page, pageSize: 500, ...(entity.delta && entity.delta.condition === null ? { lastModifiedDateTime: '1900-01-01' } : {}) } : entity.list.fixedQuery;
    const res = await visma.transport.request({ method: 'GET', path: entity.list.path, query, schema: z.array(z.record(z.string(), z.unknown())) });
    for (const dto of res.body) keys.add(recordKey(entity, dto).id);
    const lines = entity.linesSplitAcrossPages && entity.linesSplitAcrossPages.linesField;
    const items = lines ? res.body.reduce((n, dto) => n + (Array.isArray(dto[lines]) ? dto[lines].length : 0), 0) : res.body.length;
    if (!entity.paging || items < 500) return keys;
  }
}

/**
 * Check (11): every table holds each record Visma lists exactly once, after the final run. Returns a verdict row.
 */
async function exportVerdict({ visma: vismaSandbox, bigquery, final, stats, faults }) {
  const no = VISMA_DEMO.companies.norway;
  const visma = createVismaClient(
    { clientId: VISMA_DEMO.clientId, clientSecret: VISMA_DEMO.clientSecret, tenantId: no.tenantId },
    { companyId: no.companyId, apiBaseUrl: vismaSandbox.url, tokenUrl: `${vismaSandbox.url}/connect/token` },
  );
  const problems = [];
  let rows = 0;
  let records = 0;
  for (const entity of EXPORT_ENTITIES) {
    const table = deriveExportTable(entity);
    const keyColumns = entity.key.map((k) => table.columns.find((c) => c.source === k)?.name ?? k);
    const stored = bigquery.rows(DATASET, entity.tableName);
    const storedKeys = stored.map((r) => keyColumns.map((c) => encodeURIComponent(typeof r[c] === 'string' ? r[c] : JSON.stringify(r[c]))).join('/'));
    const distinct = new Set(storedKeys);
    const expected = await vismaKeys(visma, entity);
    rows += stored.length;
    records += expected.size;
    if (distinct.size !== stored.length) problems.push(`${entity.tableName}: ${stored.length - distinct.size} duplicate row(s)`);
    const missing = [...expected].filter((k) => !distinct.has(k));
    const extra = [...distinct].filter((k) => !expected.has(k));
    if (missing.length) problems.push(`${entity.tableName}: ${missing.length} record(s) missing (e.g. ${missing.slice(0, 2).join(', ')})`);
    if (extra.length) problems.push(`${entity.tableName}: ${extra.length} row(s) Visma does not list (e.g. ${extra.slice(0, 2).join(', ')})`);
  }
  const fired = faults.map((f) => f.fired ?? 0);
  return {
    check: '(11) every Visma record in its BigQuery table exactly once after runs under kills and faults',
    value: final
      ? `${rows} rows in ${EXPORT_ENTITIES.length} tables for ${records} Visma records; ${stats.queued} runs queued in the window (${stats.refused} asks refused while the API was down); BigQuery faults armed ${faults.length}, fired ${fired.join('/')}${problems.length ? `; ${problems.slice(0, 4).join('; ')}` : ''}`
      : 'the final run did not succeed within 120 s',
    target: 'every record once, none missing, none extra',
    pass: Boolean(final) && problems.length === 0 && rows === records,
  };
}

module.exports = { armBigQueryFaults, keepExporting, finalRun, exportVerdict, DATASET };
