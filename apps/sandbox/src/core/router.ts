import type { SandboxHandler } from './http-types';

type Route = { method: string; pattern: RegExp; names: string[]; handler: SandboxHandler };

/**
 * Minimal method + path router. Patterns use `:name` segments (`/stores/:storeHash/v2/orders/:id`).
 * Matching is case-sensitive on path segments, as the real APIs are.
 */
export class SandboxRouter {
  private readonly routes: Route[] = [];

  add(method: string, path: string, handler: SandboxHandler): this {
    const names: string[] = [];
    const source = path
      .split('/')
      .map((segment) => {
        if (segment.startsWith(':')) {
          names.push(segment.slice(1));
          return '([^/]+)';
        }
        return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    this.routes.push({ method: method.toUpperCase(), pattern: new RegExp(`^${source}/?$`), names, handler });
    return this;
  }

  /** Finds the handler for a request; `methodNotAllowed` is true when only the method is wrong. */
  match(method: string, path: string): { handler: SandboxHandler; params: Record<string, string> } | { methodNotAllowed: boolean } {
    let pathMatched = false;
    for (const route of this.routes) {
      const m = route.pattern.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== method.toUpperCase()) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1] ?? '');
      });
      return { handler: route.handler, params };
    }
    return { methodNotAllowed: pathMatched };
  }
}
