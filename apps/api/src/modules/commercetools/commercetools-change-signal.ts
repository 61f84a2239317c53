import type { ConnectionEntity } from '../../database/entities';
import type { ChangeSignalCapability } from '../systems/capabilities';
import type { CommercetoolsClients } from './commercetools-clients.service';

/**
 * commercetools' Messages as a change signal (openapi.yaml `GET /{projectKey}/messages`, `Message`; raml/traits
 * query and sortable): one call, `where=lastModifiedAt > :since`, `sort=lastModifiedAt desc`, `limit=1`,
 * `withTotal=false`, every 10 seconds per flow. Any message (OrderCreated, PaymentTransactionAdded,
 * PaymentTransactionStateChanged, which carries no amount, OrderPaymentStateChanged, …) means the project changed,
 * and the flow's catch-up runs at once; the messages themselves are never posted from (they may be disabled, kept only
 * `deleteDaysAfterCreation` days, and carry partial data), so the poll stays the source of truth.
 */
export class CommercetoolsChangeSignal implements ChangeSignalCapability {
  readonly intervalMs = 10_000;

  constructor(private readonly clients: CommercetoolsClients) {}

  async latestChangeSince(conn: ConnectionEntity, since: Date): Promise<string | undefined> {
    const client = await this.clients.forConnection(conn);
    const page = await client.messages.query({ where: ['lastModifiedAt > :since'], vars: { since: since.toISOString() }, sort: ['lastModifiedAt desc'], limit: 1, withTotal: false });
    return page.results[0]?.lastModifiedAt;
  }
}
