import { once } from 'node:events';
import { Controller, Get, Logger, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { Roles } from '../../common/auth.decorators';
import { ZodValidationPipe } from '../../common/zod-validation.pipe';
import { ADMIN_AUDIT_OUTCOMES } from '../../database/admin-audit.entities';
import { type AdminAuditPage, AdminAuditService, type AdminAuditView } from './admin-audit.service';
import { csvRow } from './csv';

const text = (max: number) => z.string().trim().min(1).max(max).optional();
const FILTER = z
  .object({
    actor: text(254),
    action: text(100),
    targetType: text(60),
    targetId: text(200),
    outcome: z.enum(ADMIN_AUDIT_OUTCOMES).optional(),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
    q: text(200),
  })
  .strict();
const LIST = FILTER.extend({
  /** The `nextCursor` of the previous page: entries older than it. */
  before: z.string().regex(/^[1-9]\d{0,18}$/, 'a cursor from nextCursor').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
}).strict();

/** The CSV export's columns, in order (`changes` as JSON text). */
const CSV_COLUMNS = ['id', 'at', 'actorEmail', 'actorRole', 'actorUserId', 'action', 'targetType', 'targetId', 'outcome', 'statusCode', 'errorCode', 'method', 'route', 'sourceAddress', 'userAgent', 'correlationId', 'changes'] as const satisfies readonly (keyof AdminAuditView)[];

/**
 * The admin audit log, read-only (admins and auditors): `GET /api/admin-audit` pages newest first with filters and a
 * keyset cursor; `GET /api/admin-audit.csv` streams every entry the same filter matches as CSV. No route changes or
 * removes an entry (the table refuses UPDATE and DELETE).
 */
@ApiTags('admin-audit')
@Roles('admin', 'auditor')
@Controller('api')
export class AdminAuditController {
  private readonly logger = new Logger(AdminAuditController.name);

  constructor(private readonly audit: AdminAuditService) {}

  /** `{ items, nextCursor }`: at most `limit` entries (default 50, ≤ 200) older than `before`. @throws validation_failed */
  @Get('admin-audit')
  list(@Query(new ZodValidationPipe(LIST)) query: z.infer<typeof LIST>): Promise<AdminAuditPage> {
    const { before, limit, ...filter } = query;
    return this.audit.list(filter, { before, limit });
  }

  /**
   * `text/csv` attachment, one header row then one row per entry, newest first, written page by page as the client
   * reads (backpressure honoured), so an export of the whole log never sits in memory. @throws validation_failed
   */
  @Get('admin-audit.csv')
  async csv(@Query(new ZodValidationPipe(FILTER)) filter: z.infer<typeof FILTER>, @Res() res: Response): Promise<void> {
    const pages = this.audit.pages(filter);
    // The first page is read before anything is sent, so a failing query still gets the API's JSON error answer.
    const first = await pages.next();
    const day = new Date().toISOString().slice(0, 10);
    res.status(200);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="admin-audit-${day}.csv"`);
    res.setHeader('cache-control', 'no-store');
    try {
      res.write(csvRow(CSV_COLUMNS));
      for (let page = first; !page.done; page = await pages.next()) {
        if (res.destroyed) return;
        if (!res.write(page.value.map((entry) => csvRow(CSV_COLUMNS.map((column) => entry[column]))).join(''))) await Promise.race([once(res, 'drain'), once(res, 'close')]);
      }
      res.end();
    } catch (err) {
      this.logger.error({ err }, 'admin audit CSV export failed part-way; the download is cut off');
      res.destroy(err instanceof Error ? err : new Error('export failed'));
    }
  }
}
