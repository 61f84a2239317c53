import { Injectable } from '@nestjs/common';
import { AppException } from '../../common/app-exception';
import type { SystemCapabilities } from './capabilities';
import type { SystemCapabilityName, SystemFacts, SystemView } from './system-facts';

/** A registered system: its facts and the capabilities its module implements. */
export type RegisteredSystem = { facts: SystemFacts; capabilities: SystemCapabilities };

const CAPABILITY_NAMES: Record<keyof SystemCapabilities, SystemCapabilityName> = {
  ping: 'ping',
  fetch: 'fetch',
  webhook: 'webhook',
  catchUp: 'catch-up',
  webhookUpkeep: 'webhook-upkeep',
  documentTarget: 'document-target',
  catalogTarget: 'catalog-target',
  stockTarget: 'stock-target',
  exportTarget: 'export-target',
  changeSignal: 'change-signal',
  referenceData: 'reference-data',
  rateBudget: 'rate-budget',
};

/**
 * The single source of system facts and capabilities. Each system module registers itself once at start
 * (`onModuleInit`); the connections API, ping, intake, the posting skeleton, the catch-up poll, preview and the
 * dashboard (through `GET /api/systems`) ask here by kind. Nothing else keeps a list of systems.
 */
@Injectable()
export class SystemRegistry {
  private readonly systems = new Map<string, RegisteredSystem>();

  /** @throws Error when the kind is registered twice (a wiring mistake, found at start). */
  register(facts: SystemFacts, capabilities: SystemCapabilities): void {
    if (this.systems.has(facts.kind)) throw new Error(`system ${facts.kind} is already registered`);
    this.systems.set(facts.kind, { facts, capabilities });
  }

  /** Every registered system, in registration order. */
  all(): RegisteredSystem[] {
    return [...this.systems.values()];
  }

  has(kind: string): boolean {
    return this.systems.has(kind);
  }

  /** @throws AppException `validation_failed` naming `field` when the kind is unknown. */
  get(kind: string, field = 'system'): RegisteredSystem {
    const found = this.systems.get(kind);
    if (!found) {
      const known = [...this.systems.keys()].join(', ');
      throw AppException.validation([{ field, message: `unknown system "${kind}"; known systems: ${known}` }]);
    }
    return found;
  }

  /** The capability, or undefined when the system lacks it (or is unknown). */
  capability<K extends keyof SystemCapabilities>(kind: string, name: K): SystemCapabilities[K] | undefined {
    return this.systems.get(kind)?.capabilities[name];
  }

  /** Facts as served to the dashboard: no zod schemas or host rules (functions), and which capabilities exist. */
  views(): SystemView[] {
    return this.all().map(({ facts, capabilities }) => {
      const { settings: _settings, credentials: _credentials, hosts: _hosts, ...rest } = facts;
      const names = (Object.keys(capabilities) as (keyof SystemCapabilities)[]).filter((k) => capabilities[k] !== undefined).map((k) => CAPABILITY_NAMES[k]);
      return { ...rest, capabilities: names };
    });
  }
}
