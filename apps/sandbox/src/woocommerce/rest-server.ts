/**
 * The WordPress REST server in front of the WooCommerce routes (wp-includes/rest-api/class-wp-rest-server.php
 * serve_request()/dispatch()/respond_to_request(), class-wp-rest-request.php), in WordPress' order:
 * 1. the route comes from the path after `/wp-json` (or `?rest_route=` on plain permalinks), trailing slash ignored;
 *    the method may be overridden with `?_method=` or `X-HTTP-Method-Override`;
 * 2. for `wc/` routes WooCommerce authenticates (auth.ts); an authentication error answers at once, for any route;
 * 3. rest_pre_dispatch: an authenticated key's read/write permission is checked against the method;
 * 4. the route is matched by path and method, else 404 `rest_no_route`;
 * 5. a JSON body that does not parse answers 400 `rest_invalid_json`; then required arguments and argument schemas
 *    (wp-schema.ts) — so a bad `per_page` answers 400 even without credentials;
 * 6. the permission callback: no authenticated user → 401 `woocommerce_rest_cannot_view|create|edit|delete`;
 * 7. the handler. Parameters are looked up JSON body, then form body, then query, then route, then defaults.
 * Every answer carries WordPress' headers (`Link: <…/wp-json/>; rel="https://api.w.org/"`, X-Robots-Tag,
 * X-Content-Type-Options, Access-Control-Expose-Headers/Allow-Headers, `Allow`, and no-cache headers for
 * authenticated users) and a wp_json_encode()d body.
 */
import type { SandboxRequest, SandboxResponse } from '../core';
import { SandboxHttpError } from '../core';
import { keyPermissionError, WooCommerceAuthenticator } from './auth';
import type { WooCommerceApiKey } from './demo.constants';
import { parsePhpQuery, type PhpArray } from './oauth';
import { invalidParams, missingParams, sanitizeValue, validateValue, type SchemaProblem, type WpSchema } from './wp-schema';
import { wpError, wpResponse, WpRestError } from './wp-json';

export type RestPermission = 'list' | 'view' | 'create' | 'edit' | 'delete';

/** What a route handler gets. */
export type RestContext = {
  req: SandboxRequest;
  /** The effective method (after `_method` / X-HTTP-Method-Override). */
  method: string;
  /** The matched route, e.g. `/wc/v3/orders/727`. */
  route: string;
  /** Validated and sanitized parameter (JSON body, form body, query, route, default), or undefined. */
  param: (name: string) => unknown;
  /** PHP `isset($request[$name])`: the parameter has a non-null value (a default counts). */
  isset: (name: string) => boolean;
  /** The query parameters as received, decoded, in order (for pagination links). */
  queryPairs: ReadonlyArray<[string, string]>;
  /** `rest_url($path)`: this listener's URL + `/wp-json` + path. */
  restUrl: (path: string) => string;
  /** The site URL of the listener (`home_url()`), without trailing slash. */
  siteUrl: string;
  key: WooCommerceApiKey;
  /** Fires a WordPress action for webhooks (`do_action($hook, $arg)`, the argument being a resource id). */
  fire: (hook: string, arg: number) => void;
};

export type RestResult = { status?: number; body: unknown; headers?: Record<string, string> };

export type RestRoute = {
  /** Route regex source without anchors, e.g. `/wc/v3/orders/(?<id>\\d+)`. */
  pattern: string;
  method: string;
  args: Readonly<Record<string, WpSchema>>;
  permission: RestPermission;
  /**
   * Checks of the route's permission callback that run before the "is someone logged in" check (the customers
   * controller looks the user up first and answers 404 `wc_user_invalid_id` even to anonymous callers). Throw to fail.
   */
  beforePermission?: (param: (name: string) => unknown) => void;
  handler: (ctx: RestContext) => RestResult | Promise<RestResult>;
};

const PERMISSION_ERRORS: Record<RestPermission, [string, string]> = {
  list: ['woocommerce_rest_cannot_view', 'Sorry, you cannot list resources.'],
  view: ['woocommerce_rest_cannot_view', 'Sorry, you cannot view this resource.'],
  create: ['woocommerce_rest_cannot_create', 'Sorry, you are not allowed to create resources.'],
  edit: ['woocommerce_rest_cannot_edit', 'Sorry, you are not allowed to edit this resource.'],
  delete: ['woocommerce_rest_cannot_delete', 'Sorry, you are not allowed to delete this resource.'],
};

