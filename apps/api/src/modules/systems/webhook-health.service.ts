import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { WebhookSubscriptionEntity } from '../../database/pipeline.entities';

/** Stored webhook health of one connection, as the dashboard shows it. */
export type StoredWebhookHealth = { active: number; total: number; lastCheckedAt: string | null; problems: string[] };

/**
 * Reads the webhook subscriptions a system's upkeep stored (`webhook_subscription`, one row per scope), for any
 * system, without calling it.
 */
@Injectable()
export class WebhookHealthService {
  constructor(@InjectRepository(WebhookSubscriptionEntity) private readonly subscriptions: Repository<WebhookSubscriptionEntity>) {}

  /** Null when no hooks were registered for the connection. */
  async stored(connectionId: string): Promise<StoredWebhookHealth | null> {
    const rows = await this.subscriptions.find({ where: { connectionId }, order: { scope: 'ASC' } });
    if (!rows.length) return null;
    return {
      active: rows.filter((r) => r.isActive).length,
      total: rows.length,
      lastCheckedAt: rows.map((r) => r.lastCheckedAt).filter((d): d is Date => d !== null).sort((a, b) => a.getTime() - b.getTime()).at(-1)?.toISOString() ?? null,
      problems: rows.filter((r) => r.lastProblem).map((r) => `${r.scope}: ${r.lastProblem ?? ''}`),
    };
  }
}
