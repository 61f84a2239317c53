/**
 * Optimistic-lock update loop for services (style.md "Connector shape" → update with ETag): read the current
 * record and its ETag, apply the change to that fresh copy, write with If-Match; on a conflict (409/412) re-read
 * and re-apply, up to `maxAttempts`. The server's version is never resent blindly (unlike commercetools' 409
 * handling), because every write is recomputed from a fresh read.
 */
import { ConnectorConflictError } from './errors';

export type EtagRetryOptions<T, C, R> = {
  /** Reads the current record and its ETag. */
  read: () => Promise<{ record: T; etag: string | undefined }>;
  /** Computes the change from the fresh record; `undefined` means nothing to change (no write). */
  applyChange: (current: T) => C | undefined;
  /** Writes the change with If-Match `etag`; throws ConnectorConflictError on 409/412. */
  write: (change: C, etag: string | undefined) => Promise<R>;
  /** Total attempts (default 3). */
  maxAttempts?: number | undefined;
};

export type EtagRetryResult<R> = { status: 'updated'; result: R; attempts: number } | { status: 'unchanged'; attempts: number };

/**
 * Runs the loop described in the file header.
 * @throws ConnectorConflictError (the last one) when every attempt conflicted
 * @throws whatever `read`/`write` throw for other failures (not retried here)
 */
export async function updateWithEtagRetry<T, C, R>(options: EtagRetryOptions<T, C, R>): Promise<EtagRetryResult<R>> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
  for (let attempt = 1; ; attempt += 1) {
    const { record, etag } = await options.read();
    const change = options.applyChange(record);
    if (change === undefined) return { status: 'unchanged', attempts: attempt };
    try {
      return { status: 'updated', result: await options.write(change, etag), attempts: attempt };
    } catch (e: unknown) {
      if (!(e instanceof ConnectorConflictError) || attempt >= maxAttempts) throw e;
    }
  }
}
