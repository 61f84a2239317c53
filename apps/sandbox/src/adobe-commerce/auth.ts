/**
 * Who is calling, per flavour.
 *
 * PaaS (Adobe Commerce on cloud / on-premises), magento/magento2 2.4-develop:
 * - `Authorization: OAuth …` → Magento\Webapi\Model\Authorization\OauthUserContext → Framework\Oauth\Oauth::
 *   validateAccessTokenRequest(), in its order: oauth_version must be 1.0 (400); the six required parameters (400,
 *   aggregated as AbstractAggregateException does); token length 32 (400); signature method HMAC-SHA256 only (400
 *   "Signature method %1 is not supported"); the consumer (401 "A consumer having the specified key does not exist");
 *   Integration\Model\Oauth\Nonce\Generator::validateNonce(): a timestamp ≤ 0 or more than 600 s ahead (400; older
 *   ones are accepted — Commerce has no lower bound), a nonce the consumer already used (401; recorded BEFORE the
 *   signature is checked, so even a badly signed call uses its nonce up); the token (401 "Specified token does not
 *   exist" / "Token is not associated with the specified consumer"); then the signature (oauth.ts; 401 "The signature
 *   is invalid. Verify and try again."). An inactive integration's call runs as a guest.
 * - `Authorization: Bearer <integration access token>` only with `oauth/consumer/enable_integration_as_bearer` on
 *   (Integration\Model\Config\AuthorizationConfig, 2.4.4+); otherwise the token is ignored and the call is a guest's,
 *   which the route's ACL check answers 401 "The consumer isn't authorized to access %resources.". Integration tokens
 *   never expire.
 * SaaS (Adobe Commerce as a Cloud Service): the Adobe I/O gateway in front of the tenant wants an IMS access token as
 * `Authorization: Bearer` and `x-api-key` = the token's client id (rest/authentication/server-to-server.md); errors in
 * the gateway's `{error_code, message}` shape. `x-gw-ims-org-id` is documented but Adobe's own client
 * (@adobe/aio-commerce-lib-api 1.0.1) does not send it, so it is checked only when present. A token without the
 * `commerce.accs` scope gets Commerce's ACL refusal. Integration (OAuth 1.0a) credentials are not accepted there.
 */
import { SandboxHttpError, type SandboxRequest } from '../core';
import { ADOBE_COMMERCE_OAUTH_TIME_DEVIATION_SECONDS, type AdobeCommerceIntegration } from './demo.constants';
import { magentoError, magentoErrorBody } from './errors';
import { hashEquals, magentoBaseString, magentoOAuthParams, magentoSignature } from './oauth';
import type { AdobeCommerceState, ImsToken } from './state';

export type Principal =
  | { kind: 'integration'; integration: AdobeCommerceIntegration; resources: readonly string[] }
  | { kind: 'ims'; token: ImsToken; resources: readonly string[] }
  | { kind: 'guest'; resources: readonly string[] };

const GUEST: Principal = { kind: 'guest', resources: [] };
const REQUIRED = ['oauth_consumer_key', 'oauth_signature', 'oauth_signature_method', 'oauth_nonce', 'oauth_timestamp', 'oauth_token'];

