/**
 * Maps Adobe Commerce (Magento 2) Web API error answers to typed connector errors.
 *
 * The body is `error-response` of the official schema (admin-schema-2.4.9.yaml / accs-schema.saas.yaml
 * `definitions.error-response`): `{message, parameters?, errors?: [{message, parameters}], code?, trace?}`. `message`
 * is an untranslated Magento `Phrase` whose placeholders are rendered here exactly as
 * `Magento\Framework\Phrase\Renderer\Placeholder::render()` does: `strtr($text, ['%' . key => value])` where an
 * integer key `i` becomes `%<i+1>` (a JSON array → `%1`, `%2`, …) and a string key `k` becomes `%k`
 * (`%fieldName`, `%resources`); `strtr` replaces the longest placeholder first and never re-scans a replacement.
 * `trace` (developer mode only) is never kept.
 *
 * Well-known answers (Magento\Webapi\Controller\Rest\RequestValidator::checkPermissions and the repositories):
 * - 401 `The consumer isn't authorized to access %resources.` with `{resources: "Magento_Sales::actions_view"}`:
 *   the integration (or IMS technical account role) lacks that ACL resource → `AdobeCommerceAclError`;
 * - 401 `The request is not authorized …`/`Consumer key has expired`/`The signature is invalid …`: credentials;
 * - 404 `The entity that was requested doesn't exist. …`, `No such entity with %fieldName = %fieldValue`:
 *   → ConnectorNotFoundError; 404 `Request does not match any route.`: wrong base URL or module missing.
 */
import { z } from 'zod';
import { ConnectorAuthError, errorForStatus, type ErrorMapper, type FieldError } from '../core';

export const ADOBE_COMMERCE_SYSTEM = 'adobe-commerce';

const PARAMETERS = z.union([z.array(z.unknown()), z.record(z.unknown())]);
const ERROR_BODY = z
  .object({
    message: z.string(),
    parameters: PARAMETERS.optional().nullable(),
    errors: z.array(z.object({ message: z.string(), parameters: PARAMETERS.optional().nullable() }).passthrough()).optional().nullable(),
  })
  .passthrough();

/** Magento's `Phrase` arguments as they arrive in JSON: a list (`%1`, `%2`…) or a map (`%name`). */
export type MagentoPhraseParameters = readonly unknown[] | Readonly<Record<string, unknown>>;

/**
 * Renders a Magento phrase with its parameters, exactly like `Phrase\Renderer\Placeholder::render()` (see the file
 * header). Non-string values are rendered as PHP would cast scalars (`true` → `1`, `null` → ``); objects as JSON.
 * @example renderMagentoPhrase('No such entity with %fieldName = %fieldValue', {fieldName: 'customerId', fieldValue: 7})
 *   // → 'No such entity with customerId = 7'
 */
export function renderMagentoPhrase(text: string, parameters: MagentoPhraseParameters | null | undefined): string {
  if (!parameters) return text;
  const entries: [string, string][] = Array.isArray(parameters)
    ? parameters.map((v, i): [string, string] => [`%${i + 1}`, phpString(v)])
    : Object.entries(parameters).map(([k, v]): [string, string] => [/^\d+$/.test(k) ? `%${Number(k) + 1}` : `%${k}`, phpString(v)]);
  if (entries.length === 0) return text;
  const pairs = new Map(entries);
  const lengths = [...new Set(entries.map(([k]) => k.length))].sort((a, b) => b - a);
  let out = '';
  for (let i = 0; i < text.length; ) {
    let replaced = false;
    if (text[i] === '%') {
      for (const len of lengths) {
        const value = pairs.get(text.slice(i, i + len));
        if (value !== undefined) {
          out += value;
          i += len;
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) {
      out += text[i] ?? '';
      i += 1;
    }
  }
  return out;
}

function phpString(v: unknown): string {
  if (v === null || v === undefined || v === false) return '';
  if (v === true) return '1';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

/** Whitelisted parts of an error body: the rendered messages, the ACL resources a 401 names, field errors. */
export type AdobeCommerceErrorDetail = {
  /** `message` rendered, then every `errors[].message` rendered, joined by `; `. */
  message: string | undefined;
  /** ACL resources named by `The consumer isn't authorized to access %resources.` (comma-separated in Magento). */
  missingAclResources: string[];
  fieldErrors: FieldError[];
};

/** Extracts the whitelisted detail of an error body (anything else, `trace` included, is dropped). */
export function readAdobeCommerceErrorBody(body: unknown): AdobeCommerceErrorDetail {
  const parsed = ERROR_BODY.safeParse(body);
  if (!parsed.success) return { message: typeof body === 'string' && body.length < 300 ? body : undefined, missingAclResources: [], fieldErrors: [] };
  const { message, parameters, errors } = parsed.data;
  const all = [{ message, parameters }, ...(errors ?? [])];
  const rendered = all.map((e) => renderMagentoPhrase(e.message, e.parameters));
  const missingAclResources: string[] = [];
  const fieldErrors: FieldError[] = [];
  for (const e of all) {
    const params = e.parameters && !Array.isArray(e.parameters) ? e.parameters : undefined;
    if (/%resources/.test(e.message) && typeof params?.['resources'] === 'string') {
      missingAclResources.push(...params['resources'].split(',').map((s) => s.trim()).filter((s) => s.length > 0));
    }
    const field = params?.['fieldName'];
    if (typeof field === 'string') fieldErrors.push({ field, message: renderMagentoPhrase(e.message, e.parameters) });
  }
  const unique = [...new Set(rendered)];
  return { message: unique.join('; '), missingAclResources: [...new Set(missingAclResources)], fieldErrors };
}

/** 401 naming the ACL resources the integration (or IMS role) lacks; `missingAclResources` lists them. */
export class AdobeCommerceAclError extends ConnectorAuthError {
  readonly missingAclResources: readonly string[];
  constructor(init: ConstructorParameters<typeof ConnectorAuthError>[0] & { missingAclResources: readonly string[] }) {
    super({ ...init, code: 'forbidden' });
    this.missingAclResources = init.missingAclResources;
  }
}

/**
 * The Adobe Commerce `ErrorMapper`: core `errorForStatus` (400 validation, 401 auth, 404 not found, 5xx transient…)
 * with the rendered Magento message as `providerMessage`, and a 401 that names ACL resources mapped to
 * `AdobeCommerceAclError` (code `forbidden`: the credentials are valid, a permission is missing).
 */
export const adobeCommerceErrorMapper: ErrorMapper = (ctx) => {
  const detail = readAdobeCommerceErrorBody(ctx.body);
  if ((ctx.status === 401 || ctx.status === 403) && detail.missingAclResources.length > 0) {
    return new AdobeCommerceAclError({
      system: ctx.system,
      status: ctx.status,
      requestId: ctx.requestId,
      providerMessage: detail.message,
      missingAclResources: detail.missingAclResources,
      message: `${ctx.method} ${ctx.path} answered ${ctx.status}: ACL resource ${detail.missingAclResources.join(', ')} is not granted to the integration`,
    });
  }
  return errorForStatus(ctx, { providerMessage: detail.message, fieldErrors: detail.fieldErrors });
};
