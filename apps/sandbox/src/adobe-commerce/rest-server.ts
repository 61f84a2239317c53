/**
 * The front controller of both flavours (Magento\Webapi\Controller\Rest and its PathProcessor, Router,
 * RequestValidator; the Adobe I/O gateway for SaaS), in Commerce's order:
 * 1. PaaS `/rest/<store code>/V1/…`: a known store view code selects the store, `all` the admin store (global scope
 *    for writes), anything else is part of the path (`/rest/V1/…` = default store; `/rest/nosuch/V1/…` matches no
 *    route). SaaS `/<tenant id>/V1/…` with the store view from the `Store` header (default `default`); its gateway
 *    authenticates BEFORE any route is matched.
 * 2. the webapi.xml route by method and path, else 404 "Request does not match any route.";
 * 3. PaaS: the caller (auth.ts; OAuth errors answer here), then the route's ACL resource (401 "The consumer isn't
 *    authorized to access %resources.");
 * 4. the JSON body (400 "Decoding error." when it does not parse), the handler, then the synchronous after-webhooks
 *    of what the handler saved (webhook-dispatcher.service.ts) — so the answer waits for them, as Commerce's does;
 * 5. the answer as PHP json_encode() writes it: `/` escaped as `\/`, non-ASCII as `\uXXXX`. Records are stored without
 *    the null values Commerce's output leaves out (the tutorial's payment keeps `account_status: null`, so do we).
 */
import { randomBytes } from 'node:crypto';
import type { SandboxRequest, SandboxResponse } from '../core';
import { SandboxHttpError } from '../core';
import { isAllowed } from './acl';
import type { AdobeCommerceAuthenticator, Principal } from './auth';
import type { AdobeCommerceStoreView } from './demo.constants';
import { magentoError, noRoute, notAuthorized } from './errors';
import type { AdobeCommerceState, Json } from './state';

export type Flavour = 'paas' | 'saas';

/** A save that fires after-webhooks: the event name (`sales_order_save_after`) and its `data` arguments. */
export type SavedEvent = { eventName: string; data: Json };

export type RouteContext = {
  req: SandboxRequest;
  flavour: Flavour;
  principal: Principal;
  /** The store view (`admin` for `/rest/all/`). */
  store: AdobeCommerceStoreView;
  params: Record<string, string>;
  /** The decoded JSON body (undefined when empty). */
  body: unknown;
  /** Records a save whose after-webhooks run before the answer. */
  saved: (event: SavedEvent) => void;
};

export type RouteHandler = (ctx: RouteContext) => unknown;
type Route = { method: string; pattern: RegExp; names: string[]; resources: readonly string[]; flavours: readonly Flavour[]; handler: RouteHandler; isWebhookRoute: boolean };

export type RestServerOptions = {
  state: AdobeCommerceState;
  auth: AdobeCommerceAuthenticator;
  stores: readonly AdobeCommerceStoreView[];
  flavours: readonly Flavour[];
  tenantId: string;
  /** Runs the after-webhooks of the saves of one request; resolves with an error body when a required hook failed. */
  runWebhooks: (events: SavedEvent[]) => Promise<{ status: number; body: unknown } | undefined>;
  /** Other top-level routes (the IMS token endpoint). */
  extra: (req: SandboxRequest) => SandboxResponse | undefined;
};

