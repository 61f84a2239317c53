/** Public path prefix of every webhook intake: `POST /webhooks/:system/:connectionId` (no session; signatures). */
export const WEBHOOK_PATH_PREFIX = '/webhooks/';

/** The path a system delivers a connection's webhooks to, e.g. `/webhooks/bigcommerce/<uuid>`. */
export function webhookPathOf(system: string, connectionId: string): string {
  return `${WEBHOOK_PATH_PREFIX}${encodeURIComponent(system)}/${connectionId}`;
}
