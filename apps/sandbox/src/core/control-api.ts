import { FaultRuleError, validateFaultRule, type FaultInjector } from './faults';
import { SandboxHttpError, type SandboxResponse } from './http-types';
import type { RequestLog } from './request-log';

export type ControlDeps = {
  name: string;
  faults: FaultInjector;
  log: RequestLog;
  onReset?: () => void | Promise<void>;
};

/** A 400 of the control API: `{message, field}` naming the offending field or query parameter. */
export function controlBadRequest(field: string, message: string): SandboxHttpError {
  return new SandboxHttpError(400, { message, field });
}

/**
 * Reads the cursor parameters of a control-API log read: `after` (integer ≥ 0, default 0) and `limit`
 * (integer ≥ 1, default: no limit). Throws a 400 `controlBadRequest` naming the parameter when malformed.
 */
export function readCursorQuery(query: URLSearchParams): { after: number; limit?: number } {
  const int = (name: string, min: number): number | undefined => {
    const raw = query.get(name);
    if (raw === null || raw === '') return undefined;
    if (!/^\d+$/.test(raw) || Number(raw) < min || !Number.isSafeInteger(Number(raw))) {
      throw controlBadRequest(name, `${name} must be an integer ≥ ${min}, got '${raw}'`);
    }
    return Number(raw);
  };
  const limit = int('limit', 1);
  return { after: int('after', 0) ?? 0, ...(limit !== undefined ? { limit } : {}) };
}

/**
 * The core control API every sandbox serves (shapes in apps/sandbox/README.md):
 * - `GET /_sandbox` → `{name, faults, lastRequestSeq}`
 * - `POST /_sandbox/faults` FaultRule → 201 `{fault, faults}`; 400 `{message, field}` when invalid
 * - `GET /_sandbox/faults` → `{faults}`; `DELETE /_sandbox/faults` → 204; `DELETE /_sandbox/faults/:id` → 204 / 404
 * - `GET /_sandbox/requests?after=&limit=&method=&pathContains=` → `{requests, next, truncated?}`
 * - `DELETE /_sandbox/requests` → 204
 * - `POST /_sandbox/reset` → 204 (seed restored, faults and log cleared)
 * Returns undefined for any other path, so the sandbox's own control routes can answer it.
 */
export async function controlRoute(deps: ControlDeps, method: string, path: string, query: URLSearchParams, rawBody: Buffer): Promise<SandboxResponse | undefined> {
  const { faults, log } = deps;
  try {
    if (path === '/_sandbox' && method === 'GET') return { status: 200, body: { name: deps.name, faults: faults.list(), lastRequestSeq: log.lastSeq } };
    if (path === '/_sandbox/faults' && method === 'POST') {
      let input: unknown;
      try {
        input = JSON.parse(rawBody.toString('utf8')) as unknown;
      } catch {
        throw controlBadRequest('body', 'the body must be a JSON fault rule');
      }
      try {
        const fault = faults.arm(validateFaultRule(input));
        return { status: 201, body: { fault, faults: faults.list() } };
      } catch (err) {
        if (err instanceof FaultRuleError) throw controlBadRequest(err.field, err.message);
        throw err;
      }
    }
    if (path === '/_sandbox/faults' && method === 'GET') return { status: 200, body: { faults: faults.list() } };
    if (path === '/_sandbox/faults' && method === 'DELETE') {
      faults.clear();
      return { status: 204 };
    }
    const one = /^\/_sandbox\/faults\/(\d+)$/.exec(path);
    if (one && method === 'DELETE') {
      return faults.disarm(Number(one[1])) ? { status: 204 } : { status: 404, body: { message: `no armed fault ${one[1] ?? ''}` } };
    }
    if (path === '/_sandbox/requests' && method === 'GET') {
      const cursor = readCursorQuery(query);
      const m = query.get('method');
      const p = query.get('pathContains');
      const page = log.read({ ...cursor, ...(m ? { method: m } : {}), ...(p ? { pathContains: p } : {}) });
      return { status: 200, body: { requests: page.requests, next: page.next, ...(page.truncated ? { truncated: true } : {}) } };
    }
    if (path === '/_sandbox/requests' && method === 'DELETE') {
      log.clear();
      return { status: 204 };
    }
    if (path === '/_sandbox/reset' && method === 'POST') {
      faults.clear();
      log.clear();
      await deps.onReset?.();
      return { status: 204 };
    }
    return undefined;
  } catch (err) {
    if (err instanceof SandboxHttpError) return { status: err.status, body: err.body, headers: err.headers };
    throw err;
  }
}
