import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { adobeCommerceWebhookSubscriptions, ConnectorError, type AdobeCommerceWebhook, type AdobeCommerceWebhookSubscription } from '@mlc/connectors';
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
import { AdobeCommerceClients } from './adobe-commerce-clients.service';
import { ADOBE_COMMERCE_HOOK_SECRET_HEADER } from './adobe-commerce-webhook.verifier';

/** The batch our hooks live in (Stores > Settings > Configuration > Adobe Services > Webhooks shows it). */
export const ADOBE_COMMERCE_BATCH = 'ml_connector';

function sameHook(a: Pick<AdobeCommerceWebhook, 'webhook_method' | 'webhook_type' | 'batch_name' | 'hook_name'>, b: AdobeCommerceWebhookSubscription): boolean {
  return a.webhook_method === b.webhook_method && a.webhook_type === b.webhook_type && a.batch_name === b.batch_name && a.hook_name === b.hook_name;
}

/** Whether an existing hook still points at us with our secret, as an after-event that can never block a save. */
function isCurrent(hook: AdobeCommerceWebhook, wanted: AdobeCommerceWebhookSubscription, secret: string): boolean {
  const header = (hook.headers ?? []).find((h) => h.name.toLowerCase() === ADOBE_COMMERCE_HOOK_SECRET_HEADER);
  // A store that masks header values in the listing shows no value to compare: the URL and type still must match.
  const isSecretCurrent = !header || header.value === secret || /^\*+$/.test(header.value);
  return hook.url === wanted.url && hook.required !== true && isSecretCurrent && header !== undefined;
}

/**
 * Webhook subscriptions at an Adobe Commerce store (module `magento/commerce-webhooks`, REST `GET /V1/webhooks/list`,
 * `POST /V1/webhooks/subscribe|unsubscribe`; AdobeDocs/commerce-extensibility `webhooks/api.md`): the four after-events
 * of orders, invoices, credit memos and customers, `required: false` and a short timeout (the hooks are synchronous and
 * must never block checkout), `fields` limited to ids and `updated_at`, and a header carrying a per-connection secret
 * we generate. A missing hook is subscribed; one that drifted (another URL, no or another secret, made required) is
 * unsubscribed and subscribed again, and since deliveries were refused or lost meanwhile, that repair asks for a
 * catch-up. A store without the module is reported (the schedule polls), never an error.
 */
@Injectable()
export class AdobeCommerceHooksService {
  private readonly logger = new Logger(AdobeCommerceHooksService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(WebhookSubscriptionEntity) private readonly subscriptions: Repository<WebhookSubscriptionEntity>,
    private readonly connections: ConnectionsService,
    private readonly clients: AdobeCommerceClients,
    private readonly audit: AuditService,
  ) {}

  /** Our delivery URL for a connection. @throws AppException when PUBLIC_BASE_URL is not configured. */
  destinationFor(connectionId: string, publicBaseUrl = this.config.PUBLIC_BASE_URL): string {
    if (!publicBaseUrl) {
      throw new AppException('validation_failed', 'Set PUBLIC_BASE_URL to an address the store can reach before registering webhooks', {
        fields: [{ field: 'PUBLIC_BASE_URL', message: 'is not configured' }],
      });
    }
    return `${publicBaseUrl.replace(/\/$/, '')}${webhookPathOf('adobe-commerce', connectionId)}`;
  }

  /**
   * Subscribes or repairs the store's hooks and stores their health. Idempotent (the registration and the 5-minute check).
   * @throws AppException without PUBLIC_BASE_URL; ConnectorError subclasses other than a missing webhook module.
   */
  async ensure(conn: ConnectionEntity, actor = 'system', publicBaseUrl?: string): Promise<WebhookUpkeepReport> {
    const destination = this.destinationFor(conn.id, publicBaseUrl);
    const secret = await this.connections.generatedSecretOf(conn, 'hookSecret', actor);
    const client = await this.clients.forConnection(conn);
    const wanted = adobeCommerceWebhookSubscriptions({ url: destination, batchName: ADOBE_COMMERCE_BATCH, headers: [{ name: ADOBE_COMMERCE_HOOK_SECRET_HEADER, value: secret }] });
    const report: WebhookUpkeepReport = { connectionId: conn.id, destination, active: 0, total: wanted.length, created: [], repaired: [], problems: [], checkedAt: new Date().toISOString() };
    let existing: AdobeCommerceWebhook[];
    try {
      existing = await client.webhooks.list();
    } catch (err) {
      if (!(err instanceof ConnectorError) || (err.status !== 404 && err.code !== 'not_found')) throw err;
      report.problems.push('The Adobe Commerce Webhooks module is not installed (GET /V1/webhooks/list is not there): changes are found by the scheduled poll');
      await this.record(conn, wanted, destination, undefined, report.problems[0] ?? null);
      await this.auditReport(conn, actor, report);
      return report;
    }
    for (const hook of wanted) {
      const found = existing.filter((h) => sameHook(h, hook));
      let problem: string | null = null;
      try {
        if (found.length === 0) {
          await client.webhooks.subscribe(hook);
          report.created.push(hook.webhook_method);
        } else if (!found.every((h) => isCurrent(h, hook, secret))) {
          await client.webhooks.unsubscribe({ webhook_method: hook.webhook_method, webhook_type: hook.webhook_type, batch_name: hook.batch_name, hook_name: hook.hook_name });
          await client.webhooks.subscribe(hook);
          report.repaired.push(hook.webhook_method);
        }
        report.active += 1;
      } catch (err) {
        problem = err instanceof Error ? err.message : String(err);
        report.problems.push(`${hook.webhook_method}: ${problem}`);
      }
      await this.record(conn, [hook], destination, problem === null, problem);
    }
    await this.auditReport(conn, actor, report);
    return report;
  }

  private async record(conn: ConnectionEntity, hooks: readonly AdobeCommerceWebhookSubscription[], destination: string, isActive: boolean | undefined, problem: string | null): Promise<void> {
    for (const hook of hooks) {
      await this.subscriptions.upsert(
        { connectionId: conn.id, scope: hook.webhook_method, destination, externalId: `${hook.batch_name}/${hook.hook_name}`, isActive: isActive ?? false, lastCheckedAt: new Date(), lastProblem: problem },
        ['connectionId', 'scope'],
      );
    }
  }

  private async auditReport(conn: ConnectionEntity, actor: string, report: WebhookUpkeepReport): Promise<void> {
    if (!report.created.length && !report.repaired.length && !report.problems.length) return;
    await this.audit.append({
      kind: 'webhooks.checked',
      actor,
      connectionId: conn.id,
      message: `Webhooks: ${report.active}/${report.total} subscribed${report.created.length ? `, subscribed ${report.created.join(', ')}` : ''}${report.repaired.length ? `, re-subscribed ${report.repaired.join(', ')}` : ''}${report.problems.length ? `, ${report.problems.length} problem(s)` : ''}`,
      data: report,
    });
    if (report.problems.length) this.logger.warn({ connectionId: conn.id, problems: report.problems.length }, 'webhook health check found problems');
  }
}
