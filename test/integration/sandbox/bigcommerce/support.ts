import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { BIGCOMMERCE_DEMO, type RunningBigCommerceSandbox } from '../../../../apps/sandbox/src/bigcommerce';
import callbackSchemas from '../../../fixtures/bigcommerce/webhook-callbacks/callback.schemas.json';
import customersV3 from '../../../fixtures/bigcommerce/customers.v3.schemas.json';
import ordersV2 from '../../../fixtures/bigcommerce/orders.v2.schemas.json';
import ordersV3 from '../../../fixtures/bigcommerce/orders.v3.schemas.json';
import webhooksV3 from '../../../fixtures/bigcommerce/webhooks.v3.schemas.json';

export type ApiResult = { status: number; headers: Headers; body: unknown; text: string };

/** Calls the sandbox store over real HTTP with the demo token (or `token: null` for none). */
export async function api(
  sandbox: RunningBigCommerceSandbox,
  method: string,
  path: string,
  options: { body?: unknown; token?: string | null; storeHash?: string } = {},
): Promise<ApiResult> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = options.token === undefined ? BIGCOMMERCE_DEMO.accessToken : options.token;
  if (token !== null) headers['x-auth-token'] = token;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const base = options.storeHash ? `${sandbox.url}/stores/${options.storeHash}` : sandbox.storeUrl;
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: text ? (JSON.parse(text) as unknown) : undefined };
}

const SPECS = { 'orders.v2': ordersV2, 'orders.v3': ordersV3, 'customers.v3': customersV3, 'webhooks.v3': webhooksV3 } as const;
export type SpecName = keyof typeof SPECS;

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
for (const format of ['float', 'double', 'int32', 'int64', 'ISO-4217', 'url']) ajv.addFormat(format, true);
for (const [name, doc] of Object.entries(SPECS)) ajv.addSchema(toJsonSchema(structuredClone(doc)), name);
const compiled = new Map<string, ValidateFunction>();

/**
 * OpenAPI 3.0 writes `exclusiveMaximum: true` + `maximum: n` (draft-04 style); ajv (draft-07) wants the
 * number. Converts in place on a clone; everything else of the official schema is used as is.
 */
function toJsonSchema(node: unknown): object {
  if (Array.isArray(node)) node.forEach(toJsonSchema);
  else if (typeof node === 'object' && node !== null) {
    const o = node as Record<string, unknown>;
    for (const [flag, bound] of [['exclusiveMaximum', 'maximum'], ['exclusiveMinimum', 'minimum']] as const) {
      if (typeof o[flag] === 'boolean') {
        if (o[flag] === true) o[flag] = o[bound];
        else delete o[flag];
        if (o[flag] !== undefined) delete o[bound];
      }
    }
    Object.values(o).forEach(toJsonSchema);
  }
  return node as object;
}

/**
 * Validates a value against an official schema: `ref` is `components/schemas/<Name>` or
 * `responses/<Name>` of the fixture subset (test/fixtures/bigcommerce/*.schemas.json). Returns the
 * ajv errors as text ('' when valid) so a failing expect prints them.
 */
export function schemaErrors(spec: SpecName, ref: string, value: unknown): string {
  const key = `${spec}#/${ref}`;
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile({ $ref: key });
    compiled.set(key, validate);
  }
  return validate(value) ? '' : ajv.errorsText(validate.errors, { separator: '\n' });
}

/** Validates a delivered webhook payload against the official callback schema of its scope. */
export function callbackErrors(scopeFile: keyof typeof callbackSchemas.schemas, scope: string, payload: unknown): string {
  const schema = (callbackSchemas.schemas[scopeFile] as { properties: Record<string, object> }).properties[scope];
  if (!schema) return `no callback schema for ${scope}`;
  const validate = ajv.compile(schema);
  return validate(payload) ? '' : ajv.errorsText(validate.errors, { separator: '\n' });
}

export type ReceivedWebhook = { headers: IncomingHttpHeaders; rawBody: string; body: Record<string, unknown> };

/** A webhook destination on 127.0.0.1:0 that records every call and answers with `statusFor(n)` (n from 1). */
export async function startReceiver(statusFor: (n: number) => number = () => 200): Promise<{ url: string; received: ReceivedWebhook[]; close(): Promise<void> }> {
  const received: ReceivedWebhook[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      received.push({ headers: req.headers, rawBody, body: JSON.parse(rawBody) as Record<string, unknown> });
      res.statusCode = statusFor(received.length);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Integer cents of a decimal string / number with at most 4 decimals (test-side, independent of the sandbox code). */
export function toTenThousandths(value: string | number): number {
  const [whole = '0', fraction = ''] = String(value).split('.');
  return Number(whole) * 10_000 + Number(fraction.padEnd(4, '0').slice(0, 4));
}

/** Formats 1/10000 units as a 4-decimal string (test-side). */
export function fmt4(units: number): string {
  return `${Math.floor(units / 10_000)}.${String(units % 10_000).padStart(4, '0')}`;
}
