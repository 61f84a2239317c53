import type { ConnectionEntity } from '../database/entities';

/**
 * One client per connection, built once and reused (clients hold token caches and keep-alive pools). An entry
 * is rebuilt when the connection's credentials or settings change, and dropped when building it failed.
 */
export class ConnectionClientCache<T> {
  private readonly entries = new Map<string, { key: string; client: Promise<T> }>();
  /** Version key per loaded connection row (rows are cached upstream and reused for many records). */
  private readonly keys = new WeakMap<ConnectionEntity, string>();

  constructor(private readonly build: (conn: ConnectionEntity) => Promise<T>) {}

  get(conn: ConnectionEntity): Promise<T> {
    let key = this.keys.get(conn);
    if (key === undefined) {
      key = `${conn.credentialsUpdatedAt?.toISOString() ?? ''}|${JSON.stringify(conn.settings)}`;
      this.keys.set(conn, key);
    }
    const cached = this.entries.get(conn.id);
    if (cached && cached.key === key) return cached.client;
    const client = this.build(conn);
    client.catch(() => this.entries.delete(conn.id));
    this.entries.set(conn.id, { key, client });
    return client;
  }
}
