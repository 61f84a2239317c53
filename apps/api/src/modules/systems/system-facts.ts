import type { ZodType, ZodTypeDef } from 'zod';
import type { CatchUpSchedule } from '../../database/flow-settings';

/**
 * The facts of one external system, as the system registry holds them and `GET /api/systems` serves them
 * (without the zod schemas). One object per system kind, declared next to its module (e.g.
 * `modules/bigcommerce/bigcommerce.system.ts`); nothing else in the product keeps a copy: the connections API
 * validates with `settings` / `credentials`, the dashboard draws the connection form from `fields`, ping and
 * the pipeline pick capabilities by `kind`.
 */
export type SystemFacts = {
  /** Stable string literal stored on connections (`connection.system`), e.g. `bigcommerce`. */
  kind: string;
  /** Product name as the admin knows it, e.g. `BigCommerce`. */
  label: string;
  /**
   * `source`: a system records come from (a shop; Visma for its supplier invoices); `target`: an ERP company documents
   * are posted into; `catalog-target`: a shop whose product catalog we write into (Visma supplier invoices → cost);
   * `export-target`: an analytics warehouse an ERP company's ledger is exported into in batches (BigQuery).
   */
  roles: readonly SystemRole[];
  /** Non-secret settings, shown in the API; defaults apply when left out. */
  settings: ZodType<Record<string, unknown>, ZodTypeDef, unknown>;
  /** Credentials, encrypted in the vault and write-only (only a masked hint of `isSecret` fields comes back). */
  credentials: ZodType<Record<string, unknown>, ZodTypeDef, unknown>;
  /** How the connection form asks for each settings and credential field. */
  fields: { settings: readonly FieldSpec[]; credentials: readonly FieldSpec[] };
  /** Which settings field holds the API base URL and what it must look like (secrets only go to it). */
  baseUrl: BaseUrlRule;
  /**
   * Where each URL-ish setting (and credential, such as a key's token_uri) may point: every one a secret or a token
   * travels to has a rule (host-policy.ts checks them on save, before secrets are read, and at connect time).
   */
  hosts: readonly HostRule[];
  /** Entity types a flow may move out of this system (sources only), e.g. `['order', 'refund', 'customer']`. */
  entities: readonly string[];
  /**
   * Of `entities`, those a flow moves into a shop's catalog (a `catalog-target`) instead of an ERP company: Visma's
   * supplier invoices become product cost in Adobe Commerce. Absent: none.
   */
  catalogEntities?: readonly string[];
  /** The catch-up schedule a new flow out of this system gets when the admin sets none (default: every 10 minutes). */
  defaultCatchUpSchedule?: CatchUpSchedule;
  /** Webhook deliveries this system sends us, or null when it has none (polling only). */
  webhooks: WebhookFacts | null;
};

export type SystemRole = 'source' | 'target' | 'catalog-target' | 'export-target';

/**
 * One form field. `format` decides the input (`choice`: one of `choices`, the first being the default);
 * `isSecret` fields are write-only and masked after saving.
 */
export type FieldSpec = {
  name: string;
  label: string;
  format: 'text' | 'url' | 'number' | 'secret' | 'choice';
  /** The allowed values of a `choice` field, with their labels. */
  choices?: readonly { value: string; label: string }[];
  isRequired: boolean;
  isSecret: boolean;
  help?: string;
  placeholder?: string;
};

/** Where secrets travel: the base URL field of the settings, its default and whether plain HTTP is refused. */
export type BaseUrlRule = { field: string; default: string; isHttpsRequired: boolean; help: string };

/**
 * The host policy of one URL-ish field (issue 19: a stored secret never leaves for a host the admin did not mean).
 * - `vendor-fixed`: the vendor's own endpoint (a token service, an API host); only `vendorHosts` over HTTPS on the
 *   default port, as the vendor documents them (`vendorDoc`). In sandbox mode (ALLOW_SANDBOX_HOSTS) the local
 *   sandboxes (http or https on 127.0.0.1, localhost, [::1]) are accepted as well.
 * - `merchant`: the customer's own server (a shop); any host name, but HTTPS and a public address (resolved with DNS on
 *   save, and again as each connection opens), unless ALLOW_PRIVATE_HOSTS (address only) or sandbox mode.
 */
export type HostRule = {
  /** The field as validation errors name it: `settings.tokenUrl`, `credentials.serviceAccountKey`. */
  field: `settings.${string}` | `credentials.${string}`;
  /** Product words for it in messages: "The Visma Connect token URL". */
  label: string;
  kind: 'vendor-fixed' | 'merchant';
  /**
   * The URLs the rule judges, read from the parsed settings and (when known) credentials; empty: the rule does not
   * apply to this connection (e.g. a SaaS-only host on a PaaS store). A value that is not a URL is returned as is
   * and refused.
   */
  urlsOf: (values: { settings: Record<string, unknown>; credentials: Record<string, unknown> | undefined }) => string[];
  /** vendor-fixed only: the documented host names (exact, lower case) or patterns of them. */
  vendorHosts?: readonly (string | RegExp)[];
  /** vendor-fixed only: the documented hosts in words, for the message ("connect.visma.com"). */
  vendorHostsText?: string;
  /** Where the vendor documents them (developer docs page or spec). */
  vendorDoc?: string;
};

/** How a system delivers webhooks to `POST /webhooks/<kind>/<connection id>`. */
export type WebhookFacts = {
  /** How deliveries are authenticated, in one sentence for the dashboard (e.g. "Standard Webhooks HMAC-SHA256"). */
  authentication: string;
  /** What the sender requires of `PUBLIC_BASE_URL` (e.g. HTTPS on port 443 only). */
  destinationRule: string;
  /** Whether the product registers and health-checks the hooks itself (vs. the admin creating them in the shop). */
  isManagedByUs: boolean;
};

/** What `GET /api/systems` returns per system: the facts without their zod schemas, plus the capabilities present. */
export type SystemView = Omit<SystemFacts, 'settings' | 'credentials' | 'hosts'> & { capabilities: readonly SystemCapabilityName[] };

export type SystemCapabilityName = 'ping' | 'fetch' | 'webhook' | 'catch-up' | 'webhook-upkeep' | 'document-target' | 'catalog-target' | 'stock-target' | 'change-signal' | 'reference-data' | 'rate-budget' | 'export-target';
