import { Injectable } from '@nestjs/common';
import { BigQueryExportClient, createBigQueryExportClient, GOOGLE_TOKEN_URI } from '@mlc/connectors';
import { AppException } from '../../common/app-exception';
import { ConnectionClientCache } from '../../common/connection-client-cache';
import { connectorLogger } from '../../common/connector-logger';
import type { ConnectionEntity } from '../../database/entities';
import { ConnectionsService } from '../credentials/connections.service';
import { BIGQUERY_SETTINGS, type BigQuerySettings, type BigQueryStoredCredentials } from './bigquery.system';

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

function isLoopback(url: string): boolean {
  try {
    return LOOPBACK_HOSTS.has(new URL(url).hostname);
  } catch {
    return false;
  }
}

/**
 * Where the key's signed assertion and the access token may travel: Google's token endpoint and the configured API
 * endpoint over HTTPS, or both on this machine (the demo's simulator). A key naming any other `token_uri` is refused by
 * the connector before anything is sent (BigQueryTokenUriRefusedError).
 * @throws AppException `validation_failed` naming `settings.apiEndpoint` when it is plain HTTP to another host.
 */
export function bigQueryHostsOf(settings: BigQuerySettings, tokenUri: string | undefined): { apiEndpoint: string; allowedTokenUris: string[] } {
  const api = new URL(settings.apiEndpoint);
  if (api.protocol !== 'https:' && !LOOPBACK_HOSTS.has(api.hostname)) {
    throw AppException.validation([{ field: 'settings.apiEndpoint', message: 'must be HTTPS: the access token would travel in clear' }]);
  }
  const allowed = [GOOGLE_TOKEN_URI];
  // The simulator's token endpoint is allowed only together with a simulator API on this machine.
  if (tokenUri && isLoopback(tokenUri) && LOOPBACK_HOSTS.has(api.hostname)) allowed.push(tokenUri);
  return { apiEndpoint: settings.apiEndpoint, allowedTokenUris: allowed };
}

/** Builds and caches one BigQuery client per connection (its access token shared by every caller). */
@Injectable()
export class BigQueryClients {
  private readonly cache = new ConnectionClientCache<BigQueryExportClient>((conn) => this.build(conn));

  constructor(private readonly connections: ConnectionsService) {}

  /** @throws AppException when settings or credentials are missing or unfit; BigQueryKeyError for a key that does not parse. */
  forConnection(conn: ConnectionEntity): Promise<BigQueryExportClient> {
    return this.cache.get(conn);
  }

  /** The connection's settings, defaulted. */
  settingsOf(conn: ConnectionEntity): BigQuerySettings {
    return BIGQUERY_SETTINGS.parse(conn.settings);
  }

  private async build(conn: ConnectionEntity): Promise<BigQueryExportClient> {
    const settings = this.settingsOf(conn);
    const stored = await this.connections.credentialsOf<BigQueryStoredCredentials>(conn);
    const tokenUri = tokenUriOf(stored.serviceAccountKey);
    return createBigQueryExportClient(stored.serviceAccountKey, { ...bigQueryHostsOf(settings, tokenUri), location: settings.location, logger: connectorLogger('BigQueryExportClient') });
  }
}

/** The key's `token_uri`, when the text parses (the connector reports every other problem, naming the field). */
function tokenUriOf(keyText: string): string | undefined {
  try {
    const parsed = JSON.parse(keyText) as { token_uri?: unknown };
    return typeof parsed.token_uri === 'string' ? parsed.token_uri : undefined;
  } catch {
    return undefined;
  }
}
