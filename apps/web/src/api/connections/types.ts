/**
 * Connections as the API shows them (apps/api/src/modules/credentials/connections.service.ts
 * `ConnectionView`; fields per system in system-kinds.ts). Hand-written until the OpenAPI types are
 * generated. Credentials are write-only: only masked hints (`••••a1b2`) come back.
 */
export type SystemKind = 'visma' | 'bigcommerce';

/** Non-secret settings per system. */
export type SystemSettings = {
  visma: { companyId: string; apiBaseUrl: string; tokenUrl: string; callsPerHour: number };
  bigcommerce: { storeHash: string; apiBaseUrl: string };
};

/** Secret credential fields per system (write-only). */
export type SystemCredentials = {
  visma: { clientId: string; clientSecret: string; tenantId: string; scopes: string };
  bigcommerce: { accessToken: string; clientSecret: string };
};

export type SystemInfo = { system: SystemKind; label: string };
export type ConnectionStatus = 'new' | 'ok' | 'failing' | 'paused';

export type PingStepName = 'reachable' | 'auth' | 'tenant' | 'company' | 'permissions' | 'rate-limit' | 'webhooks';
export type PingStepStatus = 'ok' | 'failed' | 'skipped' | 'warning';
export type PingStep = { step: PingStepName; status: PingStepStatus; code: string; hint: string };
/** `POST /api/connections/:id/ping`: a diagnosis, step by step, not a boolean. */
export type PingReport = { ok: boolean; system: string; summary: string; companyName?: string; steps: PingStep[]; checkedAt: string };

/** One connection; distributive, so `Connection` is a union discriminated by `system`. */
export type Connection<S extends SystemKind = SystemKind> = S extends SystemKind
  ? {
      id: string;
      system: S;
      name: string;
      settings: Partial<SystemSettings[S]>;
      credentials: { hints: Partial<Record<keyof SystemCredentials[S], string>>; updatedAt: string | null };
      status: ConnectionStatus;
      lastPing: PingReport | null;
      lastPingAt: string | null;
      createdAt: string;
    }
  : never;

export type ConnectionFilter<S extends SystemKind = SystemKind> = { system?: S };

/** `POST /api/connections` body; settings left out take the API's defaults. */
export type CreateConnectionInput<S extends SystemKind = SystemKind> = {
  system: S;
  name: string;
  settings: Partial<SystemSettings[S]>;
  credentials: Partial<SystemCredentials[S]>;
};

/** `PATCH /api/connections/:id` body; credentials given replace the stored ones (all of them). */
export type UpdateConnectionInput<S extends SystemKind = SystemKind> = {
  id: string;
  name?: string;
  settings?: Partial<SystemSettings[S]>;
  credentials?: Partial<SystemCredentials[S]>;
};
