/**
 * Connections as the API shows them (apps/api/src/modules/credentials/connections.service.ts
 * `ConnectionView`). Which settings and credentials a system has is not typed here: it comes from the
 * system registry at run time (`useSystems()`, `SystemView.fields`). Hand-written until the OpenAPI types
 * are generated. Credentials are write-only: only masked hints (`••••a1b2`) come back.
 */
import type { SystemKind } from '../systems/types';

export type { SystemKind };

export type ConnectionStatus = 'new' | 'ok' | 'failing' | 'paused';

export type PingStepName = 'reachable' | 'auth' | 'tenant' | 'company' | 'permissions' | 'rate-limit' | 'webhooks';
export type PingStepStatus = 'ok' | 'failed' | 'skipped' | 'warning';
export type PingStep = { step: PingStepName; status: PingStepStatus; code: string; hint: string };
/** `POST /api/connections/:id/ping`: a diagnosis, step by step, not a boolean. */
export type PingReport = { ok: boolean; system: string; summary: string; companyName?: string; steps: PingStep[]; checkedAt: string };

/** One connection, of any registered system kind. */
export type Connection = {
  id: string;
  system: SystemKind;
  name: string;
  /** Non-secret settings as stored (the API's defaults filled in). */
  settings: Record<string, unknown>;
  /** Masked hints per credential field, e.g. `{ clientSecret: '••••a1b2' }`; never a secret. */
  credentials: { hints: Record<string, string>; updatedAt: string | null };
  status: ConnectionStatus;
  lastPing: PingReport | null;
  lastPingAt: string | null;
  createdAt: string;
};

export type ConnectionFilter = { system?: SystemKind };

/** `POST /api/connections` body; settings left out take the API's defaults. */
export type CreateConnectionInput = {
  system: SystemKind;
  name: string;
  settings: Record<string, unknown>;
  credentials: Record<string, unknown>;
};

/** `PATCH /api/connections/:id` body; credential fields given replace those stored, the others are kept. */
export type UpdateConnectionInput = {
  id: string;
  name?: string;
  settings?: Record<string, unknown>;
  credentials?: Record<string, unknown>;
};
