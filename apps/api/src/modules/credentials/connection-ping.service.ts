import { Injectable } from '@nestjs/common';
import type { PingReport } from '@mlc/connectors';
import { AppException } from '../../common/app-exception';
import { AuditService } from '../audit/audit.service';
import { SystemRegistry } from '../systems/system-registry.service';
import { ConnectionsService } from './connections.service';

/** A ping report as stored and shown: the connector's diagnosis plus when it ran. */
export type StoredPing = PingReport & { checkedAt: string };

/**
 * "Ping your systems": runs the system's step-by-step diagnosis (reachable, auth, tenant/company/store,
 * permissions, rate-limit headroom, and for shops whether webhooks can reach us) through the registry's `ping`
 * capability, and stores the result on the connection for the dashboard.
 */
@Injectable()
export class ConnectionPingService {
  constructor(
    private readonly systems: SystemRegistry,
    private readonly connections: ConnectionsService,
    private readonly audit: AuditService,
  ) {}

  /** @throws AppException `validation_failed` when the system has no ping (or is unknown). */
  async ping(id: string, actor: string): Promise<StoredPing> {
    const conn = await this.connections.get(id);
    const ping = this.systems.capability(conn.system, 'ping');
    if (!ping) throw new AppException('validation_failed', `Ping is not available for ${conn.system} connections`);
    const report = await ping.ping(conn);
    const stored: StoredPing = { ...report, checkedAt: new Date().toISOString() };
    await this.connections.recordPing(id, stored, report.ok);
    await this.audit.append({ kind: 'connection.pinged', actor, connectionId: id, message: `Ping: ${report.summary}`, data: { ok: report.ok } });
    return stored;
  }
}
