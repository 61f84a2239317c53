import { createHash } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { IncomingHttpHeaders } from 'node:http';
import type { DataSource } from 'typeorm';
import { AppException } from '../../common/app-exception';
import type { ConnectionEntity } from '../../database/entities';
import { ConnectionsService } from '../credentials/connections.service';
import { FlowsService } from '../mapping/flows.service';
import type { WebhookCapability, WebhookRecordKey } from '../systems/capabilities';
import { SystemRegistry } from '../systems/system-registry.service';
import { RecordsService } from './records.service';

/**
 * The delivery body as the JSON the delivery log stores: JSON bodies verbatim (their bytes were verified), anything else
 * (WooCommerce's form-encoded ping `webhook_id=<id>`) as a JSON string under `form`.
 */
export function storableBody(rawBody: Buffer): string {
  const text = rawBody.toString('utf8');
  return /^\s*[{[]/.test(text) ? text : JSON.stringify({ form: text });
}

/**
 * What intake answers: accepted (and whether it was a repeat), or rejected with the reason: 404 (no such connection),
 * 401 (signature, secret or header checks), 400 (a verified body we cannot take: nested too deep, or a field that
 * cannot identify a record; `message` names the field).
 */
export type IntakeResult =
  | { ok: true; duplicate: boolean; stale: boolean; recordId?: string }
  | { ok: false; reason: string; status: 400 | 401 | 404; message?: string };

/** Deepest JSON nesting a delivery may have (real ones nest 6 levels; PostgreSQL's json parser and our hashing recurse). */
export const WEBHOOK_MAX_DEPTH = 64;
/** Column widths of webhook_delivery and sync_record (migrations 1700000000000 / 1700000001000). */
const MAX_KEY = 200;
const MAX_SCOPE = 100;
const MAX_ENTITY_TYPE = 40;
/** A verifier's rejection of a field it read (`invalid-field:<path>`): the body is the problem, answered 400. */
const INVALID_FIELD = /^invalid-field:(.+)$/;

/** How deep `[`/`{` nest in JSON text, ignoring brackets inside strings; stops counting once past `limit`. */
export function jsonDepth(raw: Buffer, limit = WEBHOOK_MAX_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i += 1) {
    const b = raw[i];
    if (inString) {
      if (b === 0x5c) i += 1;
      else if (b === 0x22) inString = false;
    } else if (b === 0x22) inString = true;
    else if (b === 0x5b || b === 0x7b) {
      depth += 1;
      if (depth > max) max = depth;
      if (max > limit) return max;
    } else if (b === 0x5d || b === 0x7d) depth -= 1;
  }
  return max;
}

/** A key that fits its column and carries no NUL (PostgreSQL text cannot): as is, else `sha256:<hex>` of it (still de-duplicates). */
function storableKey(key: string): string {
  return key.length <= MAX_KEY && !key.includes('\u0000') ? key : `sha256:${createHash('sha256').update(key, 'utf8').digest('hex')}`;
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) if (text.charCodeAt(i) < 0x20) return true;
  return false;
}

/** Why a record key cannot be stored (naming the field), or undefined when it can. */
function badRecordKey(key: WebhookRecordKey): string | undefined {
  if (!key.externalId || key.externalId.length > MAX_KEY || hasControlCharacter(key.externalId)) return `the record id (externalId "${key.externalId.slice(0, 40)}") must be 1 to ${MAX_KEY} printable characters`;
  if (!key.entityType || key.entityType.length > MAX_ENTITY_TYPE) return `the entity type must be 1 to ${MAX_ENTITY_TYPE} characters`;
  return undefined;
}

type Keys = { conn: ConnectionEntity; verifier: WebhookCapability; credentials: Record<string, unknown>; expiresAt: number };
const KEY_CACHE_MS = 30_000;

/**
 * One intake for every system's webhooks (`POST /webhooks/:system/:connectionId`): the connection must exist and be
 * of that system (else 404), the system's verifier checks the delivery on its raw bytes (else 401), then one
 * statement stores the raw delivery and the record (one per enabled flow moving it) and one enqueue per record follows.
 * Everything else (fetching the full record, mapping, posting) happens in the worker. Connections and their decrypted
 * secrets are cached in memory for 30 s (and dropped at once when this process changes them).
 */
