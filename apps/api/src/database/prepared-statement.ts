import type { Pool, QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * A SQL statement of the per-order hot path, run as a named prepared statement on the pg pool under TypeORM:
 * PostgreSQL parses and plans it once per connection instead of on every call (planning the intake and outcome
 * statements cost more backend CPU than executing them). Parameters are `$1…$n` as with `DataSource.query`;
 * the rows come back as plain objects with snake_case keys.
 */
export class PreparedStatement<Row extends QueryResultRow = QueryResultRow> {
  /**
   * @param name unique per statement text (pg keeps it per connection; two texts under one name is an error)
   * @param text the SQL
   */
  constructor(
    readonly name: string,
    readonly text: string,
  ) {}

  /**
   * Runs the statement on a pooled connection (outside any transaction).
   * @throws pg's DatabaseError, as TypeORM's `query` would (unwrapped)
   */
  async run(db: DataSource, values: readonly unknown[]): Promise<Row[]> {
    const result = await poolOf(db).query<Row>({ name: this.name, text: this.text, values: values as unknown[] });
    return result.rows;
  }
}

/** The pg Pool behind a TypeORM PostgreSQL DataSource (`PostgresDriver.master`). */
function poolOf(db: DataSource): Pool {
  const pool = (db.driver as unknown as { master?: Pool }).master;
  if (!pool) throw new Error('The database connection is not initialised (no pg pool behind the DataSource)');
  return pool;
}
