import { formatMinor, parseMinor } from '@mlc/mapping';
import type { RunningSandboxes } from '@mlc/sandbox';
import { VISMA_DEMO } from '@mlc/sandbox';
import type { DataSource } from 'typeorm';

/** One shop's part of the demo: its orders, and what became of them. */
export type DemoShopSummary = { system: string; ordersSeen: number; invoicesPosted: number; salesOrdersPosted: number; creditNotesPosted: number; customersPosted: number };

export type DemoSummary = {
  shops: DemoShopSummary[];
  ordersSeen: number;
  invoicesPosted: number;
  creditNotesPosted: number;
  pending: number;
  failures: { system: string; externalId: string; entityType: string; reason: string }[];
  skipped: { system: string; externalId: string; entityType: string; reason: string }[];
  shopTotals: Record<string, string>;
  vismaTotals: Record<string, string>;
};

function addTo(totals: Map<string, number>, currency: string, minor: number): void {
  totals.set(currency, (totals.get(currency) ?? 0) + minor);
}

function formatTotals(totals: Map<string, number>): Record<string, string> {
  return Object.fromEntries([...totals].sort().map(([currency, minor]) => [currency, formatMinor(minor, currency)]));
}

/**
 * What the demo achieved, per shop and in all: orders seen, customer invoices and credit notes posted, failures with their
 * reasons, and the totals per currency on both sides (shop order totals of posted orders vs. the invoices of both
 * Visma companies), in exact minor units.
 */
export async function demoSummary(db: DataSource, sandboxes: Pick<RunningSandboxes, 'visma'>): Promise<DemoSummary> {
  // The shop's own order total: BigCommerce keeps it as order.total_inc_tax in currency_code, WooCommerce as total in
  // currency, Adobe Commerce as grand_total in order_currency_code.
  const rows: { system: string; entity_type: string; external_id: string; status: string; target_ref: string | null; message: string | null; note: string | null; currency: string | null; total: string | null; sales_order: boolean }[] = await db.query(
    `SELECT r.system, entity_type, external_id, status, target_ref, last_error->>'message' AS message,
            (SELECT message FROM audit_event e WHERE e.record_id = r.id ORDER BY e.id DESC LIMIT 1) AS note,
            COALESCE(source_payload->'order'->>'currency_code', source_payload->>'currency', source_payload->>'order_currency_code') AS currency,
            COALESCE(source_payload->'order'->>'total_inc_tax', source_payload->>'total', source_payload->>'grand_total') AS total,
            f.posting->>'orderDocument' = 'sales-order' AS sales_order
       FROM sync_record r LEFT JOIN flow f ON f.id = r.flow_id ORDER BY r.system, entity_type, external_id`,
  );
  // Shops only: Visma's own records (its supplier invoices going to a shop's catalog) are no shop's orders.
  const systems = [...new Set(rows.map((r) => r.system))].filter((system) => system !== 'visma');
  const shops: DemoShopSummary[] = systems.map((system) => {
    const of = rows.filter((r) => r.system === system);
    const posted = (entityType: string) => of.filter((r) => r.entity_type === entityType && r.status === 'posted');
    return {
      system,
      ordersSeen: of.filter((r) => r.entity_type === 'order').length,
      invoicesPosted: posted('order').filter((r) => !r.sales_order).length,
      salesOrdersPosted: posted('order').filter((r) => r.sales_order).length,
      creditNotesPosted: posted('refund').length,
      customersPosted: posted('customer').length,
    };
  });
  const shop = new Map<string, number>();
  for (const r of rows) {
    if (r.entity_type === 'order' && r.status === 'posted' && !r.sales_order && r.currency && r.total) addTo(shop, r.currency, parseMinor(r.total, r.currency, 'total'));
  }
  // Only the invoices the product posted: the demo company may also hold a year of its own ledger (the export's data).
  const postedRefs: { ref: string; company_id: string | null }[] = await db.query(
    `SELECT r.target_ref AS ref, c.settings->>'companyId' AS company_id FROM sync_record r JOIN connection c ON c.id = r.target_connection_id
      WHERE r.entity_type = 'order' AND r.status = 'posted' AND r.target_ref IS NOT NULL`,
  );
  const visma = new Map<string, number>();
  for (const company of [VISMA_DEMO.companies.norway, VISMA_DEMO.companies.sweden]) {
    const ours = new Set(postedRefs.filter((r) => r.company_id === company.companyId).map((r) => r.ref));
    for (const invoice of sandboxes.visma.store(company.tenantId).snapshot().invoices) if (ours.has(invoice.referenceNumber)) addTo(visma, invoice.currencyId, invoice.amountMinor);
  }
  return {
    shops,
    ordersSeen: rows.filter((r) => r.entity_type === 'order').length,
    invoicesPosted: rows.filter((r) => r.entity_type === 'order' && r.status === 'posted').length,
    creditNotesPosted: rows.filter((r) => r.entity_type === 'refund' && r.status === 'posted').length,
    pending: rows.filter((r) => r.status === 'received' || r.status === 'processing').length,
    failures: rows.filter((r) => r.status === 'failed').map((r) => ({ system: r.system, externalId: r.external_id, entityType: r.entity_type, reason: r.message ?? 'unknown' })),
    skipped: rows.filter((r) => r.status === 'skipped').map((r) => ({ system: r.system, externalId: r.external_id, entityType: r.entity_type, reason: r.note ?? '' })),
    shopTotals: formatTotals(shop),
    vismaTotals: formatTotals(visma),
  };
}

/** The summary as lines for the terminal. */
export function formatDemoSummary(s: DemoSummary): string[] {
  const label = (system: string) => ({ bigcommerce: 'BigCommerce', woocommerce: 'WooCommerce', 'adobe-commerce': 'Adobe Commerce' })[system] ?? system;
  const lines = [
    ...s.shops.map((p) => `${label(p.system)}: ${p.ordersSeen} orders seen, ${p.invoicesPosted} customer invoices${p.salesOrdersPosted ? `, ${p.salesOrdersPosted} sales orders` : ''}, ${p.creditNotesPosted} credit notes, ${p.customersPosted} customers posted`),
    `Orders seen: ${s.ordersSeen}   customer invoices posted: ${s.invoicesPosted}   credit notes posted: ${s.creditNotesPosted}   in progress: ${s.pending}   skipped: ${s.skipped.length}   failed: ${s.failures.length}`,
    `Totals of posted orders in the shop: ${Object.entries(s.shopTotals).map(([c, v]) => `${v} ${c}`).join(', ') || '—'}`,
    `Totals of customer invoices in Visma: ${Object.entries(s.vismaTotals).map(([c, v]) => `${v} ${c}`).join(', ') || '—'}`,
  ];
  for (const f of s.failures) lines.push(`  ✗ ${label(f.system)} ${f.entityType} ${f.externalId}: ${f.reason}`);
  for (const k of s.skipped) lines.push(`  – ${label(k.system)} ${k.entityType} ${k.externalId} skipped: ${k.reason}`);
  return lines;
}
