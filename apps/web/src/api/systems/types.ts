/**
 * The system registry as `GET /api/systems` serves it. Copied by hand from
 * apps/api/src/modules/systems/system-facts.ts (`SystemView`, `FieldSpec`, `BaseUrlRule`, `WebhookFacts`,
 * `SystemRole`, `SystemCapabilityName`); apps/web never imports apps/api. Keep the two in step until the
 * OpenAPI types are generated.
 */

/** Stable string stored on connections (`connection.system`), e.g. `bigcommerce`; any registered kind. */
export type SystemKind = string;

/**
 * `source`: a shop records come from; `target`: an ERP company documents are posted into; `catalog-target`: a shop whose
 * catalog we write into; `export-target`: a warehouse an ERP company's ledger is exported into in batches (BigQuery).
 */
export type SystemRole = 'source' | 'target' | 'catalog-target' | 'export-target';

/** One allowed value of a `choice` field, with the words the form shows for it. */
export type FieldChoice = { value: string; label: string };

/**
 * One form field. `format` decides the input (`choice`: a select of `choices`, the first being the default);
 * `isSecret` fields are write-only and masked after saving.
 */
export type FieldSpec = {
  name: string;
  label: string;
  format: 'text' | 'url' | 'number' | 'secret' | 'choice';
  /** The allowed values of a `choice` field, the default first. */
  choices?: readonly FieldChoice[];
  isRequired: boolean;
  isSecret: boolean;
  help?: string;
  placeholder?: string;
};

/** Where secrets travel: the base URL field of the settings, its default and whether plain HTTP is refused. */
export type BaseUrlRule = { field: string; default: string; isHttpsRequired: boolean; help: string };

/** How a system delivers webhooks to `POST /webhooks/<kind>/<connection id>`. */
export type WebhookFacts = {
  /** How deliveries are authenticated, in one sentence for the dashboard. */
  authentication: string;
  /** What the sender requires of `PUBLIC_BASE_URL` (e.g. HTTPS on port 443 only). */
  destinationRule: string;
  /** Whether the product registers and health-checks the hooks itself (vs. the admin creating them in the shop). */
  isManagedByUs: boolean;
};

export type SystemCapabilityName =
  | 'ping'
  | 'fetch'
  | 'webhook'
  | 'catch-up'
  | 'webhook-upkeep'
  | 'document-target'
  | 'catalog-target'
  | 'stock-target'
  | 'change-signal'
  | 'reference-data'
  | 'rate-budget'
  | 'export-target';

/** One registered system: its facts (without the API's zod schemas) plus the capabilities it has. */
export type SystemView = {
  kind: SystemKind;
  /** Product name as the admin knows it, e.g. `BigCommerce`. */
  label: string;
  roles: readonly SystemRole[];
  /** How the connection form asks for each settings and credential field. */
  fields: { settings: readonly FieldSpec[]; credentials: readonly FieldSpec[] };
  baseUrl: BaseUrlRule;
  /** Entity types a flow may move out of this system (sources only). */
  entities: readonly string[];
  /** Of `entities`, those a flow moves into a shop's catalog (Visma supplier invoices → product cost). */
  catalogEntities?: readonly string[];
  /** Webhook deliveries this system sends us, or null when it has none (polling only). */
  webhooks: WebhookFacts | null;
  capabilities: readonly SystemCapabilityName[];
};
