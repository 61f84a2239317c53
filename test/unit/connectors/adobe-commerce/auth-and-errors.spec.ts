import {
  ADOBE_COMMERCE_CREDENTIALS,
  AdobeCommerceAclError,
  adobeCommerceErrorMapper,
  ConnectorError,
  ConnectorNotFoundError,
  ConnectorValidationError,
  createAdobeCommerceClient,
  readAdobeCommerceErrorBody,
  renderMagentoPhrase,
  signAdobeCommerceOAuth1,
  type ErrorResponseContext,
} from '@mlc/connectors';
import { magentoExpectedSignature } from './magento-oauth';

const CREDS = { auth: 'oauth1' as const, consumerKey: 'ck1', consumerSecret: 'cs&1+', accessToken: 'at1', accessTokenSecret: 'ats/2' };

describe('signAdobeCommerceOAuth1', () => {
  it.each([
    ['a plain GET', 'GET', 'https://shop.test/rest/default/V1/orders/5'],
    ['an SKU with an encoded slash', 'GET', 'https://shop.test/rest/default/V1/products/ab%2Fcd'],
    ['a PUT in the global scope', 'PUT', 'https://shop.test/rest/all/V1/products/ab%2Fcd'],
    [
      'bracketed searchCriteria with a space sent as +',
      'GET',
      'https://shop.test/rest/default/V1/orders?searchCriteria%5Bfilter_groups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bvalue%5D=2024-05-01+10%3A00%3A00&searchCriteria%5BpageSize%5D=100',
    ],
  ])('should produce the signature Magento recomputes for %s', (_name, method, url) => {
    const signed = signAdobeCommerceOAuth1(CREDS, { method, url, nonce: 'n0nce', timestampSec: 1_700_000_000 });
    const check = magentoExpectedSignature(method, signed.url, signed.authorization, CREDS.consumerSecret, CREDS.accessTokenSecret);
    expect(check.given).toBe(check.expected);
    expect(check.params).toMatchObject({ oauth_consumer_key: 'ck1', oauth_token: 'at1', oauth_signature_method: 'HMAC-SHA256', oauth_nonce: 'n0nce', oauth_timestamp: '1700000000' });
  });

  it('should send spaces as %20 and brackets encoded, never +', () => {
    const signed = signAdobeCommerceOAuth1(CREDS, { method: 'GET', url: 'https://shop.test/rest/default/V1/orders?searchCriteria%5Bx%5D=a+b', nonce: 'n', timestampSec: 1 });
    expect(signed.url).toBe('https://shop.test/rest/default/V1/orders?searchCriteria%5Bx%5D=a%20b');
    const check = magentoExpectedSignature('GET', signed.url, signed.authorization, CREDS.consumerSecret, CREDS.accessTokenSecret);
    expect(check.params['searchCriteria[x]']).toBe('a b');
  });

  it('should keep the encoded slash of an SKU in the signed path', () => {
    const signed = signAdobeCommerceOAuth1(CREDS, { method: 'GET', url: 'https://shop.test/rest/default/V1/products/ab%2Fcd', nonce: 'n', timestampSec: 1 });
    expect(signed.url).toBe('https://shop.test/rest/default/V1/products/ab%2Fcd');
    const wrong = magentoExpectedSignature('GET', 'https://shop.test/rest/default/V1/products/ab/cd', signed.authorization, CREDS.consumerSecret, CREDS.accessTokenSecret);
    expect(wrong.given).not.toBe(wrong.expected);
  });
});

