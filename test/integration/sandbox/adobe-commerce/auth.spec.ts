import { ADOBE_COMMERCE_DEMO, startAdobeCommerceSandbox, type RunningAdobeCommerceSandbox } from '../../../../apps/sandbox/src/adobe-commerce';
import { imsToken, LIMITED, MAIN, oauthHeader, paas, raw, saas } from './support';

describe('Adobe Commerce sandbox authentication', () => {
  let sandbox: RunningAdobeCommerceSandbox;
  let clock = Date.now();

  beforeAll(async () => {
    sandbox = await startAdobeCommerceSandbox({ port: 0, now: () => clock, imsTokenTtlSeconds: 60 });
  });
  afterAll(() => sandbox.close());
  beforeEach(() => {
    clock = Date.now();
    sandbox.reset();
  });

  describe('PaaS (OAuth 1.0a integrations)', () => {
    it('should answer a signed call of the full integration', async () => {
      const answer = await paas(sandbox, 'GET', '/orders/4');
      expect(answer.status).toBe(200);
      expect(answer.json.increment_id).toBe('000000004');
    });

    it('should treat an unsigned call as a guest and answer the ACL refusal', async () => {
      const answer = await raw(`${sandbox.url}/rest/default/V1/orders/4`);
      expect(answer).toMatchObject({ status: 401, json: { message: "The consumer isn't authorized to access %resources.", parameters: { resources: 'Magento_Sales::actions_view' } } });
    });

    it('should refuse HMAC-SHA1, the method Commerce no longer supports', async () => {
      const answer = await paas(sandbox, 'GET', '/orders/4', { sign: { signatureMethod: 'HMAC-SHA1', hash: 'sha1' } });
      expect(answer).toMatchObject({ status: 400, json: { message: 'Signature method %1 is not supported', parameters: ['HMAC-SHA1'] } });
    });

    it('should refuse a replayed nonce, even when the first call was badly signed', async () => {
      const bad = await paas(sandbox, 'GET', '/orders/4', { creds: { ...MAIN, consumerSecret: 'x'.repeat(32) }, sign: { nonce: 'n-1' } });
      expect(bad.json.message).toBe('The signature is invalid. Verify and try again.');
      const replay = await paas(sandbox, 'GET', '/orders/4', { sign: { nonce: 'n-1' } });
      expect(replay).toMatchObject({ status: 401, json: { message: 'The nonce is already being used by the consumer with ID %1', parameters: ['1'] } });
    });

    it('should refuse a timestamp more than 600 s ahead but accept an old one', async () => {
      const now = Math.floor(Date.now() / 1000);
      const future = await paas(sandbox, 'GET', '/orders/4', { sign: { timestamp: now + 700 } });
      expect(future).toMatchObject({ status: 400, json: { message: 'Incorrect timestamp value in the oauth_timestamp parameter' } });
      const old = await paas(sandbox, 'GET', '/orders/4', { sign: { timestamp: now - 86_400 } });
      expect(old.status).toBe(200);
    });

    it('should name every missing OAuth parameter', async () => {
      const one = await paas(sandbox, 'GET', '/orders/4', { sign: { omit: ['oauth_nonce'] } });
      expect(one).toMatchObject({ status: 400, json: { message: '"%fieldName" is required. Enter and try again.', parameters: { fieldName: 'oauth_nonce' } } });
      const two = await paas(sandbox, 'GET', '/orders/4', { sign: { omit: ['oauth_nonce', 'oauth_timestamp'] } });
      expect(two.json.message).toBe('One or more input exceptions have occurred.');
      expect(two.json.errors).toHaveLength(2);
    });

    it('should sign queries with spaces as %20 whether the client sent + or %20', async () => {
      for (const encoded of ['Flat+Rate+-+Fixed', 'Flat%20Rate%20-%20Fixed']) {
        const url = `${sandbox.url}/rest/default/V1/orders?searchCriteria[filter_groups][0][filters][0][field]=shipping_description&searchCriteria[filter_groups][0][filters][0][value]=${encoded}`;
        const answer = await raw(url, { headers: { Authorization: oauthHeader('GET', url, MAIN) } });
        expect(answer.status).toBe(200);
        expect(answer.json.total_count).toBe(2);
      }
    });

    it('should keep %2F of a SKU in the signed URL and find the product', async () => {
      const answer = await paas(sandbox, 'GET', '/products/NL-WAX%2F50');
      expect(answer.status).toBe(200);
      expect(answer.json.sku).toBe('NL-WAX/50');
    });

    it('should refuse the limited integration what it lacks, naming the resource', async () => {
      expect((await paas(sandbox, 'GET', '/orders/4', { creds: LIMITED })).status).toBe(200);
      expect((await paas(sandbox, 'GET', '/invoices/4', { creds: LIMITED })).status).toBe(200);
      for (const [path, resource] of [
        ['/creditmemo/4', 'Magento_Sales::sales_creditmemo'],
        ['/customers/10', 'Magento_Customer::customer'],
        ['/products/NL-MUG-01', 'Magento_Catalog::products'],
      ] as const) {
        const answer = await paas(sandbox, 'GET', path, { creds: LIMITED });
        expect(answer).toMatchObject({ status: 401, json: { parameters: { resources: resource } } });
      }
    });

    it('should accept the integration token as a bearer only when the store allows it', async () => {
      const call = (): ReturnType<typeof raw> => raw(`${sandbox.url}/rest/default/V1/orders/4`, { headers: { Authorization: `Bearer ${ADOBE_COMMERCE_DEMO.accessToken}` } });
      expect((await call()).json.message).toBe("The consumer isn't authorized to access %resources.");
      sandbox.configure({ isIntegrationAsBearerEnabled: true });
      expect((await call()).status).toBe(200);
    });

    it('should route /rest/V1 to the default store and a wrong store code nowhere', async () => {
      const url = `${sandbox.url}/rest/V1/orders/4`;
      expect((await raw(url, { headers: { Authorization: oauthHeader('GET', url, MAIN) } })).status).toBe(200);
      const wrong = `${sandbox.url}/rest/nosuch/V1/orders/4`;
      expect(await raw(wrong, { headers: { Authorization: oauthHeader('GET', wrong, MAIN) } })).toMatchObject({ status: 404, json: { message: 'Request does not match any route.' } });
    });
  });

  describe('SaaS (IMS)', () => {
    it('should issue JWT access tokens and serve a tenant call with them', async () => {
      const token = await imsToken(sandbox);
      expect(token.split('.')).toHaveLength(3);
      const answer = await saas(sandbox, 'GET', '/orders/4', token);
      expect(answer.status).toBe(200);
    });

    it('should refuse OAuth 1.0a on SaaS and a missing x-api-key', async () => {
      const url = `${sandbox.saasBaseUrl ?? ''}/V1/orders/4`;
      expect(await raw(url, { headers: { Authorization: oauthHeader('GET', url, MAIN) } })).toMatchObject({ status: 401, json: { error_code: '401013' } });
      const token = await imsToken(sandbox);
      expect(await raw(url, { headers: { Authorization: `Bearer ${token}` } })).toMatchObject({ status: 403, json: { message: 'Api Key is required' } });
    });

    it('should let a token expire after its TTL on the sandbox clock', async () => {
      const token = await imsToken(sandbox);
      expect((await saas(sandbox, 'GET', '/orders/4', token)).status).toBe(200);
      clock += 61_000;
      expect(await saas(sandbox, 'GET', '/orders/4', token)).toMatchObject({ status: 401, json: { message: 'Oauth token is not valid' } });
    });

    it('should answer IMS errors for a wrong secret and a scope the credential lacks', async () => {
      const post = (fields: Record<string, string>): ReturnType<typeof raw> =>
        raw(sandbox.imsTokenUrl, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', client_id: ADOBE_COMMERCE_DEMO.imsClientId, client_secret: ADOBE_COMMERCE_DEMO.imsClientSecret, scope: 'openid', ...fields }) });
      expect(await post({ client_secret: 'nope' })).toMatchObject({ status: 401, json: { error: 'invalid_client' } });
      expect(await post({ scope: 'openid,read_pc' })).toMatchObject({ status: 400, json: { error: 'invalid_scope' } });
      const answer = await post({});
      expect(answer.json).toMatchObject({ token_type: 'bearer', expires_in: 60 });
    });

    it('should refuse a token without commerce.accs and an unknown Store header', async () => {
      const plain = await imsToken(sandbox, 'openid,AdobeID');
      expect(await saas(sandbox, 'GET', '/orders/4', plain)).toMatchObject({ status: 401, json: { message: "The consumer isn't authorized to access %resources." } });
      const token = await imsToken(sandbox);
      expect((await saas(sandbox, 'GET', '/orders/4', token, { headers: { Store: 'nosuch' } })).status).toBe(404);
      expect((await saas(sandbox, 'GET', '/orders/4', token, { headers: { Store: 'se_sv' } })).status).toBe(200);
    });
  });
});
