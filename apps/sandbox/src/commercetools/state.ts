/**
 * In-memory state of the commercetools sandbox: one project, its resources in the API's JSON shape (openapi.yaml
 * `Order`, `Payment`, `Customer`, `Product`, `InventoryEntry`, `Store`, `TaxCategory`), the Messages they produced
 * (`Message`: `sequenceNumber` counts per resource, `resourceVersion` is the version the change produced), the API
 * clients and the issued tokens. Dates are ISO-8601 with millisecond precision from the injected clock, so two writes
 * in the same millisecond share a `lastModifiedAt`, as they can on the real API.
 */
import { randomUUID } from 'node:crypto';
import type { CommercetoolsClient } from './demo.constants';
import { clone, compact, strAt, type Json } from './json';

export const COLLECTIONS = ['orders', 'payments', 'customers', 'products', 'inventory', 'stores', 'tax-categories'] as const;
export type Collection = (typeof COLLECTIONS)[number];

/** The Reference `typeId` of each collection's resources (openapi.yaml `ReferenceTypeId`). */
export const TYPE_ID: Record<Collection, string> = {
  orders: 'order',
  payments: 'payment',
  customers: 'customer',
  products: 'product',
  inventory: 'inventory-entry',
  stores: 'store',
  'tax-categories': 'tax-category',
};

/** What `GET /messages` does while `messages.enabled` is false: answer the (empty) stored list, or refuse with 400. */
export type MessagesWhenDisabled = 'empty' | 'reject';

export type ProjectSettings = {
  key: string;
  name: string;
  countries: string[];
  currencies: string[];
  languages: string[];
  createdAt: string;
  messages: { enabled: boolean; deleteDaysAfterCreation?: number };
  messagesWhenDisabled: MessagesWhenDisabled;
};

/** An issued access token. */
export type IssuedToken = { clientId: string; scopes: string[]; expiresAtMs: number };

/** `createdBy` / `lastModifiedBy` (openapi.yaml `LastModifiedBy`). */
export type ModifiedBy = { clientId: string; isPlatformClient: boolean };

/**
 * One message to emit with a write: its `type` and the type's own fields (e.g. `orderState`, `oldOrderState`), or a
 * function of the committed resource giving them (for `<Type>Created` messages that carry the resource itself).
 */
export type MessageEvent = { type: string; payload: Json | ((saved: Json) => Json) };

export class CommercetoolsState {
  project: ProjectSettings;
  readonly data: Record<Collection, Map<string, Json>>;
  messages: Json[] = [];
  clients = new Map<string, CommercetoolsClient>();
  tokens = new Map<string, IssuedToken>();
  private sequenceNumbers = new Map<string, number>();
  private pinnedMs: number | undefined;
  /** The clock of record dates and token expiry (the injected clock, or the instant `at` pinned). */
  readonly nowMs: () => number;

  constructor(project: ProjectSettings, clock: () => number) {
    this.nowMs = () => this.pinnedMs ?? clock();
    this.project = clone(project);
    this.data = Object.fromEntries(COLLECTIONS.map((c) => [c, new Map<string, Json>()])) as Record<Collection, Map<string, Json>>;
  }

  /** Back to an empty project with these settings and clients (tokens forgotten). */
  reset(project: ProjectSettings, clients: readonly CommercetoolsClient[]): void {
    this.project = clone(project);
    for (const map of Object.values(this.data)) map.clear();
    this.messages = [];
    this.sequenceNumbers.clear();
    this.tokens.clear();
    this.clients = new Map(clients.map((c): [string, CommercetoolsClient] => [c.clientId, clone(c)]));
  }

  /** Runs `fn` with the clock pinned at `ms` (the seed dates its records this way). */
  at<T>(ms: number, fn: () => T): T {
    const previous = this.pinnedMs;
    this.pinnedMs = ms;
    try {
      return fn();
    } finally {
      this.pinnedMs = previous;
    }
  }

  nowIso(): string {
    return new Date(this.nowMs()).toISOString();
  }

  newId(): string {
    return randomUUID();
  }

  /** Stores a record as given (seeded examples keep their ids, versions and dates). */
  put(collection: Collection, resource: Json): void {
    this.data[collection].set(String(resource['id']), resource);
  }

