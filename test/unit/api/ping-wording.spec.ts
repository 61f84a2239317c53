import { buildPingReport, type PingStep } from '@mlc/connectors';
import { inProductWords, refusedHostReport } from '../../../apps/api/src/modules/credentials/ping-wording';

const REMOTE = 'Consumer secret is invalid. <a href="http://phish.example">fix it</a>';

describe('ping reports in product words', () => {
  it('should replace hints built from remote text by the fixed sentence of their code, and the summary with it', () => {
    const steps: PingStep[] = [
      { step: 'reachable', status: 'ok', code: 'https', hint: 'The shop answered over HTTPS at https://shop.example.com.' },
      { step: 'auth', status: 'failed', code: 'keys_rejected', hint: `WooCommerce rejected the REST API keys (${REMOTE}). Paste them again.` },
    ];
    const out = inProductWords(buildPingReport('woocommerce', steps, ''));
    expect(JSON.stringify(out)).not.toContain('phish.example');
    expect(out.steps[0]).toEqual(steps[0]);
    expect(out.steps[1]?.hint).toBe('The credentials were rejected (401). Paste the consumer key and secret again; over plain HTTP also check the server clock (±15 minutes).');
    expect(out.summary).toBe(out.steps[1]?.hint);
  });

  it.each([
    ['network_error', 'The shop could not be reached (ECONNRESET).', /^The host could not be reached: the connection failed/],
    ['probe_failed', 'Reading the system status failed: GET /system_status answered 418 (teapot says hi)', /^A check could not be completed/],
    ['company_info_failed', `Reading the company's details failed: ${REMOTE}`, /^Reading the company’s details failed: the system gave an unexpected answer\.$/],
    ['credentials_rejected', `${REMOTE}. Check the keys.`, /^The credentials were rejected \(401\)/],
    ['token_rejected', `The HTTP API rejected the token (${REMOTE}).`, /^The credentials were rejected \(401\)/],
  ])('should word %s without the remote text', (code, hint, expected) => {
    const out = inProductWords(buildPingReport('x', [{ step: 'company', status: 'failed', code, hint }], ''));
    expect(out.steps[0]?.hint).toMatch(expected);
    expect(out.steps[0]?.hint).not.toContain('phish');
    expect(out.steps[0]?.hint).not.toContain('teapot');
    expect(out.steps[0]?.hint).not.toContain('ECONNRESET');
  });

  it('should name only a registered OAuth error of a token service, never its free text or an unknown code', () => {
    const registered = inProductWords(buildPingReport('visma', [{ step: 'auth', status: 'failed', code: 'invalid_grant', hint: 'Visma Connect refused the token request (invalid_grant).' }], ''));
    expect(registered.steps[0]).toMatchObject({ code: 'invalid_grant', hint: 'The token service refused the credentials (invalid_grant). Check the client id, the secret and what the app is allowed.' });
    const unknown = inProductWords(buildPingReport('commercetools', [{ step: 'auth', status: 'failed', code: 'go_to_phish_example', hint: `The auth API refused the token request (${REMOTE}).` }], ''));
    expect(unknown.steps[0]).toMatchObject({ code: 'token_refused', hint: 'The token service refused the credentials. Check the client id, the secret and what the app is allowed.' });
    const fixed = inProductWords(buildPingReport('visma', [{ step: 'auth', status: 'failed', code: 'invalid_client', hint: 'Visma rejected the client id or client secret.' }], ''));
    expect(fixed.steps[0]?.hint).toBe('Visma rejected the client id or client secret.');
  });

  it('should word BigQuery’s checks like its steps', () => {
    const report = { ...buildPingReport('bigquery', [{ step: 'auth', status: 'failed', code: 'configuration', hint: `The BigQuery connection is misconfigured: ${REMOTE}.` }], ''), checks: [{ name: 'key', ok: false, code: 'configuration', detail: `misconfigured: ${REMOTE}` }, { name: 'token', ok: false, code: 'skipped', detail: 'Not checked because an earlier check failed.' }] };
    const out = inProductWords(report);
    expect(JSON.stringify(out)).not.toContain('phish');
    expect(out.checks).toEqual([
      { name: 'key', ok: false, code: 'configuration', detail: 'The connection is misconfigured; check its settings and credentials.' },
      { name: 'token', ok: false, code: 'skipped', detail: 'Not checked because an earlier check failed.' },
    ]);
  });

  it('should keep data read on purpose, without control characters and cut to length', () => {
    const name = `Demo\u0007 Company\nAS ${'x'.repeat(400)}`;
    const out = inProductWords(buildPingReport('visma', [{ step: 'company', status: 'ok', code: 'ok', hint: `Company: ${name}.` }], `Connected to ${name}.`, name));
    expect(out.steps[0]?.hint.startsWith('Company: Demo Company AS xxx')).toBe(true);
    expect(out.steps[0]?.hint.length).toBeLessThanOrEqual(300);
    expect([...out.summary].some((c) => c.charCodeAt(0) < 0x20)).toBe(false);
    expect(out.companyName?.length).toBeLessThanOrEqual(300);
  });

  it('should report a refused host as a failed reachable step with nothing sent', () => {
    const out = refusedHostReport('woocommerce', 'The shop address: the address resolves to a private network, which is not allowed');
    expect(out.ok).toBe(false);
    expect(out.steps.map((s) => [s.step, s.status, s.code])).toEqual([['reachable', 'failed', 'host_not_allowed'], ['auth', 'skipped', 'skipped'], ['permissions', 'skipped', 'skipped']]);
    expect(out.summary).toBe('The shop address: the address resolves to a private network, which is not allowed. Nothing was sent.');
  });
});
