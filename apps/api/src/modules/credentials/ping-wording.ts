import { skipRemaining, type PingReport, type PingStep } from '@mlc/connectors';

/**
 * A ping report in the product's words only (issue 19): what a remote host says (an error body, a provider message,
 * an error's text with our request line, internal network codes) never reaches the dashboard or the stored report,
 * where a hostile host could plant text for the admin to read. Steps whose hint a connector builds from such text are
 * given a fixed sentence by their code; the HTTP status of a vendor is kept where it helps. Data a ping reads on
 * purpose (a company or store name, versions) stays, stripped of control characters and cut to a sane length.
 */

/** Fixed sentences by step code, for the codes whose connector hint embeds remote or internal text. */
const WORDING: Readonly<Record<string, string>> = {
  network_error: 'The host could not be reached: the connection failed. Check the address, the network and any firewall.',
  unreachable: 'The host could not be reached. Check the endpoint and the network, then try again.',
  probe_failed: 'A check could not be completed: the system gave an unexpected answer. Try again, or check the connection’s settings.',
  company_info_failed: 'Reading the company’s details failed: the system gave an unexpected answer.',
  store_info_failed: 'Reading the store information failed: the system gave an unexpected answer.',
  token_failed: 'The token request failed: the token service gave an unexpected answer.',
  stores_unknown: 'The stores could not be checked: the system gave an unexpected answer.',
  write_unknown: 'Write permission could not be checked: the shop gave an unexpected answer.',
  product_attributes_unknown: 'The product attributes could not be checked: the store gave an unexpected answer.',
  keys_rejected: 'The credentials were rejected (401). Paste the consumer key and secret again; over plain HTTP also check the server clock (±15 minutes).',
  credentials_rejected: 'The credentials were rejected (401). Check the integration’s keys or access token (System > Extensions > Integrations).',
  ims_token_rejected: 'Adobe IMS rejected the client credentials. Check the client id, the client secret and that the credential has the Commerce product profile.',
  ims_unreachable: 'The Adobe IMS token endpoint could not be reached. Try again later.',
  not_commerce: 'No Adobe Commerce REST API answers at this address (404). Check the store address and store view code (PaaS), or the region and tenant id (SaaS).',
  token_rejected: 'The credentials were rejected (401): the API refused the token. Check the API client and its scopes.',
  cannot_read_project: 'The project settings could not be read (403); grant the API client view_project_settings.',
  cannot_list_stores: 'The stores could not be read (403); grant the API client view_stores to verify them.',
  configuration: 'The connection is misconfigured; check its settings and credentials.',
  unexpected: 'The system gave an unexpected answer. Try again later, or check the connection’s settings.',
};

/** Auth codes whose connector hint is a fixed sentence (everything else failed at the auth step is a remote code). */
const FIXED_AUTH_CODES: ReadonlySet<string> = new Set([
  'invalid_client',
  'invalid_token',
  'keys_not_recognised',
  'key_rejected',
  'key_invalid',
  'token_uri_not_allowed',
  'tenant_not_approved',
  'missing_scope',
  'timeout',
  'server_error',
  'rate_limited',
  'quota_exceeded',
  'dns_failed',
  'connection_refused',
  'host_not_allowed',
  'skipped',
]);

/** RFC 6749 §5.2 error codes: a registered vocabulary, so they may be shown as the reason. */
const OAUTH_ERRORS: ReadonlySet<string> = new Set(['invalid_request', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope', 'access_denied']);

const MAX_TEXT = 300;

/** Control characters out, length capped: data read on purpose (names, versions) is shown, never markup or paragraphs. */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/ {2,}/g, ' ').trim();
  return flat.length > MAX_TEXT ? `${flat.slice(0, MAX_TEXT - 1)}…` : flat;
}

/** One step (or BigQuery check) `code` and `hint` in product words. */
function reword(step: string, status: string, code: string, hint: string): { code: string; hint: string } {
  const fixed = WORDING[code];
  if (fixed) return { code, hint: fixed };
  if (code.startsWith('error_')) return { code: 'unexpected', hint: WORDING['unexpected'] ?? '' };
  if (step === 'auth' && status === 'failed' && !FIXED_AUTH_CODES.has(code)) {
    // The code is the token service's own `error` (Visma Connect, commercetools' auth API): only a registered one is named.
    const reason = OAUTH_ERRORS.has(code) ? ` (${code})` : '';
    return { code: OAUTH_ERRORS.has(code) ? code : 'token_refused', hint: `The token service refused the credentials${reason}. Check the client id, the secret and what the app is allowed.` };
  }
  return { code: /^[a-z0-9_]{1,60}$/.test(code) ? code : 'unexpected', hint: clean(hint) };
}

/**
 * The report with every step (and BigQuery's `checks`) in product words; `summary` follows the first failed step
 * as buildPingReport makes it, or is the connector's success sentence, cleaned. Other fields are kept.
 */
export function inProductWords<R extends PingReport>(report: R): R {
  const steps = report.steps.map((s): PingStep => ({ ...s, ...reword(s.step, s.status, s.code, s.hint) }));
  const out: R = { ...report, steps, summary: clean(report.summary) };
  const checks = (report as { checks?: unknown }).checks;
  if (Array.isArray(checks)) {
    (out as { checks?: unknown }).checks = (checks as { name: string; ok: boolean; code: string; detail: string }[]).map((c) => {
      const worded = reword(c.name === 'key' || c.name === 'token' ? 'auth' : c.name, c.ok ? 'ok' : c.code === 'skipped' ? 'skipped' : 'failed', c.code, c.detail);
      return { ...c, code: worded.code, detail: worded.hint };
    });
  }
  const failed = steps.find((s) => s.status === 'failed');
  if (!report.ok && failed) out.summary = failed.hint;
  if (typeof (report as { companyName?: unknown }).companyName === 'string') out.companyName = clean(report.companyName ?? '');
  return out;
}

/**
 * The report of a ping that was not run because a host of the connection is refused by the host policy (the
 * address check, or a vendor's endpoint moved elsewhere): nothing was sent.
 */
export function refusedHostReport(system: string, message: string): PingReport {
  const first: PingStep = { step: 'reachable', status: 'failed', code: 'host_not_allowed', hint: `${message}. Nothing was sent.` };
  return { ok: false, system, steps: skipRemaining([first], ['reachable', 'auth', 'permissions'], 'Not checked: the address is not allowed.'), summary: first.hint };
}
