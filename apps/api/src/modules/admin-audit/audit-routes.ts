import { type ExecutionContext, Injectable, type OnApplicationBootstrap, RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { IS_PUBLIC_KEY } from '../../common/auth.decorators';
import { AUDIT_ACTION_KEY, AUDIT_EXEMPT_KEY, type AuditActionMeta } from './audit-action.decorator';

/** Methods that change something (RFC 9110 §9.2.1: everything but the safe ones): the ones the audit log records. */
export const UNSAFE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** How one handler is recorded: its action name(s), target and body fields, or why it is exempt. */
export type AuditMeta = {
  action: string;
  failedAction: string;
  target: string | undefined;
  targetParam: string;
  fields: readonly string[] | false | undefined;
  actorFromAnswer: boolean;
  /** Why the route is left out of the log (`@AuditExempt`), or undefined when it is recorded. */
  exempt: string | undefined;
  /** True when `@AuditAction` names it; false for a name derived from the controller and handler. */
  isNamed: boolean;
  /** `@Public()`: reachable without a session (sign-in, accepting an invite), so recorded without a signed-in actor too. */
  isPublic: boolean;
};

/** One unsafe route of the application as the audit log sees it. */
export type AuditRoute = AuditMeta & { method: string; path: string; controller: string; handler: string };

const kebab = (name: string): string =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();

/** `ConnectionsController` + `registerWebhooks` → `connections.register-webhooks`: the name of an undecorated route. */
export function deriveAction(controllerName: string, handlerName: string): string {
  return `${kebab(controllerName.replace(/Controller$/, '')) || 'app'}.${kebab(handlerName)}`;
}

/** The audit description of a handler, from its `@AuditAction` / `@AuditExempt` or derived from its names. */
export function auditMetaOf(reflector: Reflector, controller: Type<unknown>, handler: ReturnType<ExecutionContext['getHandler']>): AuditMeta {
  const named = reflector.get<AuditActionMeta | undefined>(AUDIT_ACTION_KEY, handler);
  const exempt = reflector.get<string | undefined>(AUDIT_EXEMPT_KEY, handler);
  const action = named?.action ?? deriveAction(controller.name, handler.name);
  return {
    action,
    failedAction: named?.failedAction ?? action,
    target: named?.target,
    targetParam: named?.targetParam ?? 'id',
    fields: named?.fields,
    actorFromAnswer: named?.actorFromAnswer ?? false,
    exempt,
    isNamed: named !== undefined,
    isPublic: reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, [handler, controller]) ?? false,
  };
}

function paths(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return [typeof value === 'string' ? value : '/'];
}

/** `api/connections` + `:id/ping` → `/api/connections/:id/ping` (how Nest joins them for Express). */
function joinPath(prefix: string, path: string): string {
  const parts = [prefix, path].map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean);
  return `/${parts.join('/')}`;
}

/**
 * Every unsafe route of the Nest application with its audit description, found once at start from the controllers'
 * metadata (DiscoveryService). The interceptor reads a handler's description directly; this table serves requests
 * refused before the interceptor runs (a guard's 401/403, a CSRF failure, the sign-in throttle), looked up by
 * Express's matched route pattern, and the audit-coverage test, which checks it against Express's own route list.
 */
@Injectable()
export class AuditRouteTable implements OnApplicationBootstrap {
  private routes: AuditRoute[] = [];
  private readonly byKey = new Map<string, AuditRoute>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    const routes: AuditRoute[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const controller = wrapper.metatype as Type<unknown> | undefined;
      const instance = wrapper.instance as object | undefined;
      if (!controller || !instance) continue;
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name] as ReturnType<ExecutionContext['getHandler']>;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const verb = RequestMethod[method];
        if (!UNSAFE_METHODS.has(verb)) continue;
        const meta = auditMetaOf(this.reflector, controller, handler);
        for (const prefix of paths(Reflect.getMetadata(PATH_METADATA, controller))) {
          for (const path of paths(Reflect.getMetadata(PATH_METADATA, handler))) {
            routes.push({ ...meta, method: verb, path: joinPath(prefix, path), controller: controller.name, handler: name });
          }
        }
      }
    }
    this.routes = routes;
    this.byKey.clear();
    for (const route of routes) this.byKey.set(`${route.method} ${route.path}`, route);
  }

  /** Every unsafe route, in controller order. */
  all(): readonly AuditRoute[] {
    return this.routes;
  }

  /** The route Express matched (`req.route.path`) for this method, or undefined. */
  find(method: string, path: string): AuditRoute | undefined {
    return this.byKey.get(`${method} ${path}`);
  }
}
