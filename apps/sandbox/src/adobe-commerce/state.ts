/**
 * In-memory state of the Adobe Commerce sandbox. Sales records, customers, products and attributes are kept in the
 * REST shape Commerce answers with (`sales-data-order-interface`, `customer-data-customer-interface`, … of
 * admin-schema-2.4.9.yaml), money as JSON floats the way Magento renders its DECIMAL columns; every computation
 * converts them to integer minor units first (money.ts) and writes floats back. Ids come from per-entity sequences.
 */
import type { AdobeCommerceIntegration } from './demo.constants';

export type Json = Record<string, unknown>;

/** Store settings the sandbox lets tests switch (each mirrors an Admin setting). */
export type AdobeCommerceSettings = {
  /** Magento_AdobeCommerceWebhooks (+ Subscriber) installed and enabled: `/V1/webhooks/*` exist, `/V1/modules` lists them. */
  isWebhookModuleEnabled: boolean;
  /** Stores > Configuration > Adobe Services > Webhooks > Digital Signature Configuration > Enabled. */
  isWebhookSignatureEnabled: boolean;
  /** `oauth/consumer/enable_integration_as_bearer`: the integration access token accepted as `Authorization: Bearer`. */
  isIntegrationAsBearerEnabled: boolean;
};

/** One subscription of `POST /V1/webhooks/subscribe` (adobe-commerce-webhooks-data-webhook-data-interface). */
export type WebhookSubscription = {
  webhook_method: string;
  webhook_type: string;
  batch_name: string;
  batch_order: number;
  hook_name: string;
  url: string;
  priority: number;
  required: boolean;
  soft_timeout: number;
  timeout: number;
  method: string;
  fallback_error_message: string;
  ttl: number;
  fields: Array<{ name: string; source: string }>;
  rules: Array<{ field: string; operator: string; value: string }>;
  headers: Array<{ name: string; value: string }>;
  developer_console_oauth?: { client_id: string; client_secret: string; org_id: string; environment: string };
};

/** An issued IMS access token. */
export type ImsToken = { clientId: string; imsOrgId: string; scopes: string[]; expiresAtMs: number; resources: readonly string[] };

type SequenceName = 'order' | 'orderItem' | 'address' | 'payment' | 'invoice' | 'invoiceItem' | 'creditmemo' | 'creditmemoItem' | 'customer' | 'customerAddress' | 'product' | 'attribute' | 'quote' | 'entityAttribute';

export class AdobeCommerceState {
  orders = new Map<number, Json>();
  invoices = new Map<number, Json>();
  creditmemos = new Map<number, Json>();
  customers = new Map<number, Json>();
  /** Products by SKU (Magento SKUs are unique case-insensitively; the sandbox keys them as given). */
  products = new Map<string, Json>();
  /** Product EAV attributes by attribute_code. */
  attributes = new Map<string, Json>();
  /** Attribute codes of each attribute set (4 = Default). */
  attributeSets = new Map<number, Set<string>>();
  webhooks: WebhookSubscription[] = [];
  /** `consumerId:nonce` of every nonce used (oauth_nonce table). */
  nonces = new Set<string>();
  imsTokens = new Map<string, ImsToken>();
  integrations: AdobeCommerceIntegration[] = [];
  private sequences = new Map<SequenceName, number>();

  constructor(public settings: AdobeCommerceSettings) {}

  /** The next id of a sequence (1, 2, … after whatever `observe` saw). */
  next(name: SequenceName): number {
    const id = (this.sequences.get(name) ?? 0) + 1;
    this.sequences.set(name, id);
    return id;
  }

  /** Makes sure later ids of `name` come after `id` (seeded records keep their own ids). */
  observe(name: SequenceName, id: number): void {
    if (id > (this.sequences.get(name) ?? 0)) this.sequences.set(name, id);
  }

  productById(id: number): Json | undefined {
    for (const p of this.products.values()) if (p['id'] === id) return p;
    return undefined;
  }

  customerByEmail(email: string, websiteId: number): Json | undefined {
    for (const c of this.customers.values()) {
      if (String(c['email']).toLowerCase() === email.toLowerCase() && c['website_id'] === websiteId) return c;
    }
    return undefined;
  }

  reset(settings: AdobeCommerceSettings, integrations: readonly AdobeCommerceIntegration[]): void {
    this.orders.clear();
    this.invoices.clear();
    this.creditmemos.clear();
    this.customers.clear();
    this.products.clear();
    this.attributes.clear();
    this.attributeSets.clear();
    this.webhooks = [];
    this.nonces.clear();
    this.imsTokens.clear();
    this.integrations = integrations.map((i) => ({ ...i }));
    this.sequences.clear();
    this.settings = { ...settings };
  }
}

/** A deep copy of a JSON record (answers never share objects with the state). */
export function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Magento's ServiceOutputProcessor leaves null values out of the answer. */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value !== null && typeof value === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(value as Json)) if (v !== null && v !== undefined) out[k] = withoutNulls(v);
    return out;
  }
  return value;
}

/**
 * The webapi's input conversion: request field names may be snake_case or camelCase (`defaultShipping`,
 * `regionCode`); Magento maps both to the same setter. Returns the object with snake_case names.
 */
export function snakeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (value !== null && typeof value === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(value as Json)) out[k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = snakeKeys(v);
    return out;
  }
  return value;
}

/** A number field of a record (0 when absent). */
export function num(record: Json, field: string): number {
  const v = record[field];
  return typeof v === 'number' ? v : typeof v === 'string' && v !== '' && Number.isFinite(Number(v)) ? Number(v) : 0;
}

/** The items array of a record. */
export function itemsOf(record: Json): Json[] {
  const items = record['items'];
  return Array.isArray(items) ? (items as Json[]) : [];
}

/** A JSON field as text: strings as they are, numbers and booleans printed, anything else `fallback`. */
export function str(value: unknown, fallback = ''): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return fallback;
}
