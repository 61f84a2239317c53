/**
 * The pure helpers of the export runner (export-runner.service.ts): how a catalogue entity is listed, windows, ids,
 * job ids, and how errors read.
 */
import { stat } from 'node:fs/promises';
import { parseVismaTimestamp, type VismaExportCursor, type VismaExportListing } from '@mlc/connectors';
import { lastModified as lastModifiedOf, recordKey, type ExportEntity } from '@mlc/mapping';
import type { ExportBatchEntity } from '../../database/export.entities';

/** Where an export batch reads from: a Visma window cursor, plus a record whose lines continue on the next page. */
export type ExportCursor = VismaExportCursor & { carry?: Record<string, unknown> | null };

/** Thrown by test hooks to stand for a killed worker (never caught as a batch failure). */
export class CrashSimulation extends Error {
  constructor(point: string) {
    super(`simulated crash at ${point}`);
    this.name = 'CrashSimulation';
  }
}

/** The job id of a batch's load or MERGE: deterministic per batch and attempt (letters, digits, `_`, `-`; ≤ 1,024). */
export function jobIdOf(batch: Pick<ExportBatchEntity, 'id' | 'attempt'>, step: 'load' | 'merge'): string {
  return `mlc_${batch.id.replace(/-/g, '')}_a${batch.attempt}_${step}`;
}

/** The reader's listing of a catalogue entity. */
export function listingOf(entity: ExportEntity): VismaExportListing {
  const delta = entity.delta === null ? 'none' : entity.delta.condition === null ? 'since' : 'condition';
  const field = entity.lastModified?.kind === 'field' ? entity.lastModified.field : undefined;
  return { path: entity.list.path, delta, isPaged: entity.paging !== null, lastModifiedField: field, query: entity.list.fixedQuery, returns: entity.listReturns, pagesByLinesOf: entity.linesSplitAcrossPages?.linesField };
}

/** Whether a detail record (read for an id list) changed inside the window (records without a change time: first window only). */
export function inWindow(entity: ExportEntity, dto: Record<string, unknown>, cursor: ExportCursor): boolean {
  const text = lastModifiedOf(entity, dto);
  const ms = text ? parseVismaTimestamp(text) : undefined;
  if (ms === undefined) return cursor.since === null;
  return ms > (cursor.since === null ? Number.NEGATIVE_INFINITY : (parseVismaTimestamp(cursor.since) ?? Number.NEGATIVE_INFINITY)) && ms <= (parseVismaTimestamp(cursor.until) ?? Number.POSITIVE_INFINITY);
}

export function idOf(item: unknown): string {
  if (typeof item === 'string' || typeof item === 'number') return String(item);
  if (item && typeof item === 'object') {
    const o = item as Record<string, unknown>;
    const id = o['id'] ?? o['dimensionId'];
    return typeof id === 'string' || typeof id === 'number' ? String(id) : '';
  }
  return '';
}

export function queryOf(query: Readonly<Record<string, string>>): string {
  const entries = Object.entries(query);
  return entries.length ? `?${new URLSearchParams(entries).toString()}` : '';
}

export function safeKey(entity: ExportEntity, dto: Record<string, unknown>): string | null {
  try {
    return recordKey(entity, dto).id;
  } catch {
    return null;
  }
}


export async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Errors worth another try of the same step (the warehouse's quota or a server error, a network fault). */
export function isTransient(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { retryable?: unknown }).retryable === true;
}

export function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
