/**
 * The part of Commerce's admin ACL tree (etc/acl.xml of Magento_Backend, Magento_Sales, Magento_Customer,
 * Magento_Catalog, Magento_AdobeCommerceWebhooks) that the sandbox's routes name in their webapi.xml `<resource ref>`.
 * An integration is granted either "All" (Magento_Backend::admin, the root) or a list of resources; as in the
 * integration form's resource tree, granting a node grants everything below it.
 */

/** Parent of each ACL resource (undefined for the root). */
const PARENT: Readonly<Record<string, string>> = {
  'Magento_Sales::sales': 'Magento_Backend::admin',
  'Magento_Sales::sales_operation': 'Magento_Sales::sales',
  'Magento_Sales::sales_order': 'Magento_Sales::sales_operation',
  'Magento_Sales::actions': 'Magento_Sales::sales_order',
  'Magento_Sales::create': 'Magento_Sales::actions',
  'Magento_Sales::actions_view': 'Magento_Sales::actions',
  'Magento_Sales::invoice': 'Magento_Sales::actions',
  'Magento_Sales::creditmemo': 'Magento_Sales::actions',
  'Magento_Sales::sales_invoice': 'Magento_Sales::sales_operation',
  'Magento_Sales::sales_creditmemo': 'Magento_Sales::sales_operation',
  'Magento_Customer::customer': 'Magento_Backend::admin',
  'Magento_Customer::manage': 'Magento_Customer::customer',
  'Magento_Catalog::catalog': 'Magento_Backend::admin',
  'Magento_Catalog::catalog_inventory': 'Magento_Catalog::catalog',
  'Magento_Catalog::products': 'Magento_Catalog::catalog_inventory',
  'Magento_Backend::stores': 'Magento_Backend::admin',
  'Magento_Backend::stores_settings': 'Magento_Backend::stores',
  'Magento_Backend::store': 'Magento_Backend::stores_settings',
  'Magento_Backend::stores_attributes': 'Magento_Backend::stores',
  'Magento_Catalog::attributes_attributes': 'Magento_Backend::stores_attributes',
  'Magento_Catalog::sets': 'Magento_Backend::stores_attributes',
  'Magento_Backend::system': 'Magento_Backend::admin',
  'Magento_AdobeCommerceWebhooks::webhooks': 'Magento_Backend::system',
  'Magento_AdobeCommerceWebhooks::webhooks_list': 'Magento_AdobeCommerceWebhooks::webhooks',
  'Magento_AdobeCommerceWebhooks::webhooks_subscribe': 'Magento_AdobeCommerceWebhooks::webhooks',
};

/** The root resource: "Resource Access: All" in the integration form. */
export const ACL_ROOT = 'Magento_Backend::admin';

/** The resource itself and its ancestors up to the root. */
export function aclPath(resource: string): string[] {
  const out = [resource];
  let at = PARENT[resource];
  while (at !== undefined) {
    out.push(at);
    at = PARENT[at];
  }
  if (out[out.length - 1] !== ACL_ROOT) out.push(ACL_ROOT);
  return out;
}

/**
 * Magento\Framework\AuthorizationInterface::isAllowed() for the route's resources: webapi.xml routes list one
 * resource each here; `anonymous` routes are open to everyone, `self` ones need a logged-in customer.
 */
export function isAllowed(granted: readonly string[], resources: readonly string[]): boolean {
  if (resources.includes('anonymous')) return true;
  return resources.every((r) => aclPath(r).some((node) => granted.includes(node)));
}

/** Which of `resources` the grant lacks (for tests and the ping diagnosis). */
export function missingResources(granted: readonly string[], resources: readonly string[]): string[] {
  return resources.filter((r) => r !== 'anonymous' && !isAllowed(granted, [r]));
}