  /**
   * Saves a write: a new resource gets version 1 and `createdAt`, an update the next version; both get
   * `lastModifiedAt` = now and `lastModifiedBy`. Each event becomes a Message of the new version. Returns the saved record.
   */
  commit(collection: Collection, resource: Json, events: readonly MessageEvent[], by: ModifiedBy, isNew: boolean): Json {
    const now = this.nowIso();
    if (isNew) {
      resource['version'] = 1;
      resource['createdAt'] = now;
      resource['createdBy'] = { ...by };
    } else {
      resource['version'] = Number(resource['version']) + 1;
    }
    resource['lastModifiedAt'] = now;
    resource['lastModifiedBy'] = { ...by };
    for (const event of events) this.emit(collection, resource, event, by, now);
    this.put(collection, resource);
    return resource;
  }

  /**
   * Records one Message of `resource` (openapi.yaml `Message`). The sequence number advances even while messages are
   * disabled (Subscriptions still receive them); the Messages Query API only stores them while `messages.enabled`.
   */
  private emit(collection: Collection, resource: Json, event: MessageEvent, by: ModifiedBy, now: string): void {
    const id = String(resource['id']);
    const sequenceNumber = (this.sequenceNumbers.get(id) ?? 0) + 1;
    this.sequenceNumbers.set(id, sequenceNumber);
    if (collection === 'orders') resource['lastMessageSequenceNumber'] = sequenceNumber;
    if (!this.project.messages.enabled) return;
    const identifiers = compact({ key: strAt(resource, 'key'), orderNumber: strAt(resource, 'orderNumber'), sku: strAt(resource, 'sku') });
    this.messages.push({
      id: randomUUID(),
      version: 1,
      sequenceNumber,
      resource: { typeId: TYPE_ID[collection], id },
      resourceVersion: resource['version'],
      ...(Object.keys(identifiers).length > 0 ? { resourceUserProvidedIdentifiers: identifiers } : {}),
      type: event.type,
      ...clone(typeof event.payload === 'function' ? event.payload(resource) : event.payload),
      createdAt: now,
      lastModifiedAt: now,
      lastModifiedBy: { ...by },
      createdBy: { ...by },
    });
  }

  /** Makes later messages of a seeded resource continue after `sequenceNumber`. */
  observeSequence(resourceId: string, sequenceNumber: number): void {
    if (sequenceNumber > (this.sequenceNumbers.get(resourceId) ?? 0)) this.sequenceNumbers.set(resourceId, sequenceNumber);
  }

  /** The messages the Messages Query API answers: stored ones younger than `deleteDaysAfterCreation`. */
  queryableMessages(): Json[] {
    const days = this.project.messages.deleteDaysAfterCreation;
    if (days === undefined) return this.messages;
    const cutoff = this.nowMs() - days * 86_400_000;
    return this.messages.filter((m) => Date.parse(String(m['createdAt'])) >= cutoff);
  }

  /** The record of a Reference (`{typeId, id}` or a KeyReference `{typeId, key}`), for reference expansion. */
  resolve(reference: Json): Json | undefined {
    const typeId = strAt(reference, 'typeId');
    const collection = COLLECTIONS.find((c) => TYPE_ID[c] === typeId);
    if (!collection) return undefined;
    const id = strAt(reference, 'id');
    if (id !== undefined) return this.data[collection].get(id);
    const key = strAt(reference, 'key');
    return key === undefined ? undefined : [...this.data[collection].values()].find((r) => r['key'] === key);
  }

  /** The Project resource (openapi.yaml `Project`). */
  projectResource(): Json {
    const p = this.project;
    return {
      version: 1,
      key: p.key,
      name: p.name,
      countries: [...p.countries],
      currencies: [...p.currencies],
      languages: [...p.languages],
      createdAt: p.createdAt,
      messages: { ...p.messages },
      carts: { deleteDaysAfterLastModification: 90, countryTaxRateFallbackEnabled: false },
      shoppingLists: { deleteDaysAfterLastModification: 360 },
      inventory: { releaseExpiredReservations: false },
      discounts: { discountCombinationMode: 'Stacking' },
      searchIndexing: {},
    };
  }
}
