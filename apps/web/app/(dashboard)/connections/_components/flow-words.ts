import type { CatchUpPosition, CatchUpRun, CatchUpSchedule, CustomerAs, Flow, FlowPosting, OrderDocument, RoutingRule } from '@/api/flows/types';
import type { SystemView } from '@/api/systems/types';
import { formatDateTime } from '@/ui/format';

/** `order` → `orders`: how an entity type reads in a sentence. */
export function entityPlural(entity: string): string {
  return entity.endsWith('s') ? entity : `${entity}s`;
}

/** What a flow's routing rules are about, in one word: `orders` when it moves orders, else its one entity, else `records`. */
export function recordNoun(entities: readonly string[]): string {
  if (entities.includes('order')) return 'orders';
  return entities.length === 1 && entities[0] ? entityPlural(entities[0]) : 'records';
}

function anyOf(values: readonly string[], word = 'or'): string {
  if (values.length <= 1) return values.join('');
  return `${values.slice(0, -1).join(', ')} ${word} ${values[values.length - 1] ?? ''}`;
}

/** The records a rule matches, in words: "SEK orders", "NOK orders to NO from store abc", "all orders". */
export function describeRuleMatch(rule: RoutingRule, noun: string): string {
  const parts = [rule.currencies?.length ? `${anyOf(rule.currencies)} ${noun}` : rule.countries?.length || rule.storeIds?.length || rule.channelIds?.length ? noun : `all ${noun}`];
  if (rule.countries?.length) parts.push(`to ${anyOf(rule.countries)}`);
  if (rule.storeIds?.length) parts.push(`from store ${anyOf(rule.storeIds)}`);
  if (rule.channelIds?.length) parts.push(`on channel ${anyOf(rule.channelIds)}`);
  const text = parts.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** One line per routing rule ("SEK orders → Fjällvind Design AB"), then what happens to everything else. */
export function describeRouting(flow: Pick<Flow, 'routing' | 'targetConnectionId' | 'entities'>, companyName: (id: string) => string): { match: string; to: string; label?: string }[] {
  const noun = recordNoun(flow.entities);
  const lines: { match: string; to: string; label?: string }[] = flow.routing.rules.map((rule) => ({
    match: describeRuleMatch(rule, noun),
    to: companyName(rule.targetConnectionId),
    ...(rule.label ? { label: rule.label } : {}),
  }));
  const rest = lines.length ? 'Everything else' : `All ${noun}`;
  switch (flow.routing.unmatched) {
    case 'default':
      lines.push({ match: rest, to: companyName(flow.targetConnectionId) });
      break;
    case 'skip':
      lines.push({ match: rest, to: 'skipped (not posted)' });
      break;
    case 'fail':
      lines.push({ match: rest, to: 'fails (no route matches)' });
      break;
  }
  return lines;
}

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th'}`;
}

/** "Every 10 minutes", "Every 2 hours", "Daily at 02:30 UTC", "Monthly on the 5th at 02:30 UTC", "Off". */
export function describeSchedule(schedule: CatchUpSchedule): string {
  switch (schedule.kind) {
    case 'every':
      if (schedule.minutes === 1) return 'Every minute';
      if (schedule.minutes === 1440) return 'Every 24 hours, at 00:00 UTC';
      if (schedule.minutes % 60 === 0) return schedule.minutes === 60 ? 'Every hour' : `Every ${schedule.minutes / 60} hours`;
      return `Every ${schedule.minutes} minutes`;
    case 'daily':
      return `Daily at ${schedule.at} UTC`;
    case 'monthly':
      return `Monthly on the ${ordinal(schedule.day)} at ${schedule.at} UTC`;
    case 'off':
      return 'Off: webhooks and manual catch-ups only';
  }
}

/** Where one entity type stands: "running", "caught up to <time>", or "not caught up yet". */
export function describePosition(position: CatchUpPosition | undefined): string {
  if (position?.isInProgress) return 'running';
  if (position?.lastUpperBound) return `caught up to ${formatDateTime(position.lastUpperBound)}`;
  return 'not caught up yet';
}