type Compiled = RestRoute & { regex: RegExp };

/** Hook firings of one request, handed to the webhook dispatcher when the request ends (WordPress' shutdown). */
export type FiredHooks = Array<{ hook: string; arg: number }>;

/** The WordPress REST dispatcher; register routes, then use `handle` as the sandbox's catch-all handler. */
export class WordPressRestServer {
  private readonly routes: Compiled[] = [];

  constructor(
    private readonly auth: WooCommerceAuthenticator,
    private readonly onFired: (fired: FiredHooks) => void,
    private readonly siteIndex: (siteUrl: string) => unknown,
  ) {}

  /** Registers a route (WordPress' register_rest_route with one method). */
  add(route: RestRoute): this {
    this.routes.push({ ...route, regex: new RegExp(`^${route.pattern}$`) });
    return this;
  }

  /** Serves one request (any path outside `/_sandbox`). */
  async handle(req: SandboxRequest): Promise<SandboxResponse> {
    const siteUrl = req.listenerUrl ?? '';
    const rawUrl = req.rawUrl ?? req.path;
    const get = toPlain(parsePhpQuery(rawUrl.includes('?') ? rawUrl.slice(rawUrl.indexOf('?') + 1) : '')) as Record<string, unknown>;
    const route = routeOf(req.path, get);
    if (route === undefined) return wpResponse(404, { code: 'rest_no_route', message: 'No route was found matching the URL and request method.', data: { status: 404 } });
    const override = typeof get['_method'] === 'string' ? get['_method'] : headerText(req.headers['x-http-method-override']);
    const method = (override || req.method).toUpperCase();
    const common: Record<string, string> = {
      'x-robots-tag': 'noindex',
      link: `<${siteUrl}/wp-json/>; rel="https://api.w.org/"`,
      'x-content-type-options': 'nosniff',
      'access-control-expose-headers': 'X-WP-Total, X-WP-TotalPages, Link',
      'access-control-allow-headers': 'Authorization, X-WP-Nonce, Content-Disposition, Content-MD5, Content-Type',
    };
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}): SandboxResponse => {
      const link = headers['link'] ? `${common['link'] ?? ''}, ${headers['link']}` : common['link'];
      return wpResponse(status, body, { ...common, ...headers, ...(link ? { link } : {}) });
    };
    const fail = (err: unknown): SandboxResponse => {
      if (err instanceof SandboxHttpError) return { status: err.status, body: err.body, headers: { ...common, ...err.headers } };
      throw err;
    };

    if (route === '/') return answer(200, this.siteIndex(siteUrl));
    const isWc = route.startsWith('/wc/') || route.startsWith('/wc-');
    const formBody = isForm(req) ? req.rawBody.toString('latin1') : undefined;
    const outcome = isWc
      ? this.auth.authenticate({ method: req.method, rawUrl, headers: req.headers, secure: req.secure === true, siteUrl, ...(formBody !== undefined ? { formBody } : {}) })
      : {};
    if (outcome.error) return fail(outcome.error);
    const key = outcome.key;
    if (key) {
      const denied = keyPermissionError(key, method);
      if (denied) return fail(denied);
      Object.assign(common, { expires: 'Wed, 11 Jan 1984 05:00:00 GMT', 'cache-control': 'no-cache, must-revalidate, max-age=0, no-store, private' });
    }

    const candidates = this.routes.filter((r) => r.regex.test(route));
    const match = candidates.find((r) => r.method === method);
    if (!match) return answer(404, { code: 'rest_no_route', message: 'No route was found matching the URL and request method.', data: { status: 404 } });
    common['allow'] = candidates.map((r) => r.method).join(', ');

    try {
      const urlParams = match.regex.exec(route)?.groups ?? {};
      const json = parseJsonBody(req);
      const post = formBody !== undefined ? (toPlain(parsePhpQuery(formBody)) as Record<string, unknown>) : {};
      const sources: Array<Record<string, unknown>> = [json, post, get, urlParams];
      const raw = (name: string): unknown => {
        for (const source of sources) if (Object.prototype.hasOwnProperty.call(source, name) && source[name] !== undefined) return source[name];
        return undefined;
      };
      const values = validateArgs(match.args, raw);
      match.beforePermission?.((name) => (values.has(name) ? values.get(name) : raw(name)));
      if (!key) {
        const [code, message] = PERMISSION_ERRORS[match.permission];
        throw wpError(code, message, 401);
      }
      const fired: FiredHooks = [];
      const ctx: RestContext = {
        req,
        method,
        route,
        param: (name) => (values.has(name) ? values.get(name) : raw(name)),
        isset: (name) => {
          const v = values.has(name) ? values.get(name) : raw(name);
          return v !== undefined && v !== null;
        },
        queryPairs: queryPairs(rawUrl),
        restUrl: (path) => `${siteUrl}/wp-json${path}`,
        siteUrl,
        key,
        fire: (hook, arg) => fired.push({ hook, arg }),
      };
      try {
        const result = await match.handler(ctx);
        return answer(result.status ?? 200, result.body, result.headers ?? {});
      } finally {
        if (fired.length > 0) this.onFired(fired);
      }
    } catch (err) {
      return fail(err);
    }
  }
}

