import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { BIGCOMMERCE_HOOK_SECRET_HEADER, type BigCommerceWebhookStub, verifyBigCommerceWebhook } from '@mlc/connectors';
import type { IncomingHttpHeaders } from 'node:http';
import type { DataSource } from 'typeorm';
import { ConnectionsService } from '../credentials/connections.service';
import { FlowsService } from '../mapping/flows.service';
import { RecordsService } from '../sync/records.service';

/** Header carrying the per-connection secret we register in each hook's custom `headers` (the connector's default). */
export const HOOK_SECRET_HEADER = BIGCOMMERCE_HOOK_SECRET_HEADER;

type VerifyKeys = { clientSecret?: string; hookSecret?: string; storeHash: string; expiresAt: number };
const KEY_CACHE_MS = 30_000;

/** Which sync record a webhook scope concerns: `store/order/*` → order, refunds → `<order>:<refund>`, customers. */
export function recordKeyOf(stub: BigCommerceWebhookStub): { entityType: string; externalId: string } | undefined {
  const data = stub.data as { type?: string; id?: number | string; refund?: { refund_id?: number | string } };
  if (data.id === undefined) return undefined;
  if (stub.scope === 'store/order/refund/created' && data.refund?.refund_id !== undefined) {
    return { entityType: 'refund', externalId: `${data.id}:${data.refund.refund_id}` };
  }
  if (stub.scope.startsWith('store/order/')) return { entityType: 'order', externalId: String(data.id) };
  if (stub.scope === 'store/customer/created' || stub.scope === 'store/customer/updated') return { entityType: 'customer', externalId: String(data.id) };
  return undefined;
}

export type IntakeResult = { ok: true; duplicate: boolean; recordId?: string } | { ok: false; reason: string };

/**
 * Webhook intake: verify, store the raw delivery once (dedupe on the payload `hash` per scope and on
 * `webhook-id`, since BigCommerce re-sends on failure and may deliver duplicates), then one upsert of the
 * record and one enqueue. Everything else (fetching the full order, mapping, posting) happens in the worker.
 */
@Injectable()
export class BigCommerceIntakeService {
  private readonly keys = new Map<string, VerifyKeys>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly connections: ConnectionsService,
    private readonly flows: FlowsService,
    private readonly records: RecordsService,
  ) {}

  async accept(connectionId: string, rawBody: Buffer, headers: IncomingHttpHeaders, correlationId: string): Promise<IntakeResult> {
    const keys = await this.keysFor(connectionId);
    if (!keys) return { ok: false, reason: 'unknown-connection' };
    if (!keys.clientSecret && !keys.hookSecret) return { ok: false, reason: 'not-configured' };
    const verified = verifyBigCommerceWebhook({
      rawBody,
      headers,
      ...(keys.clientSecret ? { clientSecret: keys.clientSecret } : {}),
      ...(keys.hookSecret ? { hookSecret: keys.hookSecret, expectedHookSecretHeader: HOOK_SECRET_HEADER } : {}),
      nowSeconds: Math.floor(Date.now() / 1000),
    });
    if (!verified.ok) return { ok: false, reason: verified.reason };
    const stub = verified.stub;
    const key = recordKeyOf(stub);
    const webhookId = typeof headers['webhook-id'] === 'string' ? headers['webhook-id'] : null;
    const delivery = { key: `${stub.scope}:${stub.hash}`, webhookId, scope: stub.scope, body: rawBody.toString('utf8') };
    if (!key) {
      // A scope we do not sync: keep the delivery for the record, nothing to process.
      const stored: { id: string }[] = await this.db.query(
        `INSERT INTO webhook_delivery (connection_id, delivery_key, webhook_id, scope, body) VALUES ($1, $2, $3, $4, $5::json)
         ON CONFLICT (connection_id, delivery_key) DO NOTHING RETURNING id`,
        [connectionId, delivery.key, webhookId, delivery.scope, delivery.body],
      );
      return { ok: true, duplicate: stored.length === 0 };
    }
    const flow = await this.flows.findForSource(connectionId, key.entityType);
    const received = await this.records.receive({
      connectionId,
      system: 'bigcommerce',
      entityType: key.entityType,
      externalId: key.externalId,
      payload: stub,
      flowId: flow?.id ?? null,
      correlationId,
      via: 'webhook',
      isFinalOncePosted: key.entityType !== 'customer',
      delivery,
    });
    return { ok: true, duplicate: received.isDuplicate, ...(received.recordId ? { recordId: received.recordId } : {}) };
  }

  /** Forgets cached verification keys (after credentials change or a new hook secret). */
  invalidate(connectionId: string): void {
    this.keys.delete(connectionId);
  }

  private async keysFor(connectionId: string): Promise<VerifyKeys | undefined> {
    const cached = this.keys.get(connectionId);
    if (cached && cached.expiresAt > Date.now()) return cached;
    const conn = await this.connections.get(connectionId).catch(() => undefined);
    if (!conn || conn.system !== 'bigcommerce') return undefined;
    const credentials = await this.connections.credentialsOf<{ clientSecret?: string; hookSecret?: string }>(conn);
    const keys: VerifyKeys = {
      storeHash: String(conn.settings['storeHash'] ?? ''),
      expiresAt: Date.now() + KEY_CACHE_MS,
      ...(credentials.clientSecret ? { clientSecret: credentials.clientSecret } : {}),
      ...(credentials.hookSecret ? { hookSecret: credentials.hookSecret } : {}),
    };
    this.keys.set(connectionId, keys);
    return keys;
  }
}
