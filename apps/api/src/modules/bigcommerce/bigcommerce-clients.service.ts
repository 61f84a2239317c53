import { Inject, Injectable } from '@nestjs/common';
import { type BigCommerceClient, createBigCommerceClient, RedisBigCommercePacer } from '@mlc/connectors';
import type { BcOrderBundle, BcRefund } from '@mlc/mapping';
import type { Redis } from 'ioredis';
import { ConnectionClientCache } from '../../common/connection-client-cache';
import { connectorLogger } from '../../common/connector-logger';
import { SHARED_DISPATCHER } from '../../common/http-dispatcher';
import { REDIS } from '../../common/redis.module';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config.schema';
import type { ConnectionEntity } from '../../database/entities';
import { ConnectionsService } from '../credentials/connections.service';
import { SYSTEM_DEFINITIONS } from '../credentials/system-kinds';
import type { BigCommerceCustomerView, BigCommerceOrderSource } from '../posting/posting.types';

type BigCommerceSettings = { storeHash: string; apiBaseUrl: string };

/**
 * Builds and caches one BigCommerce client per connection, pacing on the store's rate-limit headers through
 * Redis (the quota is per store and shared by every worker process), and adapts it to what the posting
 * handlers need (`BigCommerceOrderSource`, in the mapping library's input types).
 */
@Injectable()
export class BigCommerceClients {
  private readonly cache = new ConnectionClientCache<BigCommerceClient>((conn) => this.build(conn));
  private readonly pacer: RedisBigCommercePacer;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly connections: ConnectionsService,
    @Inject(REDIS) redis: Redis,
  ) {
    this.pacer = new RedisBigCommercePacer(redis);
  }

  /** @throws AppException when the connection's credentials are missing or undecryptable. */
  forConnection(conn: ConnectionEntity): Promise<BigCommerceClient> {
    return this.cache.get(conn);
  }

  /** The store as an order source for the posting handlers. */
  async source(conn: ConnectionEntity): Promise<BigCommerceOrderSource> {
    const client = await this.forConnection(conn);
    const storeHash = String(conn.settings['storeHash']);
    return {
      storeHash,
      getOrderBundle: async (orderId) => {
        const complete = await client.orders.getComplete(Number(orderId));
        const bundle = {
          order: complete.order,
          products: complete.products,
          shippingAddresses: complete.shippingAddresses,
          coupons: complete.coupons,
          taxes: complete.taxes,
          fees: complete.fees,
        } as unknown as BcOrderBundle;
        return { bundle, calls: complete.calls };
      },
      getRefund: async (_orderId, refundId) => (await client.refunds.get(Number(refundId))) as unknown as BcRefund,
      getCustomer: async (customerId) => {
        const found = await client.customers.get(Number(customerId)).catch((err: unknown) => {
          if ((err as { code?: string }).code === 'not_found') return undefined;
          throw err;
        });
        return found ? toCustomerView(found as unknown as RawCustomer) : undefined;
      },
    };
  }

  private async build(conn: ConnectionEntity): Promise<BigCommerceClient> {
    const settings = SYSTEM_DEFINITIONS.bigcommerce.settings.parse(conn.settings) as BigCommerceSettings;
    const credentials = await this.connections.credentialsOf<{ accessToken: string }>(conn);
    return createBigCommerceClient(
      { accessToken: credentials.accessToken },
      {
        storeHash: settings.storeHash,
        apiBaseUrl: settings.apiBaseUrl,
        pacing: this.pacer,
        publicBaseUrl: this.config.PUBLIC_BASE_URL,
        dispatcher: SHARED_DISPATCHER,
        logger: connectorLogger('BigCommerceClient'),
      },
    );
  }
}

type RawCustomer = {
  id: number;
  email: string;
  first_name?: string;
  last_name?: string;
  company?: string;
  phone?: string;
  addresses?: { address1?: string; address2?: string; postal_code?: string; city?: string; country_code?: string; state_or_province?: string }[];
};

function toCustomerView(c: RawCustomer): BigCommerceCustomerView {
  const a = c.addresses?.[0];
  return {
    id: String(c.id),
    email: c.email,
    firstName: c.first_name ?? '',
    lastName: c.last_name ?? '',
    company: c.company ?? '',
    phone: c.phone ?? '',
    ...(a
      ? { address: { line1: a.address1 ?? '', line2: a.address2 ?? '', postalCode: a.postal_code ?? '', city: a.city ?? '', countryCode: a.country_code ?? '', region: a.state_or_province ?? '' } }
      : {}),
  };
}