describe('renderMagentoPhrase', () => {
  it.each([
    ['No such entity with %fieldName = %fieldValue', { fieldName: 'customerId', fieldValue: 7 }, 'No such entity with customerId = 7'],
    ['"%1" is required. Enter and try again.', ['email'], '"email" is required. Enter and try again.'],
    ['%1 of %10 and %2', ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'], 'a of j and b'],
    ['The consumer isn\'t authorized to access %resources.', { resources: 'Magento_Sales::actions_view' }, "The consumer isn't authorized to access Magento_Sales::actions_view."],
    ['no rescan: %a', { a: '%b', b: 'X' }, 'no rescan: %b'],
    ['numeric keys in a map: %1', { '0': 'first' }, 'numeric keys in a map: first'],
    ['untouched %unknown', { other: 'x' }, 'untouched %unknown'],
  ])('should render %s', (text, params, out) => {
    expect(renderMagentoPhrase(text, params)).toBe(out);
  });
});

const ctx = (status: number, body: unknown): ErrorResponseContext => ({ system: 'adobe-commerce', method: 'GET', path: '/V1/x', status, headers: {}, body, requestId: undefined, waitMs: undefined });

describe('adobeCommerceErrorMapper', () => {
  it('should name the missing ACL resource of a 401', () => {
    const err = adobeCommerceErrorMapper(ctx(401, { message: "The consumer isn't authorized to access %resources.", parameters: { resources: 'Magento_Sales::actions_view, Magento_Sales::sales' } }));
    expect(err).toBeInstanceOf(AdobeCommerceAclError);
    expect((err as AdobeCommerceAclError).missingAclResources).toEqual(['Magento_Sales::actions_view', 'Magento_Sales::sales']);
    expect(err?.providerMessage).toBe("The consumer isn't authorized to access Magento_Sales::actions_view, Magento_Sales::sales.");
  });

  it('should map a 404 to not-found with the rendered message and drop the trace', () => {
    const err = adobeCommerceErrorMapper(ctx(404, { message: 'No such entity with %fieldName = %fieldValue', parameters: { fieldName: 'customerId', fieldValue: '99' }, trace: '#0 /var/www/secret.php' }));
    expect(err).toBeInstanceOf(ConnectorNotFoundError);
    expect(err?.providerMessage).toBe('No such entity with customerId = 99');
    expect(err?.message).not.toContain('secret.php');
  });

  it('should render every errors[] entry of a 400 into field errors', () => {
    const body = { message: 'Validation failed', errors: [{ message: 'The "%fieldName" value is invalid.', parameters: { fieldName: 'cost' } }, { message: '%1 is too long', parameters: ['sku'] }] };
    const err = adobeCommerceErrorMapper(ctx(400, body));
    expect(err).toBeInstanceOf(ConnectorValidationError);
    expect(err?.providerMessage).toBe('Validation failed; The "cost" value is invalid.; sku is too long');
    expect((err as ConnectorValidationError).fieldErrors).toEqual([{ field: 'cost', message: 'The "cost" value is invalid.' }]);
  });

  it('should keep a short text body as the message', () => {
    expect(readAdobeCommerceErrorBody('Service Unavailable').message).toBe('Service Unavailable');
  });
});

describe('credentials and factory', () => {
  it('should parse the three credential shapes by auth', () => {
    expect(ADOBE_COMMERCE_CREDENTIALS.parse(CREDS).auth).toBe('oauth1');
    expect(ADOBE_COMMERCE_CREDENTIALS.parse({ auth: 'bearer', accessToken: 't' }).auth).toBe('bearer');
    expect(ADOBE_COMMERCE_CREDENTIALS.parse({ auth: 'ims', clientId: 'c', clientSecret: 's', imsOrgId: 'o@AdobeOrg' }).auth).toBe('ims');
    expect(ADOBE_COMMERCE_CREDENTIALS.safeParse({ auth: 'oauth1', consumerKey: 'x' }).success).toBe(false);
  });

  it.each([
    ['IMS on PaaS', { auth: 'ims' as const, clientId: 'c', clientSecret: 's', imsOrgId: 'o' }, { flavour: 'paas' as const, baseUrl: 'https://shop.test' }],
    ['OAuth 1.0a on SaaS', CREDS, { flavour: 'saas' as const, baseUrl: 'https://na1.api.commerce.adobe.com/t1' }],
    ['a bad URL', CREDS, { flavour: 'paas' as const, baseUrl: 'shop.test' }],
    ['a bad store code', CREDS, { flavour: 'paas' as const, baseUrl: 'https://shop.test', storeCode: 'de/fr' }],
  ])('should refuse %s with a configuration error', (_name, creds, options) => {
    expect(() => createAdobeCommerceClient(creds, options)).toThrow(ConnectorError);
  });
});
