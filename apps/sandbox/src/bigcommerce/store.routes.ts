import type { SandboxRouter } from '../core';
import { SCOPES, type createAuthGuard } from './auth.guard';
import { BIGCOMMERCE_DEMO } from './demo.constants';
import storeInformation from './seed/store_information.v2.StoreInformation.response.json';

const V2 = '/stores/:storeHash/v2';

/** The demo store's name, as `GET /v2/store` reports it (and ping shows it). */
export const BIGCOMMERCE_DEMO_STORE_NAME = 'ML Connector Demo Store';

/**
 * `GET /v2/store` (store_information.v2.yml): the official example, with the demo store's hash, name and
 * currency. Needs the `store_v2_information_read_only` scope.
 */
export function registerStoreRoutes(router: SandboxRouter, deps: { guard: ReturnType<typeof createAuthGuard> }): void {
  router.add('GET', `${V2}/store`, deps.guard(SCOPES.storeInformationRead, () => ({
    status: 200,
    body: {
      ...storeInformation,
      id: BIGCOMMERCE_DEMO.storeHash,
      name: BIGCOMMERCE_DEMO_STORE_NAME,
      currency: BIGCOMMERCE_DEMO.defaultCurrency,
    },
  })));
}
