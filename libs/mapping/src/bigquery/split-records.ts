import { MappingError } from '../mapping.error';
import { exportEntity, type ExportEntity, type ExportEntityId } from './export-entities';
import { recordKey } from './to-row';

/**
 * The page's records that are complete, and the record that may continue on the next page (`carry`, to hand back with
 * the next page; null when none).
 */
export type JoinedPage = { readonly complete: readonly Record<string, unknown>[]; readonly carry: Record<string, unknown> | null };

/**
 * For entities whose list pages by lines (`linesSplitAcrossPages`: journal transactions v2, where "pagesize and
 * totalcount denote number of journal transaction lines" and "the transactions for one specific batch can be split
 * into several responses", spec JournalTransactionV2_GetAllJournalTransactions): joins the parts of one record.
 * `carry` (from the previous call) and `page` are joined by record key in order of first appearance, their line arrays
 * concatenated in arrival order (the other fields are taken from the first part). Unless `isLastPage`, the last joined
 * record is held back as the new `carry`: its lines may go on in the next page, and writing it now would let a later
 * MERGE replace the whole batch with a part. The caller checkpoints a page only with its carry (or re-reads the page).
 * For other entities every record is complete and `carry` stays null.
 * @throws MappingError (from `recordKey`) naming the key field a record lacks; `invalid-field` when a record's lines
 *   are not an array.
 */
export function joinSplitRecords(entity: ExportEntity | ExportEntityId, carry: Record<string, unknown> | null, page: readonly Record<string, unknown>[], isLastPage: boolean): JoinedPage {
  const e = typeof entity === 'string' ? exportEntity(entity) : entity;
  const split = e.linesSplitAcrossPages;
  const incoming = carry === null ? [...page] : [carry, ...page];
  if (split === null) return { complete: incoming, carry: null };
  const joined = new Map<string, Record<string, unknown>>();
  for (const record of incoming) {
    const id = recordKey(e, record).id;
    const lines = record[split.linesField] ?? [];
    if (!Array.isArray(lines)) throw new MappingError('invalid-field', split.linesField, `must be an array, got ${typeof lines}`);
    const earlier = joined.get(id);
    if (earlier === undefined) {
      joined.set(id, { ...record, [split.linesField]: [...(lines as unknown[])] });
    } else {
      (earlier[split.linesField] as unknown[]).push(...(lines as unknown[]));
    }
  }
  const records = [...joined.values()];
  if (isLastPage) return { complete: records, carry: null };
  const last = records.pop() ?? null;
  return { complete: records, carry: last };
}
