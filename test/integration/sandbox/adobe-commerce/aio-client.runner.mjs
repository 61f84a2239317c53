/**
 * Drives Adobe's own Commerce client (@adobe/aio-commerce-lib-api 1.0.1 with @adobe/aio-commerce-lib-auth and
 * @adobe/aio-lib-ims) against a running Adobe Commerce sandbox, in a plain Node process: the libraries are ESM
 * (ky, camelcase), which Jest's CommonJS runtime cannot load, so aio-lib-api.spec.ts spawns this script and reads
 * one JSON object of results from stdout. Input: the env var AIO_RUNNER_CONFIG (JSON, see the spec).
 *
 * The only seam: aio-lib-ims hard-codes its hosts (src/ims.js IMS_ENDPOINTS: ims-na1.adobelogin.com for `prod`,
 * chosen by `new Ims(env)` inside its token manager, with no option or variable to change it), so this script points
 * `Ims.prototype.getApiUrl` at the sandbox. Everything else — the client-credentials call (`POST /ims/token/v2`,
 * multipart form), the token cache, the headers, the OAuth 1.0a signing — is the libraries' own code. A guard makes
 * any connection to a host other than the loopback fail.
 */
import net from 'node:net';
import imsLib from '@adobe/aio-lib-ims';
import { AdobeCommerceHttpClient } from '@adobe/aio-commerce-lib-api';

const config = JSON.parse(process.env.AIO_RUNNER_CONFIG ?? '{}');

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const options = typeof args[0] === 'object' && args[0] !== null ? args[0] : { host: args[1] };
  const host = options.host ?? 'localhost';
  if (options.path === undefined && !LOOPBACK.has(host)) throw new Error(`blocked connection to ${host}: only the loopback is allowed`);
  return connect.apply(this, args);
};

const { Ims } = imsLib;
const contacted = [];
Ims.prototype.getApiUrl = function sandboxApiUrl(api) {
  contacted.push(api);
  return `${config.imsBaseUrl}${api}`;
};

async function outcome(promise) {
  try {
    const res = await promise;
    return { status: res.status, body: await res.json() };
  } catch (err) {
    if (err?.response) return { status: err.response.status, body: await err.response.json().catch(() => null) };
    return { error: String(err?.message ?? err) };
  }
}

const integration = { consumerKey: config.consumerKey, consumerSecret: config.consumerSecret, accessToken: config.accessToken, accessTokenSecret: config.accessTokenSecret };
const paas = new AdobeCommerceHttpClient({ auth: integration, config: { baseUrl: config.paasBaseUrl, flavor: 'paas', storeViewCode: 'default' } });
const paasAll = new AdobeCommerceHttpClient({ auth: integration, config: { baseUrl: config.paasBaseUrl, flavor: 'paas' } });
const wrong = new AdobeCommerceHttpClient({ auth: { ...integration, consumerSecret: `${config.consumerSecret.slice(0, -1)}x` }, config: { baseUrl: config.paasBaseUrl, flavor: 'paas', storeViewCode: 'default' } });

const results = { paas: {}, saas: {} };
// A raw query string keeps `[` and `]` as they are; URLSearchParams would send them as %5B/%5D, which oauth-1.0a
// 2.2.6 signs without decoding first (its deParam() splits but never decodes), so Commerce — which decodes per RFC
// 5849 3.4.1.3.1 — computes another base string: `encodedBrackets` shows that 401.
const page = (n, size) => `searchCriteria[pageSize]=${size}&searchCriteria[currentPage]=${n}&searchCriteria[sortOrders][0][field]=entity_id&searchCriteria[sortOrders][0][direction]=ASC`;
results.paas.encodedBrackets = await outcome(paas.get('orders', { searchParams: new URLSearchParams({ 'searchCriteria[pageSize]': '2' }) }));
results.paas.pages = [];
for (const n of [1, 2, 3]) results.paas.pages.push(await outcome(paas.get('orders', { searchParams: page(n, 2) })));
results.paas.pastEnd = await outcome(paas.get('orders', { searchParams: page(9, 2) }));
results.paas.filtered = await outcome(paas.get('orders', { searchParams: 'searchCriteria[filter_groups][0][filters][0][field]=order_currency_code&searchCriteria[filter_groups][0][filters][0][value]=SEK' }));
results.paas.order = await outcome(paas.get(`orders/${config.orderId}`));
results.paas.wrongSignature = await outcome(wrong.get(`orders/${config.orderId}`));
results.paas.productPut = await outcome(
  paasAll.put(`products/${encodeURIComponent(config.sku)}`, { json: { product: { sku: config.sku, custom_attributes: [{ attribute_code: 'cost', value: '33.3' }, { attribute_code: 'no_such_attribute', value: 'x' }] } } }),
);
results.paas.productGet = await outcome(paas.get(`products/${encodeURIComponent(config.sku)}`));

const imsAuth = { clientId: config.imsClientId, clientSecrets: [config.imsClientSecret], technicalAccountId: config.technicalAccountId, technicalAccountEmail: config.technicalAccountEmail, imsOrgId: config.imsOrgId, scopes: ['AdobeID', 'openid'], environment: 'prod', context: 'mlc-sandbox-test' };
const saas = new AdobeCommerceHttpClient({ auth: imsAuth, config: { baseUrl: config.saasBaseUrl, flavor: 'saas', storeViewCode: 'default' } });
results.saas.orders = await outcome(saas.get('orders', { searchParams: page(1, 3) }));
results.saas.order = await outcome(saas.get(`orders/${config.orderId}`));
// aio-commerce-lib-auth's own provider re-sets its IMS context on every getAccessToken(), which drops the cached
// token, so it asks IMS anew for each call and never sends an expired token. To send one, use the client's other
// supported auth (an ImsAuthProvider object) with a token fetched once by aio-lib-ims' own Ims client, then expire it.
const cached = await new Ims('prod').getAccessTokenByClientCredentials(config.imsClientId, config.imsClientSecret, config.imsOrgId, ['openid', 'AdobeID', 'additional_info.projectedProductContext', 'commerce.accs']);
const provider = { getAccessToken: () => cached.access_token.token, getHeaders: () => ({ Authorization: `Bearer ${cached.access_token.token}`, 'x-api-key': config.imsClientId }) };
const saasCached = new AdobeCommerceHttpClient({ auth: provider, config: { baseUrl: config.saasBaseUrl, flavor: 'saas', storeViewCode: 'default' } });
results.saas.beforeExpiry = await outcome(saasCached.get(`orders/${config.orderId}`));
await fetch(`${config.sandboxUrl}/_sandbox/adobe-commerce/ims/expire-tokens`, { method: 'POST' });
results.saas.expired = await outcome(saasCached.get(`orders/${config.orderId}`));
results.saas.freshAfterExpiry = await outcome(saas.get(`orders/${config.orderId}`));
results.saas.imsCalls = contacted;

process.stdout.write(JSON.stringify(results));