/** Validates the route's arguments (required first, then schemas) and returns the sanitized values with defaults. */
function validateArgs(args: Readonly<Record<string, WpSchema>>, raw: (name: string) => unknown): Map<string, unknown> {
  const missing = Object.entries(args)
    .filter(([name, schema]) => schema.required === true && (raw(name) === undefined || raw(name) === null))
    .map(([name]) => name);
  if (missing.length > 0) throw missingParams(missing);
  const problems: Array<[string, SchemaProblem]> = [];
  const values = new Map<string, unknown>();
  for (const [name, schema] of Object.entries(args)) {
    const value = raw(name);
    if (value === undefined) {
      if (schema.default !== undefined) values.set(name, schema.default);
      continue;
    }
    if (value === null) continue;
    const problem = validateValue(value, schema, name);
    if (problem) problems.push([name, problem]);
    else values.set(name, sanitizeValue(value, schema));
  }
  if (problems.length > 0) throw invalidParams(problems);
  return values;
}

function routeOf(path: string, get: Record<string, unknown>): string | undefined {
  if ((path === '/' || path === '/index.php') && typeof get['rest_route'] === 'string') return trimRoute(get['rest_route']);
  if (path === '/wp-json' || path === '/wp-json/') return '/';
  if (!path.startsWith('/wp-json/')) return undefined;
  return trimRoute(decodeURIComponentSafe(path.slice('/wp-json'.length)));
}

function trimRoute(route: string): string {
  const trimmed = `/${route.replace(/^\/+/, '')}`.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function headerText(value: string | string[] | undefined): string {
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

function isForm(req: SandboxRequest): boolean {
  return headerText(req.headers['content-type']).toLowerCase().includes('application/x-www-form-urlencoded');
}

/** WP_REST_Request::parse_json_params(): the JSON body's object, or 400 `rest_invalid_json` when it does not parse. */
function parseJsonBody(req: SandboxRequest): Record<string, unknown> {
  const type = headerText(req.headers['content-type']).toLowerCase();
  if (!type.includes('application/json') || req.rawBody.length === 0) return {};
  try {
    const parsed = JSON.parse(req.rawBody.toString('utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    throw new WpRestError('rest_invalid_json', 'Invalid JSON body passed.', { status: 400, json_error_code: 4, json_error_message: 'Syntax error' });
  }
}

/** A PHP array from parse_str as plain JSON-like values (UTF-8 strings; sequential keys become arrays). */
function toPlain(value: PhpArray | string): unknown {
  if (typeof value === 'string') return Buffer.from(value, 'latin1').toString('utf8');
  const keys = [...value.keys()];
  const sequential = keys.every((k, i) => k === String(i));
  if (sequential && keys.length > 0) return [...value.values()].map(toPlain);
  const out: Record<string, unknown> = {};
  for (const [k, v] of value) out[Buffer.from(k, 'latin1').toString('utf8')] = toPlain(v);
  return out;
}

/** The decoded query pairs in order, as `$request->get_query_params()` gives them to add_query_arg(). */
function queryPairs(rawUrl: string): Array<[string, string]> {
  const q = rawUrl.indexOf('?');
  if (q < 0) return [];
  const pairs = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(rawUrl.slice(q + 1))) pairs.set(k, v);
  return [...pairs];
}
