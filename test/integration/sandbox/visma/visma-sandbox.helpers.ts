import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { request } from 'undici';
import { VISMA_DEMO } from '../../../../apps/sandbox/src/visma';

/** A plain HTTP answer: status, lower-cased headers, raw text and parsed JSON (undefined when empty/not JSON). */
export type HttpAnswer = { status: number; headers: Record<string, string>; text: string; json: unknown };

/** One HTTP call with undici; the body is always consumed. */
export async function http(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  init: { headers?: Record<string, string>; json?: unknown; form?: Record<string, string> } = {},
): Promise<HttpAnswer> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  let body: string | undefined;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  } else if (init.form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  }
  const res = await request(url, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.body.text();
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(', ') : v;
  let json: unknown;
  try {
    json = text.length > 0 ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: flat, text, json };
}

export type TokenRequest = { clientId?: string; clientSecret?: string; tenantId?: string; scope?: string };

/** `POST /connect/token` with form-encoded client credentials (demo client and Norwegian tenant by default). */
export async function requestToken(baseUrl: string, req: TokenRequest = {}): Promise<HttpAnswer> {
  const form: Record<string, string> = {
    grant_type: 'client_credentials',
    client_id: req.clientId ?? VISMA_DEMO.clientId,
    client_secret: req.clientSecret ?? VISMA_DEMO.clientSecret,
    tenant_id: req.tenantId ?? VISMA_DEMO.companies.norway.tenantId,
  };
  if (req.scope !== undefined) form['scope'] = req.scope;
  return http('POST', `${baseUrl}/connect/token`, { form });
}

/** An access token, or a thrown error when the token endpoint refuses. */
export async function accessToken(baseUrl: string, req: TokenRequest = {}): Promise<string> {
  const answer = await requestToken(baseUrl, req);
  if (answer.status !== 200) throw new Error(`token endpoint answered ${answer.status}: ${answer.text}`);
  return (answer.json as { access_token: string }).access_token;
}

/** A controllable epoch-ms clock for token expiry and rate windows (no sleeps). */
export function fakeClock(startIso = '2025-03-10T10:00:00.000Z'): { now: () => number; advance: (ms: number) => void } {
  let current = Date.parse(startIso);
  return { now: () => current, advance: (ms) => (current += ms) };
}

type JsonSchema = Record<string, unknown>;

/**
 * Converts an OpenAPI 3.0 schema to JSON Schema for ajv: `nullable: true` widens `type` with "null";
 * `#/components/schemas/X` refs stay valid because all schemas are registered in one document. Objects with
 * `properties` get `additionalProperties: false`, so a sandbox field the official DTO does not declare fails.
 */
function convert(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(convert);
  if (typeof node !== 'object' || node === null) return node;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(node as JsonSchema)) out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as JsonSchema).map(([p, s]) => [p, convert(s)])) : convert(v);
  if (out['nullable'] === true && typeof out['type'] === 'string') out['type'] = [out['type'], 'null'];
  delete out['nullable'];
  if (out['properties'] !== undefined && out['additionalProperties'] === undefined) out['additionalProperties'] = false;
  return out;
}

const SUBSET_PATH = join(__dirname, '../../../fixtures/visma/erp-api.schemas-subset.json');

/** Validates JSON bodies against the official component schemas copied into test/fixtures/visma. */
export class VismaSchemaValidator {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly cache = new Map<string, ValidateFunction>();

  /**
   * @param options.dateTime `rfc3339` (default): `date-time` needs an offset (ajv-formats). `offset-optional`: also
   *   accepts `yyyy-MM-ddTHH:mm:ss[.fff]` without one — the business dates libs/mapping sends in request DTOs (Visma's
   *   .NET DateTime reads them as unspecified-kind; the spec's `date-time` is Swashbuckle's name for DateTime).
   */
  constructor(options: { dateTime?: 'rfc3339' | 'offset-optional' } = {}) {
    addFormats(this.ajv);
    if (options.dateTime === 'offset-optional') {
      this.ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})?$/i);
    }
    for (const f of ['int32', 'int64']) this.ajv.addFormat(f, { type: 'number', validate: (n: number) => Number.isInteger(n) });
    for (const f of ['double', 'float']) this.ajv.addFormat(f, { type: 'number', validate: (n: number) => Number.isFinite(n) });
    const subset = JSON.parse(readFileSync(SUBSET_PATH, 'utf8')) as { components: { schemas: JsonSchema } };
    this.ajv.addSchema({ $id: 'visma-erp', components: { schemas: convert(subset.components.schemas) } });
  }

  /** Error texts of `data` against component schema `name` (empty when valid). */
  errors(name: string, data: unknown): string[] {
    let validate = this.cache.get(name);
    if (!validate) {
      validate = this.ajv.getSchema(`visma-erp#/components/schemas/${name}`);
      if (!validate) throw new Error(`schema ${name} is not in the subset`);
      this.cache.set(name, validate);
    }
    if (validate(data)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  }

  /** Errors of every item of a JSON array (an error when `data` is not an array). */
  listErrors(name: string, data: unknown): string[] {
    if (!Array.isArray(data)) return ['body is not an array'];
    return data.flatMap((item, i) => this.errors(name, item).map((e) => `[${i}] ${e}`));
  }
}

/** The Visma exception body keys (README "Error bodies"). */
export const VISMA_EXCEPTION_KEYS = ['ExceptionDetails', 'ExceptionFaultCode', 'ExceptionMessage', 'ExceptionMessageID', 'ExceptionType'];