/** What "Catch up now" achieved: "Queued orders, refunds, customers", "Orders already queued or running", or both. */
export function describeCatchUpRuns(runs: readonly CatchUpRun[]): string {
  const queued = runs.filter((r) => r.queued).map((r) => entityPlural(r.entityType));
  const busy = runs.filter((r) => !r.queued).map((r) => entityPlural(r.entityType));
  const parts: string[] = [];
  if (queued.length) parts.push(`Queued ${queued.join(', ')}`);
  if (busy.length) {
    const text = `${busy.join(', ')} already queued or running`;
    parts.push(parts.length ? text : text.charAt(0).toUpperCase() + text.slice(1));
  }
  return parts.length ? `${parts.join('; ')}.` : 'Nothing to catch up: this flow has no entity its shop can list by change time.';
}

/** What orders become in Visma, in words. */
export const ORDER_DOCUMENT_WORDS: Record<OrderDocument, string> = { 'customer-invoice': 'customer invoices', 'sales-order': 'sales orders' };
/** What the customer records a flow moves become in Visma, in words. */
export const CUSTOMER_AS_WORDS: Record<CustomerAs, string> = { customer: 'Visma customers', supplier: 'suppliers' };

/**
 * What a flow posts, one line per entity it moves: "Orders → sales orders", "Refunds → credit notes" (always),
 * "Customers → suppliers". Entities without a Visma document of their own (none today) are left out.
 */
export function describePosting(flow: Pick<Flow, 'entities'> & { posting: Pick<FlowPosting, 'orderDocument' | 'customerAs'> }): { entity: string; to: string }[] {
  const lines: { entity: string; to: string }[] = [];
  if (flow.entities.includes('order')) lines.push({ entity: 'Orders', to: ORDER_DOCUMENT_WORDS[flow.posting.orderDocument] });
  if (flow.entities.includes('refund')) lines.push({ entity: 'Refunds', to: 'credit notes' });
  if (flow.entities.includes('customer')) lines.push({ entity: 'Customers', to: CUSTOMER_AS_WORDS[flow.posting.customerAs] });
  return lines;
}

/** "Orders → sales orders, customers → suppliers": the saved choices in one sentence (only those the flow moves). */
export function describePostingChoices(flow: Pick<Flow, 'entities'> & { posting: Pick<FlowPosting, 'orderDocument' | 'customerAs'> }): string {
  const text = describePosting(flow)
    .filter((line) => line.entity !== 'Refunds')
    .map((line) => `${line.entity.toLowerCase()} → ${line.to}`)
    .join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return '';
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/**
 * What the scheduled poll means for a flow from this shop, from the shop's facts (`webhooks`): with webhooks, the poll
 * is the source of truth and the hooks only make records arrive sooner (then the shop's own rule for deliveries, and our
 * 5-minute hook upkeep when we manage them); without, the poll is the only way records arrive. Empty while unknown.
 */
export function describePollRole(source: Pick<SystemView, 'label' | 'webhooks'> | undefined): string[] {
  if (!source) return [];
  if (!source.webhooks) return [`${source.label} sends no webhooks: this scheduled poll is the only way its records arrive.`];
  const lines = [
    `For ${source.label} the scheduled poll is the source of truth: webhooks only make records arrive sooner, the poll fetches everything changed since its last run.`,
    sentence(source.webhooks.destinationRule),
  ];
  if (source.webhooks.isManagedByUs) lines.push('We check the hooks every 5 minutes, recreate any that are missing or disabled, and then catch up at once.');
  return lines.filter(Boolean);
}

/** What switching the poll off costs a flow from this shop (generic while the shop is unknown). */
export function describePollOffRisk(source: Pick<SystemView, 'label' | 'webhooks'> | undefined): string {
  if (source && !source.webhooks) return `With the poll off, nothing arrives from ${source.label} unless someone clicks “Catch up now”.`;
  return 'With the poll off, a record whose webhook delivery failed arrives only when someone clicks “Catch up now”.';
}
