/**
 * Can the shop deliver webhooks to our public URL? WooCommerce sends every delivery and the activation ping with
 * `wp_safe_remote_request()` / `wp_safe_remote_post()` (class-wc-webhook.php `deliver()`, `deliver_ping()`), which set
 * `reject_unsafe_urls`, so WordPress' `wp_http_validate_url()` (wp-includes/http.php) decides first:
 * - the URL must parse, be http(s), carry no user or password, and its host must not contain `:#?[]` (so an IPv6
 *   literal such as `[::1]` is always refused);
 * - unless the host is the shop's own host, an IPv4 address in 127/8, 10/8, 0/8, 172.16/12 or 192.168/16 (a literal
 *   or what the name resolves to, `localhost` included) is refused unless a plugin marks it external
 *   (`http_request_host_is_external`);
 * - a port other than 80, 443 and 8080 is refused, except the shop's own port on its own host (since WordPress 5.9 a
 *   plugin may allow more ports with `http_allowed_safe_ports`).
 * Our verdict per rule: what WordPress refuses outright is `failed` when the shop is on the internet (it could not
 * reach a private address anyway); when the shop itself is local or private (a LAN or development setup, where a
 * plugin often lifts the rule) it is a `warning`. Host names are not resolved here (the shop resolves them with its own
 * DNS): `.local`/`.internal`/`.localhost` names are treated as private. Plain http works but sends order data in
 * clear: a `warning`.
 */
import type { PingStep } from '../core';

const WORDPRESS_SAFE_PORTS = ['80', '443', '8080'];

const step = (status: PingStep['status'], code: string, hint: string): PingStep => ({ step: 'webhooks', status, code, hint });

/** True for an IPv4 address in the ranges wp_http_validate_url() refuses (127/8, 10/8, 0/8, 172.16/12, 192.168/16). */
export function isWordPressUnsafeIpv4(host: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return false;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return a === 127 || a === 10 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

/** True for localhost, the private/loopback IPv4 ranges above, link-local 169.254/16, IPv6 literals and `.local`/`.internal` names. */
export function isPrivateHostName(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || /\.(local|internal|localhost)$/.test(host)) return true;
  if (host.startsWith('[')) return true;
  return isWordPressUnsafeIpv4(host) || /^169\.254\./.test(host);
}

/**
 * Checks `publicBaseUrl` against the rules in the file header, from the shop at `shopUrl` (its `home_url`).
 * @returns the `webhooks` ping step: `ok`, `warning` (deliverable with a caveat, or not configured) or `failed`.
 */
export function wooCommerceWebhookReachability(publicBaseUrl: string | undefined, shopUrl: string): PingStep {
  if (!publicBaseUrl) return step('warning', 'no_public_url', 'No public URL is configured: webhooks cannot be registered; changes arrive by polling only.');
  let url: URL;
  try {
    url = new URL(publicBaseUrl);
  } catch {
    return step('failed', 'invalid_url', `The public URL "${publicBaseUrl}" is not a valid URL.`);
  }
  let shop: URL | undefined;
  try {
    shop = new URL(shopUrl);
  } catch {
    shop = undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return step('failed', 'invalid_url', `WooCommerce only delivers webhooks over http(s), not ${url.protocol}`);
  if (url.username || url.password) return step('failed', 'credentials_in_url', 'WordPress refuses delivery URLs that carry a user name or password; remove them from the public URL.');
  if (url.hostname.startsWith('[')) return step('failed', 'ipv6_literal', `WordPress refuses delivery URLs with an IPv6 address (${url.host}); use a host name.`);
  const isShopPublic = shop !== undefined && !isPrivateHostName(shop.hostname);
  const refused = (code: string, hint: string): PingStep => step(isShopPublic ? 'failed' : 'warning', code, hint);
  const isSameHost = shop !== undefined && shop.hostname.toLowerCase() === url.hostname.toLowerCase();
  if (!isSameHost && isPrivateHostName(url.hostname)) {
    return refused(
      'private_public_url',
      isShopPublic
        ? `The shop at ${shop?.host ?? shopUrl} is on the internet and cannot reach ${url.host}, a local or private address. Set PUBLIC_BASE_URL to an address the shop can reach.`
        : `WordPress refuses to deliver to private addresses such as ${url.host} unless a plugin allows it (http_request_host_is_external); check that the shop's hooks are delivered.`,
    );
  }
  const port = url.port;
  const isShopPort = isSameHost && shop !== undefined && shop.port === port;
  if (port !== '' && !WORDPRESS_SAFE_PORTS.includes(port) && !isShopPort) {
    return refused('unusual_port', `WordPress only delivers webhooks to ports 80, 443 and 8080 (more only with a plugin using http_allowed_safe_ports); ${port} will be refused. Expose the webhook endpoint on 443.`);
  }
  if (url.protocol === 'http:') return step('warning', 'not_https', `Webhooks can be delivered to ${url.origin}, but over plain http the order data travel unencrypted (the signature still proves they come from the shop). Use https.`);
  return step('ok', 'ok', `Webhooks can be delivered to ${url.origin}.`);
}
