import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { PingReport } from '@mlc/connectors';
import { AppException } from '../../common/app-exception';
import { AuditService } from '../audit/audit.service';
import { BigCommerceClients } from '../bigcommerce/bigcommerce-clients.service';
import { VismaClients } from '../visma/visma-clients.service';
import { ConnectionsService } from './connections.service';

/** A ping report as stored and shown: the connector's diagnosis plus when it ran. */
export type StoredPing = PingReport & { checkedAt: string };

/**
 * "Ping your systems": runs the connector's step-by-step diagnosis (reachable, auth, tenant/company/store,
 * permissions, rate-limit headroom, and for shops whether webhooks can reach us) and stores the result on
 * the connection for the dashboard. Clients are resolved lazily so this module does not import the system
 * modules (which import it).
 */
@Injectable()
export class ConnectionPingService {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly connections: ConnectionsService,
    private readonly audit: AuditService,
  ) {}

  async ping(id: string, actor: string): Promise<StoredPing> {
    const conn = await this.connections.get(id);
    let report: PingReport;
    switch (conn.system) {
      case 'visma': {
        const client = await this.moduleRef.get(VismaClients, { strict: false }).forConnection(conn);
        report = await client.ping();
        break;
      }
      case 'bigcommerce': {
        const client = await this.moduleRef.get(BigCommerceClients, { strict: false }).forConnection(conn);
        report = await client.ping();
        break;
      }
      default:
        throw new AppException('validation_failed', `Ping is not available for ${conn.system} connections yet`);
    }
    const stored: StoredPing = { ...report, checkedAt: new Date().toISOString() };
    await this.connections.recordPing(id, stored, report.ok);
    await this.audit.append({ kind: 'connection.pinged', actor, connectionId: id, message: `Ping: ${report.summary}`, data: { ok: report.ok } });
    return stored;
  }
}