/** PHP json_encode() without flags. */
export function phpJsonEncode(value: unknown): string {
  return JSON.stringify(value).replace(/\//g, '\\/').replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export class CommerceRestServer {
  private readonly routes: Route[] = [];

  constructor(private readonly options: RestServerOptions) {}

  /** Registers a webapi.xml route: path under `/V1`, `:name` segments, its ACL resources. */
  add(method: string, path: string, resources: readonly string[], handler: RouteHandler, extra: { flavours?: readonly Flavour[] } = {}): this {
    const names: string[] = [];
    const source = path
      .split('/')
      .map((s) => {
        if (s.startsWith(':')) {
          names.push(s.slice(1));
          return '([^/]+)';
        }
        return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    this.routes.push({ method, pattern: new RegExp(`^${source}/?$`), names, resources, flavours: extra.flavours ?? ['paas', 'saas'], handler, isWebhookRoute: path.startsWith('/V1/webhooks/') });
    return this;
  }

  async handle(req: SandboxRequest): Promise<SandboxResponse> {
    try {
      const extra = this.options.extra(req);
      if (extra) return extra;
      const target = this.resolve(req);
      if (!target) return { status: 404, headers: { 'content-type': 'text/html; charset=UTF-8' }, body: '<!doctype html><title>404 Not Found</title><h1>404 Not Found</h1>' };
      return await this.dispatch(req, target);
    } catch (err) {
      if (err instanceof SandboxHttpError) return this.json(err.status, err.body, err.headers);
      throw err;
    }
  }

  private resolve(req: SandboxRequest): { flavour: Flavour; path: string; store: AdobeCommerceStoreView } | undefined {
    const stores = this.options.stores;
    const byCode = (code: string): AdobeCommerceStoreView | undefined => stores.find((s) => s.code === code);
    const fallback = byCode('default') ?? stores[0];
    if (!fallback) return undefined;
    if (this.options.flavours.includes('paas') && req.path.startsWith('/rest/')) {
      const parts = req.path.slice('/rest/'.length).split('/');
      const code = parts[0] ?? '';
      if (code === 'all') return { flavour: 'paas', path: `/${parts.slice(1).join('/')}`, store: byCode('admin') ?? fallback };
      const store = code !== 'admin' ? byCode(code) : undefined;
      if (store) return { flavour: 'paas', path: `/${parts.slice(1).join('/')}`, store };
      return { flavour: 'paas', path: `/${parts.join('/')}`, store: fallback };
    }
    const tenantPrefix = `/${this.options.tenantId}/`;
    if (this.options.flavours.includes('saas') && req.path.startsWith(tenantPrefix)) {
      const storeHeader = req.headers['store'];
      const code = (Array.isArray(storeHeader) ? storeHeader[0] : storeHeader) ?? 'default';
      const store = code === 'all' ? byCode('admin') : code !== 'admin' ? byCode(code) : undefined;
      if (!store) throw magentoError(404, "The store that was requested wasn't found. Verify the store and try again.");
      return { flavour: 'saas', path: `/${req.path.slice(tenantPrefix.length)}`, store };
    }
    return undefined;
  }

  private async dispatch(req: SandboxRequest, target: { flavour: Flavour; path: string; store: AdobeCommerceStoreView }): Promise<SandboxResponse> {
    const saasPrincipal = target.flavour === 'saas' ? this.options.auth.saas(req) : undefined;
    const found = this.match(req.method, target.path, target.flavour);
    if (!found) throw noRoute();
    const { route, params } = found;
    const principal = saasPrincipal ?? this.options.auth.paas(req);
    if (!isAllowed(principal.resources, route.resources)) throw notAuthorized(route.resources);
    let body: unknown;
    const text = req.rawBody.toString('utf8');
    if (text.trim() !== '' && req.method !== 'GET') {
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        throw magentoError(400, 'Decoding error.');
      }
    }
    const events: SavedEvent[] = [];
    const result = route.handler({ req, flavour: target.flavour, principal, store: target.store, params, body, saved: (e) => events.push(e) });
    if (events.length > 0) {
      const failure = await this.options.runWebhooks(events);
      if (failure) return this.json(failure.status, failure.body);
    }
    return this.json(200, result);
  }

  private match(method: string, path: string, flavour: Flavour): { route: Route; params: Record<string, string> } | undefined {
    for (const route of this.routes) {
      if (route.method !== method || !route.flavours.includes(flavour)) continue;
      if (route.isWebhookRoute && !this.options.state.settings.isWebhookModuleEnabled) continue;
      const m = route.pattern.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        try {
          params[name] = decodeURIComponent(m[i + 1] ?? '');
        } catch {
          params[name] = m[i + 1] ?? '';
        }
      });
      return { route, params };
    }
    return undefined;
  }

  private json(status: number, body: unknown, headers: Record<string, string> = {}): SandboxResponse {
    return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: phpJsonEncode(body) };
  }
}

/** A report id for masked internal errors (`webapi-<hex>`). */
export function reportId(): string {
  return randomBytes(7).toString('hex');
}
