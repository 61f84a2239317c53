import { VISMA_SALES_ORDER_SETTINGS_SCHEMA, VISMA_SUPPLIER_SETTINGS_SCHEMA } from '@mlc/mapping';
import { z } from 'zod';

/**
 * One routing rule of a flow: records matching every given criterion go to `targetConnectionId` (a Visma company
 * connection). Criteria are those of libs/mapping `routeToCompany`: the store id (e.g. BigCommerce store hash),
 * sales channel id, the document's country (ISO 3166-1 alpha-2: ship-to, else billing) and currency (ISO 4217).
 */
export const ROUTING_RULE_SCHEMA = z.object({
  targetConnectionId: z.string().uuid(),
  storeIds: z.array(z.string().min(1)).min(1).optional(),
  channelIds: z.array(z.string().min(1)).min(1).optional(),
  countries: z.array(z.string().regex(/^[A-Z]{2}$/, 'use ISO country codes like SE')).min(1).optional(),
  currencies: z.array(z.string().regex(/^[A-Z]{3}$/, 'use ISO currency codes like SEK')).min(1).optional(),
  label: z.string().max(100).optional(),
});

/**
 * A flow's routing: rules tried in order, first match wins; a record no rule matches goes to the flow's default
 * target (`default`), is skipped with its reason (`skip`: for flows that only take some records, e.g. one flow per
 * company from one store), or fails naming the missing route (`fail`).
 */
export const FLOW_ROUTING_SCHEMA = z.object({
  rules: z.array(ROUTING_RULE_SCHEMA).max(100).default([]),
  unmatched: z.enum(['default', 'skip', 'fail']).default('default'),
});
export type FlowRouting = z.infer<typeof FLOW_ROUTING_SCHEMA>;
export type RoutingRule = z.infer<typeof ROUTING_RULE_SCHEMA>;

const TIME_OF_DAY = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM (24-hour, UTC)');

/**
 * When a flow's catch-up poll runs, in UTC: every N minutes (1–1440; counted from midnight UTC, so every process
 * agrees on the slots), daily at HH:MM, monthly on day 1–28 at HH:MM, or off (webhooks and manual runs only).
 */
export const CATCH_UP_SCHEDULE_SCHEMA = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('every'), minutes: z.number().int().min(1).max(1440) }),
  z.object({ kind: z.literal('daily'), at: TIME_OF_DAY }),
  z.object({ kind: z.literal('monthly'), day: z.number().int().min(1).max(28), at: TIME_OF_DAY }),
  z.object({ kind: z.literal('off') }),
]);
export type CatchUpSchedule = z.infer<typeof CATCH_UP_SCHEDULE_SCHEMA>;

/** The default schedule of a new flow: every 10 minutes. */
export const DEFAULT_CATCH_UP_SCHEDULE: CatchUpSchedule = { kind: 'every', minutes: 10 };

/**
 * The start of the schedule slot `at` falls in, in ms since the epoch, or undefined when the schedule is off or the
 * slot has not begun (daily/monthly before their time). Two processes asking within one slot get the same value,
 * so a job id built from it enqueues a run once per slot.
 */
export function scheduleSlotAt(schedule: CatchUpSchedule, at: Date): number | undefined {
  const dayStart = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  switch (schedule.kind) {
    case 'off':
      return undefined;
    case 'every': {
      const period = schedule.minutes * 60_000;
      return dayStart + Math.floor((at.getTime() - dayStart) / period) * period;
    }
    case 'daily': {
      const slot = dayStart + minutesOf(schedule.at) * 60_000;
      return at.getTime() >= slot ? slot : undefined;
    }
    case 'monthly': {
      if (at.getUTCDate() !== schedule.day) return undefined;
      const slot = dayStart + minutesOf(schedule.at) * 60_000;
      return at.getTime() >= slot ? slot : undefined;
    }
  }
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/**
 * What a flow posts into Visma:
 * - `orderDocument`: orders as customer invoices (`POST /v2/customerinvoice`, the default) or as sales orders
 *   (`POST /v1/salesorder`, for companies that ship and invoice from Visma). Visma's docs mark SalesOrder v1/v2
 *   end-of-life in favour of a separate Sales Order v3 service whose contract is not published; both sit behind the
 *   same document-handler interface (posting/document-handler.ts), so v3 becomes another handler.
 * - `customerAs`: shop customers as Visma customers (the default) or as suppliers (`POST/PUT /v1/supplier`, e.g. a
 *   marketplace whose "customers" are vendors it pays). Order customers are always Visma customers: an invoice is
 *   made out to a customer.
 */
export const FLOW_POSTING_SCHEMA = z.object({
  orderDocument: z.enum(['customer-invoice', 'sales-order']).default('customer-invoice'),
  customerAs: z.enum(['customer', 'supplier']).default('customer'),
  /** Order type, own numbering (prefix) and the inventory items of non-product lines, for sales orders. */
  salesOrder: VISMA_SALES_ORDER_SETTINGS_SCHEMA.optional(),
  /** Supplier class, terms, payment method and VAT zone of new suppliers. */
  supplier: VISMA_SUPPLIER_SETTINGS_SCHEMA.optional(),
});
export type FlowPosting = z.infer<typeof FLOW_POSTING_SCHEMA>;

/** The posting choices of a new flow: customer invoices and Visma customers. */
export const DEFAULT_FLOW_POSTING: FlowPosting = { orderDocument: 'customer-invoice', customerAs: 'customer' };
