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
import type { WebhookUpkeepReport } from '../systems/capabilities';
import { webhookPathOf } from '../systems/webhook-path';
import { WooCommerceClients } from './woocommerce-clients.service';

/**
 * The topics we subscribe to (WooCommerce REST API docs, "Webhooks" → topics): orders and customers, created and
 * updated. Refunds have no topic of their own: a refund updates its order, whose payload lists it (`refunds[]`).
 */
export const WOOCOMMERCE_HOOK_TOPICS = ['order.created', 'order.updated', 'customer.created', 'customer.updated'] as const;

/** Hook names carry this prefix, so an admin sees in WooCommerce → Settings → Advanced → Webhooks whose hooks they are. */
export const WOOCOMMERCE_HOOK_NAME_PREFIX = 'ml-connector';

/**
 * Webhook lifecycle at a WooCommerce shop: one hook per topic pointing at `PUBLIC_BASE_URL/webhooks/woocommerce/<id>`,
 * signed with a per-connection secret we generate and keep in the vault. The shop counts consecutive failed deliveries
 * and sets a hook to `disabled` once the count passes `woocommerce_max_webhook_delivery_failures` (default 5);
 * re-activating it keeps the count, so the next failure disables it again (class-wc-webhook.php `failed_delivery()`),
 * and it never retries a failed delivery. So a disabled hook is deleted (`force=true`) and created anew, and the repair
 * asks for a catch-up run (the orders it missed are found by the poll). A hook the admin paused stays paused and is
 * reported. A hook whose secret or URL drifted is updated.
 */
@Injectable()
export class WooCommerceHooksService {
  private readonly logger = new Logger(WooCommerceHooksService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(WebhookSubscriptionEntity) private readonly subscriptions: Repository<WebhookSubscriptionEntity>,
    private readonly connections: ConnectionsService,
    private readonly clients: WooCommerceClients,
    private readonly audit: AuditService,
  ) {}

  /** Our delivery URL for a connection. @throws AppException when PUBLIC_BASE_URL is not configured. */
  destinationFor(connectionId: string, publicBaseUrl = this.config.PUBLIC_BASE_URL): string {
    if (!publicBaseUrl) {
      throw new AppException('validation_failed', 'Set PUBLIC_BASE_URL to an address the shop can reach before registering webhooks', {
        fields: [{ field: 'PUBLIC_BASE_URL', message: 'is not configured' }],
      });
    }
    return `${publicBaseUrl.replace(/\/$/, '')}${webhookPathOf('woocommerce', connectionId)}`;
  }

  /**
   * Makes the shop's hooks match what we need (creates missing ones, recreates disabled ones, updates drifted ones) and
   * stores their health for the dashboard. Idempotent.
   * @throws AppException without PUBLIC_BASE_URL; ConnectorError subclasses when the shop cannot list its hooks.
   */
  async ensure(conn: ConnectionEntity, actor = 'system', publicBaseUrl?: string): Promise<WebhookUpkeepReport> {
    const destination = this.destinationFor(conn.id, publicBaseUrl);
    const secret = await this.connections.generatedSecretOf(conn, 'hookSecret', actor);
    const client = await this.clients.forConnection(conn);
    const ours = (await client.webhooks.listAll()).filter((h) => h.delivery_url === destination);
    const report: WebhookUpkeepReport = { connectionId: conn.id, destination, active: 0, total: WOOCOMMERCE_HOOK_TOPICS.length, created: [], repaired: [], problems: [], checkedAt: new Date().toISOString() };
    for (const topic of WOOCOMMERCE_HOOK_TOPICS) {
      const matching = ours.filter((h) => h.topic === topic);
      let hook = matching.find((h) => h.status !== 'disabled') ?? matching[0];
      let problem: string | null = null;
      try {
        // Extra hooks of ours for the same topic would deliver twice (each counted apart): keep one.
        for (const extra of matching.filter((h) => h !== hook)) await client.webhooks.delete(extra.id);
        if (!hook) {
          hook = await client.webhooks.create({ name: `${WOOCOMMERCE_HOOK_NAME_PREFIX} ${topic}`, topic, delivery_url: destination, secret, status: 'active' });
          report.created.push(topic);
        } else if (hook.status === 'disabled') {
          await client.webhooks.delete(hook.id);
          hook = await client.webhooks.create({ name: `${WOOCOMMERCE_HOOK_NAME_PREFIX} ${topic}`, topic, delivery_url: destination, secret, status: 'active' });
          report.repaired.push(topic);
        } else if (hook.secret !== undefined && hook.secret !== secret) {
          hook = await client.webhooks.update(hook.id, { secret });
        }
        if (hook.status === 'active') report.active += 1;
        else problem = `the hook is ${hook.status} in WooCommerce (paused by an admin?); the scheduled poll still finds every change`;
      } catch (err) {
        problem = err instanceof Error ? err.message : String(err);
      }
      if (problem) report.problems.push(`${topic}: ${problem}`);
      await this.subscriptions.upsert(
        { connectionId: conn.id, scope: topic, destination, externalId: hook ? String(hook.id) : null, isActive: hook?.status === 'active' && !problem, lastCheckedAt: new Date(), lastProblem: problem },
        ['connectionId', 'scope'],
      );
    }
    if (report.created.length || report.repaired.length || report.problems.length) {
      await this.audit.append({
        kind: 'webhooks.checked',
        actor,
        connectionId: conn.id,
        message: `Webhooks: ${report.active}/${report.total} active${report.created.length ? `, created ${report.created.join(', ')}` : ''}${report.repaired.length ? `, recreated disabled ${report.repaired.join(', ')}` : ''}${report.problems.length ? `, ${report.problems.length} problem(s)` : ''}`,
        data: report,
      });
    }
    if (report.problems.length) this.logger.warn({ connectionId: conn.id, problems: report.problems.length }, 'webhook health check found problems');
    return report;
  }
}
