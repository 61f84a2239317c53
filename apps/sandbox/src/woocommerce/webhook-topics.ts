/**
 * Webhook topics and the WordPress actions behind them, from WC_Webhook::get_default_topic_hooks() and
 * wc_is_webhook_valid_topic() (woocommerce/woocommerce plugins/woocommerce/includes/class-wc-webhook.php @ 00e1bc4d,
 * wc-webhook-functions.php). The sandbox's handlers fire these actions where WooCommerce does, and a webhook
 * queues a delivery when one of its topic's actions fires — so, as in WooCommerce:
 * - creating an order through the API also fires order.updated (the order is saved again after woocommerce_new_order);
 * - a refund fires order.updated (woocommerce_order_refunded, and the parent order's save), never a refund topic;
 * - deleting a refund fires order.updated (woocommerce_delete_order_refund);
 * - order.deleted fires on trashing (DELETE without force); a forced delete fires no order topic at all;
 * - creating a customer also fires customer.updated (wp_update_user() after the insert fires profile_update);
 * - customer.deleted only fires for users with the customer role.
 */

export const WEBHOOK_TOPIC_HOOKS: Readonly<Record<string, readonly string[]>> = {
  'coupon.created': ['woocommerce_process_shop_coupon_meta', 'woocommerce_new_coupon'],
  'coupon.updated': ['woocommerce_process_shop_coupon_meta', 'woocommerce_update_coupon'],
  'coupon.deleted': ['wp_trash_post'],
  'coupon.restored': ['untrashed_post'],
  'customer.created': ['user_register', 'woocommerce_created_customer', 'woocommerce_new_customer'],
  'customer.updated': ['profile_update', 'woocommerce_update_customer'],
  'customer.deleted': ['delete_user'],
  'order.created': ['woocommerce_new_order'],
  'order.updated': ['woocommerce_update_order', 'woocommerce_order_refunded', 'woocommerce_delete_order_refund'],
  'order.deleted': ['wp_trash_post', 'woocommerce_trash_order'],
  'order.restored': ['untrashed_post', 'woocommerce_untrash_order'],
  'product.created': ['woocommerce_process_product_meta', 'woocommerce_new_product', 'woocommerce_new_product_variation'],
  'product.updated': ['woocommerce_process_product_meta', 'woocommerce_update_product', 'woocommerce_update_product_variation'],
  'product.deleted': ['wp_trash_post'],
  'product.restored': ['untrashed_post'],
  'product.published': ['woocommerce_product_published'],
};

const VALID_RESOURCES = ['coupon', 'customer', 'order', 'product'];
const VALID_EVENTS = ['created', 'updated', 'deleted', 'restored'];
const INVALID_ACTION_TOPICS = ['action.woocommerce_login_credentials', 'action.woocommerce_product_csv_importer_check_import_file_path', 'action.woocommerce_webhook_should_deliver'];

/** wc_is_webhook_valid_topic(): `resource.event` of the core resources/events, or `action.woocommerce_*` / `action.wc_*`. */
export function isValidTopic(topic: string): boolean {
  if (INVALID_ACTION_TOPICS.includes(topic)) return false;
  if (topic.startsWith('action.woocommerce_') || topic.startsWith('action.wc_')) return true;
  const [resource, event] = topic.split('.');
  return resource !== undefined && event !== undefined && VALID_RESOURCES.includes(resource) && VALID_EVENTS.includes(event);
}

/** WC_Webhook::get_resource() / get_event(): the parts of the topic around the first dot. */
export function topicParts(topic: string): { resource: string; event: string } {
  const [resource = '', event = ''] = topic.split('.');
  return { resource, event };
}

/** WC_Webhook::get_hooks(): the topic's actions (for `action.x` topics the action itself). */
export function hooksOf(topic: string): string[] {
  const { resource, event } = topicParts(topic);
  if (resource === 'action') return [event];
  return [...(WEBHOOK_TOPIC_HOOKS[topic] ?? [])];
}
