/** `GET /api/overview?days=N`: the dashboard's health at a glance. */
export type Overview = {
  perDay: { date: string; posted: number; failed: number }[];
  failuresByReason: { reason: string; count: number }[];
  rateBudgets: { connectionId: string; name: string; used: number; limit: number; resetsAt: string | null }[];
  webhooks: { connectionId: string; name: string; active: number; total: number; lastDeliveryAt: string | null }[];
};
