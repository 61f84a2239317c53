import { deriveExportTable, exportEntity } from '@mlc/mapping';
import { exportSlotAt, EXPORT_SCHEDULE_SCHEMA } from '../../../apps/api/src/database/export-settings';
import { buildMerge, stagingTableOf } from '../../../apps/api/src/modules/export/export-sql';
import { jobIdOf } from '../../../apps/api/src/modules/export/export-runner.service';

describe(exportSlotAt.name, () => {
  const at = (iso: string) => new Date(iso);

  it('should never schedule a manual flow', () => {
    expect(exportSlotAt({ kind: 'manual' }, at('2026-12-02T10:00:00Z'))).toBeUndefined();
  });

  it('should give one slot per day from the daily time on, the same for every instant after it', () => {
    const schedule = { kind: 'daily', at: '03:00' } as const;
    expect(exportSlotAt(schedule, at('2026-12-02T02:59:59Z'))).toBeUndefined();
    expect(exportSlotAt(schedule, at('2026-12-02T03:00:00Z'))).toBe(Date.parse('2026-12-02T03:00:00Z'));
    expect(exportSlotAt(schedule, at('2026-12-02T23:59:00Z'))).toBe(Date.parse('2026-12-02T03:00:00Z'));
  });

  it('should run weekly only on its ISO weekday and monthly only on its day (the close cycle)', () => {
    // 2026-12-07 is a Monday (ISO weekday 1).
    expect(exportSlotAt({ kind: 'weekly', weekday: 1, at: '06:30' }, at('2026-12-07T07:00:00Z'))).toBe(Date.parse('2026-12-07T06:30:00Z'));
    expect(exportSlotAt({ kind: 'weekly', weekday: 1, at: '06:30' }, at('2026-12-08T07:00:00Z'))).toBeUndefined();
    expect(exportSlotAt({ kind: 'weekly', weekday: 7, at: '00:00' }, at('2026-12-06T00:00:00Z'))).toBe(Date.parse('2026-12-06T00:00:00Z'));
    expect(exportSlotAt({ kind: 'monthly', day: 2, at: '03:00' }, at('2026-12-02T05:00:00Z'))).toBe(Date.parse('2026-12-02T03:00:00Z'));
    expect(exportSlotAt({ kind: 'monthly', day: 2, at: '03:00' }, at('2026-12-03T05:00:00Z'))).toBeUndefined();
  });

  it('should refuse a day past 28 and a time that is not HH:MM, naming the field', () => {
    const bad = EXPORT_SCHEDULE_SCHEMA.safeParse({ kind: 'monthly', day: 31, at: '3:00' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['day', 'at']));
  });
});

describe(buildMerge.name, () => {
  const flowId = '0b9f3c1e-2d4a-4e5f-8a6b-7c8d9e0f1a2b';

  it('should match on every key column and update only when the staged record is newer', () => {
    const table = deriveExportTable(exportEntity('supplier_invoices'));
    const sql = buildMerge('proj', 'ds', table, flowId);
    expect(sql).toContain('MERGE `proj.ds.visma_supplier_invoices` T');
    expect(sql).toContain(`USING \`proj.ds.${stagingTableOf(table, flowId)}\` S`);
    expect(sql).toContain('ON T.`documentType` = S.`documentType` AND T.`referenceNumber` = S.`referenceNumber`');
    expect(sql).toContain('WHEN MATCHED AND S.`_source_last_modified` > T.`_source_last_modified` THEN UPDATE SET');
    // Every column of the derived table is written on insert.
    const inserted = /INSERT \(([^)]*)\)/.exec(sql)?.[1]?.split(', ') ?? [];
    expect(inserted).toHaveLength(table.fields.length);
  });

  it('should give each flow its own staging table and each batch attempt its own job ids', () => {
    const table = deriveExportTable(exportEntity('customers'));
    expect(stagingTableOf(table, flowId)).toBe('visma_customers__staging_0b9f3c1e2d4a');
    expect(stagingTableOf(table, flowId)).not.toBe(stagingTableOf(table, '1b9f3c1e-2d4a-4e5f-8a6b-7c8d9e0f1a2b'));
    const batch = { id: '11111111-2222-3333-4444-555555555555', attempt: 1 };
    expect(jobIdOf(batch, 'load')).toBe('mlc_11111111222233334444555555555555_a1_load');
    expect(jobIdOf(batch, 'load')).toMatch(/^[A-Za-z0-9_-]{1,1024}$/);
    expect(jobIdOf({ ...batch, attempt: 2 }, 'merge')).not.toBe(jobIdOf(batch, 'merge'));
  });
});
