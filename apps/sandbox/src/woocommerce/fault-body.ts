/**
 * WooCommerce bodies for injected status faults (core `FaultBodyHook`):
 * - what WordPress itself would answer comes in the WP REST error shape `{code, message, data: {status}}`:
 *   `http-401` as WC_REST_Authentication's "Consumer key is invalid.", `validation-error` as WP_REST_Request's 400
 *   `rest_invalid_param` naming `field`, `http-500` as WordPress' fatal-error handler answers a REST request
 *   (wp-includes/class-wp-fatal-error-handler.php, _json_wp_die_handler: `internal_server_error`, "There has been a
 *   critical error on this website.", `additional_errors: []`); `http-409` and `http-412` have no WooCommerce
 *   counterpart and use sandbox codes `woocommerce_rest_injected_conflict` / `…_precondition_failed`;
 * - what a shop's hosting answers before WordPress runs comes as the HTML error page of that layer (text/html, not
 *   JSON): `http-429`, `http-502`, `http-503` and the 504 of `timeout` as nginx's default pages (rate limiting,
 *   PHP-FPM down, maintenance, gateway timeout), `http-501` as Apache's "Not Implemented" page that hosts send when
 *   a firewall blocks PUT/DELETE (why WordPress honours `?_method=` and X-HTTP-Method-Override).
 */
import { SandboxHttpError, type FaultBodyHook } from '../core';
import { wpError, WpRestError } from './wp-json';

const NGINX_TITLES: Record<number, string> = {
  429: '429 Too Many Requests',
  502: '502 Bad Gateway',
  503: '503 Service Temporarily Unavailable',
  504: '504 Gateway Time-out',
};

function nginxPage(status: number): SandboxHttpError {
  const title = NGINX_TITLES[status] ?? `${status} Error`;
  return new SandboxHttpError(status, `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`, {
    'content-type': 'text/html',
    server: 'nginx',
  });
}

/** The fault hook of the WooCommerce sandbox (see the module comment). */
export const wooCommerceFaultBody: FaultBodyHook = (kind, status, { rule, method, path }) => {
  switch (kind) {
    case 'http-401':
      return wpError('woocommerce_rest_authentication_error', 'Consumer key is invalid.', 401);
    case 'validation-error': {
      const field = rule.field ?? 'body';
      const message = `${field} is invalid.`;
      return wpError('rest_invalid_param', `Invalid parameter(s): ${field}`, 400, { params: { [field]: message }, details: { [field]: { code: 'rest_invalid_param', message, data: null } } });
    }
    case 'http-409':
      return wpError('woocommerce_rest_injected_conflict', 'The resource was changed by another request (injected).', 409);
    case 'http-412':
      return wpError('woocommerce_rest_injected_precondition_failed', 'The precondition given in the request evaluated to false (injected).', 412);
    case 'http-500':
      return new WpRestError(
        'internal_server_error',
        '<p>There has been a critical error on this website.</p><p><a href="https://wordpress.org/documentation/article/faq-troubleshooting/">Learn more about troubleshooting WordPress.</a></p>',
        { status: 500 },
        { additional_errors: [] },
      );
    case 'http-501':
      return new SandboxHttpError(
        501,
        `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>501 Not Implemented</title>\n</head><body>\n<h1>Not Implemented</h1>\n<p>${method} to ${path} not supported.<br />\n</p>\n</body></html>\n`,
        { 'content-type': 'text/html; charset=iso-8859-1', server: 'Apache' },
      );
    default:
      return nginxPage(status);
  }
};
