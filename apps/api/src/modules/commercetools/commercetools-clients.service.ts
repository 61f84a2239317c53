import { Injectable } from '@nestjs/common';
import { type CommercetoolsClient, createCommercetoolsClient } from '@mlc/connectors';
import { AppException } from '../../common/app-exception';
import { ConnectionClientCache } from '../../common/connection-client-cache';
import { connectorLogger } from '../../common/connector-logger';
import { SHARED_DISPATCHER } from '../../common/http-dispatcher';
import type { ConnectionEntity } from '../../database/entities';
import { ConnectionsService } from '../credentials/connections.service';
import { COMMERCETOOLS_SETTINGS, type CommercetoolsSettings, type CommercetoolsStoredCredentials } from './commercetools.system';

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The auth and API hosts of a connection's settings: the region's, or the custom ones. The client secret travels to
 * the auth URL and the bearer token to the API URL, so both must be HTTPS unless they are this machine (the sandbox).
 * @throws AppException `validation_failed` naming the field.
 */
export function commercetoolsHostsOf(settings: CommercetoolsSettings): { authUrl?: string; apiUrl?: string; region?: Exclude<CommercetoolsSettings['region'], 'custom'> } {
  if (settings.region !== 'custom') return { region: settings.region };
  const checked = (field: 'authUrl' | 'apiUrl'): string => {
    const value = settings[field];
    if (!value) throw AppException.validation([{ field: `settings.${field}`, message: 'is required when the region is custom' }]);
    const url = new URL(value);
    if (url.protocol !== 'https:' && !LOOPBACK_HOSTS.has(url.hostname)) {
      throw AppException.validation([{ field: `settings.${field}`, message: 'must be HTTPS: the client secret and the token would travel in clear' }]);
    }
    return value;
  };
  return { authUrl: checked('authUrl'), apiUrl: checked('apiUrl') };
}

/**
 * Builds and caches one commercetools client per connection: its token is shared by every caller of that connection
 * (single-flight, renewed before `expires_in`). commercetools publishes no fixed call budget for these endpoints, so
 * there is no shared pacing: the client backs off on 429 and 502/503/504 by itself.
 */
@Injectable()
export class CommercetoolsClients {
  private readonly cache = new ConnectionClientCache<CommercetoolsClient>((conn) => this.build(conn));

  constructor(private readonly connections: ConnectionsService) {}

  /** @throws AppException when the connection's settings or credentials are missing, undecryptable or unfit. */
  forConnection(conn: ConnectionEntity): Promise<CommercetoolsClient> {
    return this.cache.get(conn);
  }

  private async build(conn: ConnectionEntity): Promise<CommercetoolsClient> {
    const settings = COMMERCETOOLS_SETTINGS.parse(conn.settings);
    const hosts = commercetoolsHostsOf(settings);
    const stored = await this.connections.credentialsOf<CommercetoolsStoredCredentials>(conn);
    return createCommercetoolsClient(
      {
        projectKey: settings.projectKey,
        clientId: stored.clientId,
        clientSecret: stored.clientSecret,
        ...(settings.storeKeys.length ? { storeKeys: settings.storeKeys } : {}),
        ...hosts,
      },
      { dispatcher: SHARED_DISPATCHER, logger: connectorLogger('CommercetoolsClient'), isStockFlowEnabled: settings.manageStock },
    );
  }
}

/** The project key: the store id of external references (`ct:<project>:…`) and of routing rules. */
export function commercetoolsProjectKeyOf(conn: ConnectionEntity): string {
  const key = conn.settings['projectKey'];
  if (typeof key !== 'string' || key === '') throw AppException.validation([{ field: 'settings.projectKey', message: 'is required' }]);
  return key;
}
