import type { SandboxHandler, SandboxRequest, SandboxResponse, SandboxRouter } from '../core';
import type { VismaErpContext, VismaErpHandler } from './visma-auth.guard';
import type { VismaScope } from './visma-demo.constants';
import { syntheticJournalOf, syntheticJournalPage } from './visma-journal-synthetic';
import { journalTransactionToDto } from './visma-journal-transaction.mapper';
import { ledgerOf } from './visma-ledger.store';
import type { VismaJournalStatus } from './visma-ledger.types';
import { byText, enumFilter, etagOf, parseVismaDateTime, queryText, readPaging, type VismaMetadata } from './visma-query.util';
import { vismaException, vismaNotFound } from './visma.error';

type Guard = (scope: VismaScope, handler: VismaErpHandler) => SandboxHandler;

/** The `module` filter's values (spec: "Allowed values: GL, AP, AR, CM, CA, IN, DR, FA, PM"). */
const MODULE_FILTERS = ['GL', 'AP', 'AR', 'CM', 'CA', 'IN', 'DR', 'FA', 'PM'] as const;
/** The `status` filter's enum (a subset of JournalTransactionDto.status). */
const STATUS_FILTERS = ['Hold', 'Balanced', 'Unposted', 'Posted', 'Voided', 'Scheduled'] as const;
/** Statuses of a released batch (the deprecated `releasedBatch` filter). */
const RELEASED: ReadonlySet<VismaJournalStatus> = new Set(['Posted', 'Released', 'Completed', 'Unposted', 'PartiallyReleased']);

/**
 * Journal transaction v2 reads (operations JournalTransactionV2_GetAllJournalTransactions and
 * JournalTransactionV2_GetByjournalTransactionNumber of visma-net-erp-api.v1_20250424.openapi.json, screen GL301000):
 * - `GET /v2/journaltransaction` — `periodId` (YYYYPP) or `lastModifiedDateTime` is mandatory (neither → 400). The spec
 *   declares **no** `lastModifiedDateTimeCondition` here and describes the parameter as "all records that have been
 *   modified since that time, up to the present", so the sandbox applies `>=` and ignores a condition parameter (ASP.NET
 *   ignores undeclared parameters). Filters module (GL, AP, AR, …; others 400), status (spec enum), branch, releasedBatch
 *   (deprecated; true/false), expandAttachments (adds empty `attachments`). **Paging counts lines**: "pagesize and
 *   totalcount denotes number of journaltransaction lines … the transactions for one specific batch can be split into
 *   several responses" — so a page holds `pageSize` lines, a batch cut by a page boundary appears on both pages with the
 *   lines of each, and every item's `metadata.totalCount` is the number of matching lines. Order: batch number, or
 *   lastModifiedDateTime then batch number when the delta parameter is given.
 * - `GET /v2/journaltransaction/{journalTransactionNumber}` — the whole batch plus `ETag`; unknown → 404.
 * A company with a synthetic journal (VismaSandboxOptions.syntheticJournal, visma-journal-synthetic.ts) answers both
 * from it instead of its ledger, computed per page.
 */
export function registerJournalTransactionRoutes(router: SandboxRouter, guard: Guard): void {
  const read = (handler: VismaErpHandler): SandboxHandler => guard('vismanet_erp_service_api:read', handler);
  router.add('GET', '/v2/journaltransaction', read(listJournalTransactions));
  router.add('GET', '/v2/journaltransaction/:journalTransactionNumber', read((req, ctx) => {
    const number = req.params['journalTransactionNumber'] ?? '';
    const synthetic = syntheticJournalOf(ctx.company);
    const index = synthetic?.indexOf(number);
    const t = synthetic ? (index === undefined ? undefined : synthetic.record(index)) : ledgerOf(ctx.company).journalTransactions.get(number);
    if (!t) throw vismaNotFound(`Journal transaction '${number}' was not found.`);
    return { status: 200, headers: { etag: etagOf(t.rowVersion) }, body: journalTransactionToDto(t, ctx.company) };
  }));
}

function listJournalTransactions(req: SandboxRequest, ctx: VismaErpContext): SandboxResponse {
  const q = req.query;
  const paging = readPaging(q, ctx.maxPageSize);
  const periodId = queryText(q, 'periodId');
  const modifiedText = queryText(q, 'lastModifiedDateTime');
  if (periodId === undefined && modifiedText === undefined) {
    throw vismaException(400, 'badFilter', "Either 'PeriodId' or 'LastModifiedDateTime' must be provided.");
  }
  if (periodId !== undefined && !/^\d{4}(0[1-9]|1[0-2])$/.test(periodId)) throw vismaException(400, 'badFilter', `The value '${periodId}' is not valid for PeriodId (format YYYYPP).`);
  let since: number | undefined;
  if (modifiedText !== undefined) {
    since = parseVismaDateTime(modifiedText);
    if (since === undefined) {
      throw vismaException(400, 'badFilter', `The value '${modifiedText}' of LastModifiedDateTime is not valid. Accepted formats: yyyy-MM-dd, yyyy-MM-dd HH:mm:ss[.FFF], yyyy-MM-ddTHH:mm:ss[.FFF].`);
    }
  }
  const module = enumFilter(q, 'module', MODULE_FILTERS);
  const status = enumFilter(q, 'status', STATUS_FILTERS);
  const branch = queryText(q, 'branch');
  const released = queryText(q, 'releasedBatch');
  if (released !== undefined && released !== 'true' && released !== 'false') throw vismaException(400, 'badFilter', `The value '${released}' is not valid for releasedBatch.`);
  const withAttachments = queryText(q, 'expandAttachments') === 'true';
  const synthetic = syntheticJournalOf(ctx.company);
  if (synthetic) {
    const releasedFilter = released === undefined ? undefined : released === 'true';
    const body = syntheticJournalPage(synthetic, ctx.company, { paging, maxPageSize: ctx.maxPageSize, since, periodId, module, status, branch, released: releasedFilter, isReleased: (s) => RELEASED.has(s), withAttachments });
    return { status: 200, body };
  }
  const matches = [...ledgerOf(ctx.company).journalTransactions.values()]
    .filter((t) => periodId === undefined || t.postPeriod === periodId)
    .filter((t) => since === undefined || t.lastModifiedMs >= since)
    .filter((t) => module === undefined || t.module === `Module${module}`)
    .filter((t) => status === undefined || t.status === status)
    .filter((t) => branch === undefined || t.branchNumber === branch)
    .filter((t) => released === undefined || RELEASED.has(t.status) === (released === 'true'))
    .sort(since === undefined ? (a, b) => byText(a.batchNumber, b.batchNumber) : (a, b) => a.lastModifiedMs - b.lastModifiedMs || byText(a.batchNumber, b.batchNumber));
  const totalLines = matches.reduce((sum, t) => sum + t.lines.length, 0);
  const metadata: VismaMetadata = { totalCount: totalLines, maxPageSize: ctx.maxPageSize };
  const start = (paging.pageNumber - 1) * paging.pageSize;
  const end = start + paging.pageSize;
  const body: Array<Record<string, unknown>> = [];
  let offset = 0;
  for (const t of matches) {
    const count = t.lines.length;
    if (offset >= end) break;
    if (offset + count > start) {
      const part = t.lines.slice(Math.max(0, start - offset), Math.min(count, end - offset));
      body.push({ ...journalTransactionToDto(t, ctx.company, part, { withAttachments }), metadata: { ...metadata } });
    }
    offset += count;
  }
  return { status: 200, body };
}
