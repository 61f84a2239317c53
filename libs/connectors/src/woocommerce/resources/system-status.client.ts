/** GET /system_status (WC_REST_System_Status_V2_Controller): versions, URLs and store settings, leniently validated. */
import { WC_SYSTEM_STATUS, type WooCommerceSystemStatus } from '../woocommerce.schema';
import { WooCommerceResource } from './woocommerce-resource';

/** The shop's system status report. */
export class WooCommerceSystemStatusClient extends WooCommerceResource {
  /**
   * `environment.{home_url, site_url, version (WooCommerce), wp_version}`, `settings.{currency, …}` and the rest as sent.
   * @throws ConnectorAuthError when the key's user may not read it (`woocommerce_rest_cannot_view`)
   */
  async get(): Promise<WooCommerceSystemStatus> {
    return this.read('/system_status', WC_SYSTEM_STATUS);
  }
}