function header(req: SandboxRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The request URL Commerce signs over: scheme + `://` + Host header + REQUEST_URI (Oauth\Helper\Request::getRequestUrl). */
export function requestUrlOf(req: SandboxRequest): string {
  const scheme = req.secure ? 'https' : 'http';
  const host = header(req, 'host') ?? new URL(req.listenerUrl ?? 'http://127.0.0.1').host;
  return `${scheme}://${host}${req.rawUrl ?? req.path}`;
}

export class AdobeCommerceAuthenticator {
  constructor(
    private readonly state: AdobeCommerceState,
    /** Clock of OAuth timestamps (real time: clients sign with it). */
    private readonly oauthNowMs: () => number,
    /** Clock of IMS token expiry (the sandbox clock, so tests can let tokens expire). */
    private readonly imsNowMs: () => number,
  ) {}

  /** The caller of a PaaS request. Throws Commerce's OAuth errors. */
  paas(req: SandboxRequest): Principal {
    const authorization = header(req, 'authorization');
    const bearer = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
    if (bearer) {
      if (!this.state.settings.isIntegrationAsBearerEnabled) return GUEST;
      const integration = this.state.integrations.find((i) => i.accessToken === (bearer[1] ?? '').trim() && i.isActive);
      return integration ? { kind: 'integration', integration, resources: integration.resources } : GUEST;
    }
    const rawUrl = req.rawUrl ?? req.path;
    const q = rawUrl.indexOf('?');
    const rawQuery = q < 0 ? '' : rawUrl.slice(q + 1);
    const params = magentoOAuthParams(authorization, header(req, 'content-type'), req.rawBody.toString('latin1'), rawQuery);
    if (!params) return GUEST;
    const version = params.get('oauth_version');
    if (version !== undefined && version !== '1.0') throw magentoError(400, 'The "%1" Oauth version isn\'t supported.', [version]);
    const missing = REQUIRED.filter((p) => !params.has(p));
    if (missing.length === 1) throw magentoError(400, '"%fieldName" is required. Enter and try again.', { fieldName: missing[0] ?? '' });
    if (missing.length > 1) {
      throw new SandboxHttpError(400, magentoErrorBody('One or more input exceptions have occurred.', undefined, missing.map((fieldName) => ({ message: '"%fieldName" is required. Enter and try again.', parameters: { fieldName } }))));
    }
    const p = (name: string): string => params.get(name) ?? '';
    if (p('oauth_token').length !== 32) throw magentoError(400, 'The token length is invalid. Check the length and try again.');
    if (p('oauth_signature_method') !== 'HMAC-SHA256') throw magentoError(400, 'Signature method %1 is not supported', [p('oauth_signature_method')]);
    if (p('oauth_consumer_key').length !== 32) throw magentoError(400, 'Consumer key is not the correct length');
    const consumer = this.state.integrations.find((i) => i.consumerKey === p('oauth_consumer_key'));
    if (!consumer) throw magentoError(401, 'A consumer having the specified key does not exist');
    const timestamp = /^\s*[+-]?\d+/.test(p('oauth_timestamp')) ? parseInt(p('oauth_timestamp'), 10) : 0;
    if (timestamp <= 0 || timestamp > Math.floor(this.oauthNowMs() / 1000) + ADOBE_COMMERCE_OAUTH_TIME_DEVIATION_SECONDS) {
      throw magentoError(400, 'Incorrect timestamp value in the oauth_timestamp parameter');
    }
    const nonceKey = `${consumer.id}:${p('oauth_nonce')}`;
    if (this.state.nonces.has(nonceKey)) throw magentoError(401, 'The nonce is already being used by the consumer with ID %1', [String(consumer.id)]);
    this.state.nonces.add(nonceKey);
    const owner = this.state.integrations.find((i) => i.accessToken === p('oauth_token'));
    if (!owner) throw magentoError(401, 'Specified token does not exist');
    if (owner.id !== consumer.id) throw magentoError(401, 'Token is not associated with the specified consumer');
    const expected = magentoSignature(magentoBaseString(req.method, requestUrlOf(req), params, rawQuery), consumer.consumerSecret, consumer.accessTokenSecret);
    if (!hashEquals(expected, p('oauth_signature'))) throw magentoError(401, 'The signature is invalid. Verify and try again.');
    return consumer.isActive ? { kind: 'integration', integration: consumer, resources: consumer.resources } : GUEST;
  }

  /** The caller of a SaaS request, as the Adobe I/O gateway and Commerce's IMS user context decide. */
  saas(req: SandboxRequest): Principal {
    const gateway = (status: number, errorCode: string, message: string): SandboxHttpError => new SandboxHttpError(status, { error_code: errorCode, message });
    const bearer = /^Bearer\s+(.+)$/i.exec(header(req, 'authorization') ?? '');
    if (!bearer) throw gateway(401, '401013', 'Oauth token is not valid');
    const token = this.state.imsTokens.get((bearer[1] ?? '').trim());
    if (!token || token.expiresAtMs <= this.imsNowMs()) throw gateway(401, '401013', 'Oauth token is not valid');
    const apiKey = header(req, 'x-api-key');
    if (!apiKey) throw gateway(403, '403000', 'Api Key is required');
    if (apiKey !== token.clientId) throw gateway(403, '403003', 'Api Key is invalid');
    const org = header(req, 'x-gw-ims-org-id');
    if (org !== undefined && org !== token.imsOrgId) throw gateway(403, '403026', 'The IMS org of x-gw-ims-org-id does not match the token');
    return { kind: 'ims', token, resources: token.scopes.includes('commerce.accs') ? token.resources : [] };
  }
}
