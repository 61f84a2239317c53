import { Injectable } from '@nestjs/common';
import { type AdobeCommerceClient, type AdobeCommerceCredentials as ConnectorCredentials, createAdobeCommerceClient } from '@mlc/connectors';
import { AppException } from '../../common/app-exception';
import { ConnectionClientCache } from '../../common/connection-client-cache';
import { connectorLogger } from '../../common/connector-logger';
import { SHARED_DISPATCHER } from '../../common/http-dispatcher';
import type { ConnectionEntity } from '../../database/entities';
import { ConnectionsService } from '../credentials/connections.service';
import { ADOBE_COMMERCE_SETTINGS, type AdobeCommerceCredentials } from './adobe-commerce.system';

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The connector's credentials from the stored ones (one flat form, `auth` picking the fields).
 * A bearer token or an IMS client secret would travel in clear over plain HTTP, so both need HTTPS (a loopback
 * address excepted, for a store on the same machine); OAuth 1.0a sends only signatures and works over HTTP too.
 * @throws AppException `validation_failed` naming the field.
 */
export function adobeCommerceConnectorCredentials(stored: AdobeCommerceCredentials, baseUrl: string, imsTokenUrl: string): ConnectorCredentials {
  const isPlain = (url: string): boolean => {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' && !LOOPBACK_HOSTS.has(parsed.hostname);
  };
  const missing = (field: string): never => {
    throw AppException.validation([{ field: `credentials.${field}`, message: `is required for ${stored.auth} auth` }]);
  };
  switch (stored.auth) {
    case 'oauth1':
      return {
        auth: 'oauth1',
        consumerKey: stored.consumerKey ?? missing('consumerKey'),
        consumerSecret: stored.consumerSecret ?? missing('consumerSecret'),
        accessToken: stored.accessToken ?? missing('accessToken'),
        accessTokenSecret: stored.accessTokenSecret ?? missing('accessTokenSecret'),
      };
    case 'bearer':
      if (isPlain(baseUrl)) throw AppException.validation([{ field: 'settings.baseUrl', message: 'must be HTTPS: a bearer token would travel in clear' }]);
      return { auth: 'bearer', accessToken: stored.accessToken ?? missing('accessToken') };
    case 'ims':
      if (isPlain(baseUrl) || isPlain(imsTokenUrl)) throw AppException.validation([{ field: 'settings.imsTokenUrl', message: 'the store and the IMS token URL must be HTTPS: the token and client secret would travel in clear' }]);
      return { auth: 'ims', clientId: stored.clientId ?? missing('clientId'), clientSecret: stored.clientSecret ?? missing('clientSecret'), imsOrgId: stored.imsOrgId ?? missing('imsOrgId') };
  }
}

/**
 * Builds and caches one Adobe Commerce client per connection (an IMS token is shared by that client's callers:
 * single-flight, renewed before `expires_in`). Commerce publishes no general rate limit, so there is no shared
 * pacing: the client backs off on 429 (Retry-After) and 5xx by itself.
 */
@Injectable()
export class AdobeCommerceClients {
  private readonly cache = new ConnectionClientCache<AdobeCommerceClient>((conn) => this.build(conn));

  constructor(private readonly connections: ConnectionsService) {}

  /** @throws AppException when the connection's credentials are missing, undecryptable or unfit for its address. */
  forConnection(conn: ConnectionEntity): Promise<AdobeCommerceClient> {
    return this.cache.get(conn);
  }

  private async build(conn: ConnectionEntity): Promise<AdobeCommerceClient> {
    const settings = ADOBE_COMMERCE_SETTINGS.parse(conn.settings);
    const stored = await this.connections.credentialsOf<AdobeCommerceCredentials>(conn);
    return createAdobeCommerceClient(adobeCommerceConnectorCredentials(stored, settings.baseUrl, settings.imsTokenUrl), {
      flavour: settings.flavour,
      baseUrl: settings.baseUrl,
      storeCode: settings.storeCode,
      imsTokenUrl: settings.imsTokenUrl,
      dispatcher: SHARED_DISPATCHER,
      logger: connectorLogger('AdobeCommerceClient'),
    });
  }
}
