import { Injectable } from '@nestjs/common';
import { ConnectorHostNotAllowedError, type PingReport } from '@mlc/connectors';
import { AppException } from '../../common/app-exception';
import { withRefusalsSeen } from '../../common/http-dispatcher';
import type { ConnectionEntity } from '../../database/entities';
import { AuditService } from '../audit/audit.service';
import { addressMessage } from '../systems/host-policy';
import { HostPolicyService } from '../systems/host-policy.service';
import { SystemRegistry } from '../systems/system-registry.service';
import { ConnectionsService } from './connections.service';
import { inProductWords, refusedHostReport } from './ping-wording';

/** A ping report as stored and shown: the connector's diagnosis plus when it ran. */
export type StoredPing = PingReport & { checkedAt: string };

/**
 * "Ping your systems": runs the system's step-by-step diagnosis (reachable, auth, tenant/company/store,
 * permissions, rate-limit headroom, and for shops whether webhooks can reach us) through the registry's `ping`
 * capability, and stores the result on the connection for the dashboard. The connection's hosts are checked against
 * the host policy first (nothing is sent to a refused one), and the report is put in the product's words
 * (ping-wording.ts): no remote body or provider message reaches the admin.
 */
@Injectable()
export class ConnectionPingService {
  constructor(
    private readonly systems: SystemRegistry,
    private readonly connections: ConnectionsService,
    private readonly audit: AuditService,
    private readonly hosts: HostPolicyService,
  ) {}

  /** @throws AppException `validation_failed` when the system has no ping (or is unknown). */
  async ping(id: string, actor: string): Promise<StoredPing> {
    const conn = await this.connections.get(id);
    const ping = this.systems.capability(conn.system, 'ping');
    if (!ping) throw new AppException('validation_failed', `Ping is not available for ${conn.system} connections`);
    const report = await this.diagnose(conn, ping.ping.bind(ping));
    const stored: StoredPing = { ...report, checkedAt: new Date().toISOString() };
    await this.connections.recordPing(id, stored, report.ok);
    await this.audit.append({ kind: 'connection.pinged', actor, connectionId: id, message: `Ping: ${report.summary}`, data: { ok: report.ok } });
    return stored;
  }

  /** The host policy first (DNS included), then the system's own diagnosis, in product words. */
  private async diagnose(conn: ConnectionEntity, run: (conn: ConnectionEntity) => Promise<PingReport>): Promise<PingReport> {
    const def = this.systems.get(conn.system).facts;
    const [refused] = await this.hosts.problems(def, { settings: conn.settings, credentials: undefined });
    if (refused) return refusedHostReport(conn.system, refused.message);
    try {
      const { result, refused: seen } = await withRefusalsSeen(() => run(conn));
      // Refused as a connection opened (the name resolved elsewhere than when it was checked: DNS rebinding).
      const [first] = seen;
      if (first) return refusedHostReport(conn.system, addressMessage(`The host ${first.hostname}`, first.range));
      return inProductWords(result);
    } catch (e: unknown) {
      // The same, surfacing as the connector's error outside the ping's own steps.
      if (e instanceof ConnectorHostNotAllowedError) return refusedHostReport(conn.system, addressMessage(`The host ${e.hostname}`, e.range));
      throw e;
    }
  }
}
