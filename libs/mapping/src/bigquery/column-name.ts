/**
 * BigQuery column names. Rule (bigquery.v2 discovery document, `TableFieldSchema.name`): "The name must contain only
 * letters (a-z, A-Z), numbers (0-9), or underscores (_), and must start with a letter or underscore. The maximum length
 * is 300 characters." Column names are case-insensitive, so two names of one RECORD level may not differ only in case
 * (BigQuery "Column names" docs), and names starting with `_TABLE_`, `_FILE_`, `_PARTITION`, `_ROW_TIMESTAMP`,
 * `__ROOT__` or `_COLIDENTIFIER` are reserved (same docs; not in the discovery document).
 */

/** Longest column name BigQuery accepts (characters). */
export const MAX_COLUMN_NAME_LENGTH = 300;

const RESERVED_PREFIXES = ['_TABLE_', '_FILE_', '_PARTITION', '_ROW_TIMESTAMP', '__ROOT__', '_COLIDENTIFIER'];
const VALID_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** True when `name` is a legal, unreserved BigQuery column name. */
export function isValidColumnName(name: string): boolean {
  const upper = name.toUpperCase();
  return name.length <= MAX_COLUMN_NAME_LENGTH && VALID_NAME.test(name) && !RESERVED_PREFIXES.some((p) => upper.startsWith(p));
}

/**
 * One source name → a legal column name, deterministically and without looking at other names:
 * every character outside `[A-Za-z0-9_]` becomes `_` (per UTF-16 code unit; accents are not transliterated), a name
 * that is empty or starts with a digit gets a leading `_`, a reserved prefix gets a leading `x`, and the result is cut
 * to 300 characters. Legal names come back unchanged (`lastModifiedDateTime` stays `lastModifiedDateTime`).
 */
export function sanitizeColumnName(source: string): string {
  let name = source.replace(/[^A-Za-z0-9_]/g, '_');
  if (name === '' || /^[0-9]/.test(name)) name = `_${name}`;
  const upper = name.toUpperCase();
  if (RESERVED_PREFIXES.some((p) => upper.startsWith(p))) name = `x${name}`;
  return name.slice(0, MAX_COLUMN_NAME_LENGTH);
}

/**
 * Source names of one RECORD level → column names, legal and unique ignoring case, in input order.
 * Each name is sanitised (`sanitizeColumnName`); a name whose lower-case form is already taken (by an earlier name or
 * by `reserved`, e.g. the provenance columns) gets the first free suffix `_2`, `_3`, … (the base cut so that the whole
 * stays ≤ 300 characters; re-sanitised, as `_TABLE` + `_2` would form a reserved prefix). Deterministic: the same list gives the same names, and an earlier name never changes
 * because of a later one — so a field appended to a DTO never renames an existing column.
 */
export function assignColumnNames(sources: readonly string[], reserved: readonly string[] = []): string[] {
  const taken = new Set(reserved.map((r) => r.toLowerCase()));
  return sources.map((source) => {
    const base = sanitizeColumnName(source);
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n += 1) {
      const suffix = `_${n}`;
      // One character spare for the `x` that a reserved prefix formed with the suffix (`_TABLE` + `_2`) gets.
      name = sanitizeColumnName(base.slice(0, MAX_COLUMN_NAME_LENGTH - suffix.length - 1) + suffix);
    }
    taken.add(name.toLowerCase());
    return name;
  });
}
