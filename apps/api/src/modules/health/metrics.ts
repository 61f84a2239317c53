import { Injectable } from '@nestjs/common';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/**
 * The Prometheus registry of this process (prom-client) and the product's own metrics. Names follow
 * Prometheus conventions (`mlc_` prefix, `_total` for counters, base units in seconds).
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly webhookRejected = new Counter({
    name: 'mlc_webhook_rejected_total',
    // Every refusal of POST /webhooks/:system/:connectionId counts once: `system` is a registered kind or `unknown`;
    // `reason` is one of a fixed set (the verifiers' bad-signature, stale-timestamp, wrong-hook-secret, malformed, …;
    // the route's unknown-connection, unknown-destination, method-not-allowed, too-large, too-deep, invalid-field).
    help: 'Webhook deliveries rejected, by system and reason (bad signature, stale timestamp, wrong secret, unknown destination, too large, invalid field, …).',
    labelNames: ['system', 'reason'] as const,
    registers: [this.registry],
  });

  readonly webhookAccepted = new Counter({
    name: 'mlc_webhook_accepted_total',
    help: 'Webhook deliveries accepted and stored, by system and whether they were duplicates.',
    labelNames: ['system', 'duplicate'] as const,
    registers: [this.registry],
  });

  readonly jobsCompleted = new Counter({
    name: 'mlc_jobs_total',
    help: 'Jobs finished by queue and outcome (completed, retried, failed).',
    labelNames: ['queue', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly jobDuration = new Histogram({
    name: 'mlc_job_duration_seconds',
    help: 'Job processing time by queue.',
    labelNames: ['queue'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'mlc_' });
  }
}
