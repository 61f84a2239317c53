import { Injectable } from '@nestjs/common';
import { collectAll } from '@mlc/connectors';
import type { ConnectionEntity } from '../../database/entities';
import type { ReferenceData, ReferenceDataCapability } from '../systems/capabilities';
import { VismaClients } from './visma-clients.service';


const TTL_MS = 10 * 60_000;

function percentFromRate(rate: unknown): string | null {
  return typeof rate === 'string' || typeof rate === 'number' ? String(rate) : null;
}

/**
 * Ledger accounts, VAT codes, subaccount segments and branches of a Visma company, loaded live and cached
 * for ten minutes per connection (they rarely change; `refresh` reloads them, e.g. after Visma rejected
 * a document naming an unknown account).
 */
@Injectable()
export class VismaReferenceService implements ReferenceDataCapability {
  private readonly cache = new Map<string, { at: number; data: Promise<ReferenceData> }>();

  constructor(private readonly clients: VismaClients) {}

  get(conn: ConnectionEntity, options: { refresh?: boolean } = {}): Promise<ReferenceData> {
    const cached = this.cache.get(conn.id);
    if (cached && !options.refresh && Date.now() - cached.at < TTL_MS) return cached.data;
    const data = this.load(conn);
    data.catch(() => this.cache.delete(conn.id));
    this.cache.set(conn.id, { at: Date.now(), data });
    return data;
  }

  private async load(conn: ConnectionEntity): Promise<ReferenceData> {
    const visma = await this.clients.forConnection(conn);
    const [accounts, vatCodes, subaccounts, branches] = await Promise.all([
      visma.ledgerAccounts.list(),
      visma.vat.listCodes(),
      collectAll(visma.dimensions.listSubaccounts()).catch(() => []),
      visma.branches.list().catch(() => []),
    ]);
    const segments = new Map<number, { segmentId: number; description: string; values: Map<string, string> }>();
    for (const sub of subaccounts) {
      for (const seg of sub.segments ?? []) {
        if (seg.segmentId == null || !seg.segmentValue) continue;
        const entry = segments.get(seg.segmentId) ?? { segmentId: seg.segmentId, description: seg.segmentDescription ?? `Segment ${seg.segmentId}`, values: new Map() };
        entry.values.set(seg.segmentValue, seg.segmentValueDescription ?? seg.segmentValue);
        segments.set(seg.segmentId, entry);
      }
    }
    const vat = vatCodes.map((v) => ({
      id: v.vatId,
      description: v.description ?? '',
      ratePercent: percentFromRate(v.schedules?.at(-1)?.vatRate),
      calculateOn: v.calculateOn ?? null,
    }));
    return {
      accounts: accounts.map((a) => ({ accountCD: a.accountCD, description: a.description ?? '', type: a.type ?? null, active: a.active !== false })),
      vatCodes: vat,
      subaccountSegments: [...segments.values()].map((s) => ({ segmentId: s.segmentId, description: s.description, values: [...s.values].map(([value, description]) => ({ value, description })) })),
      branches: branches.map((b) => ({ number: b.number, name: b.name ?? '' })),
      validation: {
        accounts: accounts.map((a) => ({ accountCD: a.accountCD, active: a.active !== false, description: a.description ?? '' })),
        vatCodes: vat.map((v) => ({ vatId: v.id, description: v.description, ...(v.calculateOn ? { calculateOn: v.calculateOn } : {}), ...(v.ratePercent ? { ratePercent: v.ratePercent } : {}) })),
        dimensions: [...segments.values()].map((s) => ({ segmentId: s.segmentId, valueIds: [...s.values.keys()] })),
      },
      loadedAt: new Date().toISOString(),
    };
  }
}
