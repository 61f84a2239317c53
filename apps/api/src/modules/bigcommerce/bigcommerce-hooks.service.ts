import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config.schema';
import type { ConnectionEntity } from '../../database/entities';
import { WebhookSubscriptionEntity } from '../../database/pipeline.entities';
import { AuditService } from '../audit/audit.service';
import { ConnectionsService } from '../credentials/connections.service';
import { BigCommerceClients } from './bigcommerce-clients.service';
import { HOOK_SECRET_HEADER } from './bigcommerce-webhook.verifier';
import type { WebhookUpkeepReport } from '../systems/capabilities';
import { webhookPathOf } from '../systems/webhook-path';

/** The scopes we subscribe to: orders (created, updated, status), refunds, customers (webhooks.v3.yml event list). */
export const BIGCOMMERCE_HOOK_SCOPES = [
  'store/order/created',
  'store/order/updated',
  'store/order/statusUpdated',
  'store/order/refund/created',
  'store/customer/created',
  'store/customer/updated',
] as const;

/** The generic report, plus BigCommerce's word for its repairs (`reactivated`, the same scopes as `repaired`). */
export type WebhookHealth = WebhookUpkeepReport & { reactivated: string[] };

/**
 * Webhook lifecycle at a BigCommerce store: registers our hooks (one per scope, pointing at
 * `PUBLIC_BASE_URL/webhooks/bigcommerce/<connection>` with a per-connection secret in the custom headers),
 * and a scheduled health check that lists them, re-activates deactivated ones (`is_active=false` after
 * ~48 h of failed retries, or 90 days without deliveries) and recreates missing ones (hooks are deleted
 * when the app is uninstalled). Source: BigCommerce webhooks overview (docs/integrations/webhooks/overview.mdx).
 */
@Injectable()
export class BigCommerceHooksService {
  private readonly logger = new Logger(BigCommerceHooksService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(WebhookSubscriptionEntity) private readonly subscriptions: Repository<WebhookSubscriptionEntity>,
    private readonly connections: ConnectionsService,
    private readonly clients: BigCommerceClients,
    private readonly audit: AuditService,
  ) {}

  /** Our delivery URL for a connection. @throws AppException when PUBLIC_BASE_URL is not configured. */
  destinationFor(connectionId: string, publicBaseUrl = this.config.PUBLIC_BASE_URL): string {
    if (!publicBaseUrl) {
      throw new AppException('validation_failed', 'Set PUBLIC_BASE_URL to the HTTPS address BigCommerce can reach (port 443) before registering webhooks', {
        fields: [{ field: 'PUBLIC_BASE_URL', message: 'is not configured' }],
      });
    }
    return `${publicBaseUrl.replace(/\/$/, '')}${webhookPathOf('bigcommerce', connectionId)}`;
  }

  /**
   * Makes the store's hooks match what we need: creates missing, re-activates inactive, and records the
   * result for the dashboard. Idempotent; the registration and the scheduled check are the same call.
   */
  async ensure(conn: ConnectionEntity, actor = 'system', publicBaseUrl?: string): Promise<WebhookHealth> {
    const destination = this.destinationFor(conn.id, publicBaseUrl);
    const secret = await this.connections.generatedSecretOf(conn, 'hookSecret', actor);
    const client = await this.clients.forConnection(conn);
    const existing = (await client.hooks.list()).filter((h) => h.destination === destination);
    const health: WebhookHealth = { connectionId: conn.id, destination, active: 0, total: BIGCOMMERCE_HOOK_SCOPES.length, created: [], reactivated: [], repaired: [], problems: [], checkedAt: new Date().toISOString() };
    for (const scope of BIGCOMMERCE_HOOK_SCOPES) {
      let hook = existing.find((h) => h.scope === scope);
      let problem: string | null = null;
      try {
        if (!hook) {
          hook = await client.hooks.create({ scope, destination, is_active: true, headers: { [HOOK_SECRET_HEADER]: secret } });
          health.created.push(scope);
        } else if (!hook.is_active || hook.headers?.[HOOK_SECRET_HEADER] !== secret) {
          hook = await client.hooks.update(hook.id, { is_active: true, headers: { [HOOK_SECRET_HEADER]: secret } });
          if (!existing.find((h) => h.id === hook?.id)?.is_active) {
            health.reactivated.push(scope);
            health.repaired.push(scope);
          }
        }
        if (hook.is_active) health.active += 1;
      } catch (err) {
        problem = err instanceof Error ? err.message : String(err);
        health.problems.push(`${scope}: ${problem}`);
      }
      await this.subscriptions.upsert(
        { connectionId: conn.id, scope, destination, externalId: hook ? String(hook.id) : null, isActive: Boolean(hook?.is_active) && !problem, lastCheckedAt: new Date(), lastProblem: problem },
        ['connectionId', 'scope'],
      );
    }
    if (health.created.length || health.reactivated.length || health.problems.length) {
      await this.audit.append({
        kind: 'webhooks.checked',
        actor,
        connectionId: conn.id,
        message: `Webhooks: ${health.active}/${health.total} active${health.created.length ? `, created ${health.created.join(', ')}` : ''}${health.reactivated.length ? `, re-activated ${health.reactivated.join(', ')}` : ''}${health.problems.length ? `, ${health.problems.length} problem(s)` : ''}`,
        data: health,
      });
    }
    if (health.problems.length) this.logger.warn({ connectionId: conn.id, problems: health.problems.length }, 'webhook health check found problems');
    return health;
  }
}