@Injectable()
export class WebhookIntakeService implements OnModuleInit {
  private readonly keys = new Map<string, Keys>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly systems: SystemRegistry,
    private readonly connections: ConnectionsService,
    private readonly flows: FlowsService,
    private readonly records: RecordsService,
  ) {}

  onModuleInit(): void {
    this.connections.onChange((connectionId) => this.keys.delete(connectionId));
  }

  async accept(system: string, connectionId: string, rawBody: Buffer, headers: IncomingHttpHeaders, correlationId: string): Promise<IntakeResult> {
    const keys = await this.keysFor(system, connectionId);
    if (!keys) return { ok: false, reason: 'unknown-connection', status: 404 };
    const verified = keys.verifier.verify({ rawBody, headers, settings: keys.conn.settings, credentials: keys.credentials, nowSeconds: Math.floor(Date.now() / 1000) });
    if (!verified.ok) {
      const field = INVALID_FIELD.exec(verified.reason)?.[1];
      return field ? { ok: false, reason: 'invalid-field', status: 400, message: `Field ${field} of the delivery is missing or not valid` } : { ok: false, reason: verified.reason, status: 401 };
    }
    if (jsonDepth(rawBody) > WEBHOOK_MAX_DEPTH) return { ok: false, reason: 'too-deep', status: 400, message: `The delivery nests deeper than ${WEBHOOK_MAX_DEPTH} levels` };
    const d = verified.delivery;
    for (const key of [d.record, ...(d.related ?? []).map((r) => r.key)]) {
      const problem = key && badRecordKey(key);
      if (problem) return { ok: false, reason: 'invalid-field', status: 400, message: `Field id of the delivery is not valid: ${problem}` };
    }
    // Scope and keys come from the sender (headers, body): they must fit their columns and hold no NUL.
    const delivery = {
      key: storableKey(d.deliveryKey),
      webhookId: d.webhookId === null ? null : storableKey(d.webhookId),
      scope: d.scope.split('\u0000').join('').slice(0, MAX_SCOPE),
      body: storableBody(rawBody),
    };
    if (!d.record) {
      // A scope we do not sync (or the sender's ping): keep the delivery for the record, nothing to process.
      const stored: { id: string }[] = await this.db.query(
        `INSERT INTO webhook_delivery (connection_id, delivery_key, webhook_id, scope, body) VALUES ($1, $2, $3, $4, $5::json)
         ON CONFLICT (connection_id, delivery_key) DO NOTHING RETURNING id`,
        [connectionId, delivery.key, delivery.webhookId, delivery.scope, delivery.body],
      );
      return { ok: true, duplicate: stored.length === 0, stale: false };
    }
    const received = await this.records.receive({
      connectionId,
      system,
      entityType: d.record.entityType,
      externalId: d.record.externalId,
      payload: d.payload,
      flowIds: await this.flows.flowIdsForSource(connectionId, d.record.entityType),
      correlationId,
      via: 'webhook',
      isFinalOncePosted: d.record.isFinalOncePosted,
      delivery,
      version: d.version,
    });
    // Records the delivery announces besides its own (an order's refunds): stubs, de-duplicated on their payload.
    for (const related of d.related ?? []) {
      await this.records.receive({
        connectionId,
        system,
        entityType: related.key.entityType,
        externalId: related.key.externalId,
        payload: related.payload,
        flowIds: await this.flows.flowIdsForSource(connectionId, related.key.entityType),
        correlationId,
        via: 'webhook',
        isFinalOncePosted: related.key.isFinalOncePosted,
      });
    }
    return { ok: true, duplicate: received.isDuplicate, stale: received.isStale, ...(received.recordId ? { recordId: received.recordId } : {}) };
  }

  private async keysFor(system: string, connectionId: string): Promise<Keys | undefined> {
    const cached = this.keys.get(connectionId);
    if (cached && cached.expiresAt > Date.now()) return cached.conn.system === system ? cached : undefined;
    const verifier = this.systems.capability(system, 'webhook');
    if (!verifier) return undefined;
    // Only a connection that does not exist is a 404; a database error goes up (503), so the shop delivers it again.
    const conn = await this.connections.get(connectionId).catch((err: unknown) => {
      if (err instanceof AppException && err.code === 'not_found') return undefined;
      throw err;
    });
    if (!conn || conn.system !== system) return undefined;
    const credentials = conn.secretId ? await this.connections.credentialsOf<Record<string, unknown>>(conn) : {};
    const keys: Keys = { conn, verifier, credentials, expiresAt: Date.now() + KEY_CACHE_MS };
    this.keys.set(connectionId, keys);
    return keys;
  }
}
