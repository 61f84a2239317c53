import type { HostResolver } from '@mlc/connectors';
import { ConfigValidationError, loadConfig } from '../../../apps/api/src/config/config.schema';
import { ADOBE_COMMERCE_SYSTEM } from '../../../apps/api/src/modules/adobe-commerce/adobe-commerce.system';
import { BIGCOMMERCE_SYSTEM } from '../../../apps/api/src/modules/bigcommerce/bigcommerce.system';
import { BIGQUERY_SYSTEM } from '../../../apps/api/src/modules/bigquery/bigquery.system';
import { COMMERCETOOLS_SYSTEM } from '../../../apps/api/src/modules/commercetools/commercetools.system';
import { hostProblems, hostSettingsFields, staticHostProblems, type HostMode } from '../../../apps/api/src/modules/systems/host-policy';
import type { SystemFacts } from '../../../apps/api/src/modules/systems/system-facts';
import { VISMA_SYSTEM } from '../../../apps/api/src/modules/visma/visma.system';
import { WOOCOMMERCE_SYSTEM } from '../../../apps/api/src/modules/woocommerce/woocommerce.system';

const LIVE: HostMode = { allowSandboxHosts: false, allowPrivateHosts: false };
const SANDBOX: HostMode = { allowSandboxHosts: true, allowPrivateHosts: false };
const PRIVATE_OK: HostMode = { allowSandboxHosts: false, allowPrivateHosts: true };

/** A DNS that knows a few names; anything else does not exist. */
const dns: HostResolver = (name) => {
  const table: Record<string, string> = { 'shop.example.com': '93.184.216.34', 'intranet.example.com': '10.0.0.8', 'meta.example.com': '169.254.169.254', 'v6.example.com': 'fd00::5' };
  const address = table[name];
  return address ? Promise.resolve([{ address, family: address.includes(':') ? 6 : 4 }]) : Promise.reject(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }));
};

/** The fields refused for `settings` (parsed by the system's schema, so defaults apply) and `credentials`. */
async function refused(def: SystemFacts, settings: Record<string, unknown>, mode: HostMode = LIVE, credentials?: Record<string, unknown>): Promise<string[]> {
  const parsed = def.settings.parse(settings);
  return (await hostProblems(def.hosts, { settings: parsed, credentials }, mode, dns)).map((p) => p.field);
}

describe('host policy of each system', () => {
  it('should keep Visma to api.finance.visma.net and connect.visma.com over https', async () => {
    expect(await refused(VISMA_SYSTEM, { companyId: '1' })).toEqual([]);
    expect(await refused(VISMA_SYSTEM, { companyId: '1', tokenUrl: 'https://attacker.example.com/connect/token' })).toEqual(['settings.tokenUrl']);
    expect(await refused(VISMA_SYSTEM, { companyId: '1', tokenUrl: 'http://connect.visma.com/connect/token' })).toEqual(['settings.tokenUrl']);
    expect(await refused(VISMA_SYSTEM, { companyId: '1', tokenUrl: 'https://connect.visma.com:8443/connect/token' })).toEqual(['settings.tokenUrl']);
    expect(await refused(VISMA_SYSTEM, { companyId: '1', tokenUrl: 'https://user:pw@connect.visma.com/connect/token' })).toEqual(['settings.tokenUrl']);
    expect(await refused(VISMA_SYSTEM, { companyId: '1', apiBaseUrl: 'https://api.finance.visma.net.evil.example/' })).toEqual(['settings.apiBaseUrl']);
    expect(await refused(VISMA_SYSTEM, { companyId: '1', apiBaseUrl: 'http://127.0.0.1:9', tokenUrl: 'http://127.0.0.1:9/connect/token' })).toEqual(['settings.apiBaseUrl', 'settings.tokenUrl']);
  });

  it('should accept the local sandboxes for vendor endpoints in sandbox mode only, and never another host', async () => {
    expect(await refused(VISMA_SYSTEM, { companyId: '1', apiBaseUrl: 'http://127.0.0.1:9', tokenUrl: 'http://localhost:9/connect/token' }, SANDBOX)).toEqual([]);
    expect(await refused(VISMA_SYSTEM, { companyId: '1', tokenUrl: 'http://[::1]:9/connect/token' }, SANDBOX)).toEqual([]);
    expect(await refused(VISMA_SYSTEM, { companyId: '1', tokenUrl: 'https://attacker.example.com/connect/token' }, SANDBOX)).toEqual(['settings.tokenUrl']);
    expect(await refused(VISMA_SYSTEM, { companyId: '1', tokenUrl: 'http://10.0.0.5/connect/token' }, SANDBOX)).toEqual(['settings.tokenUrl']);
    expect(await refused(BIGCOMMERCE_SYSTEM, { storeHash: 'abc', apiBaseUrl: 'http://127.0.0.1:1' }, PRIVATE_OK)).toEqual(['settings.apiBaseUrl']);
  });

  it('should keep BigCommerce to api.bigcommerce.com', async () => {
    expect(await refused(BIGCOMMERCE_SYSTEM, { storeHash: 'abc' })).toEqual([]);
    expect(await refused(BIGCOMMERCE_SYSTEM, { storeHash: 'abc', apiBaseUrl: 'https://api.bigcommerce.com.example.org' })).toEqual(['settings.apiBaseUrl']);
  });

  it('should keep commercetools custom hosts to the documented region hosts', async () => {
    expect(await refused(COMMERCETOOLS_SYSTEM, { projectKey: 'shop' })).toEqual([]);
    expect(await refused(COMMERCETOOLS_SYSTEM, { projectKey: 'shop', region: 'custom', authUrl: 'https://auth.us-east-2.aws.commercetools.com', apiUrl: 'https://api.us-east-2.aws.commercetools.com' })).toEqual([]);
    expect(await refused(COMMERCETOOLS_SYSTEM, { projectKey: 'shop', region: 'custom', authUrl: 'https://auth.eu-west-9.evil.com', apiUrl: 'https://auth.europe-west1.gcp.commercetools.com' })).toEqual(['settings.authUrl', 'settings.apiUrl']);
    expect(await refused(COMMERCETOOLS_SYSTEM, { projectKey: 'shop', region: 'custom', authUrl: 'http://127.0.0.1:5/auth', apiUrl: 'http://127.0.0.1:5' }, SANDBOX)).toEqual([]);
  });

  it('should keep Adobe IMS and the SaaS REST host to Adobe, and treat a PaaS store as a merchant host', async () => {
    expect(await refused(ADOBE_COMMERCE_SYSTEM, { baseUrl: 'https://shop.example.com' })).toEqual([]);
    expect(await refused(ADOBE_COMMERCE_SYSTEM, { baseUrl: 'https://intranet.example.com' })).toEqual(['settings.baseUrl']);
    expect(await refused(ADOBE_COMMERCE_SYSTEM, { flavour: 'saas', baseUrl: 'https://na1.api.commerce.adobe.com/tenant1' })).toEqual([]);
    expect(await refused(ADOBE_COMMERCE_SYSTEM, { flavour: 'saas', baseUrl: 'https://na1-sandbox.api.commerce.adobe.com/tenant1' })).toEqual([]);
    expect(await refused(ADOBE_COMMERCE_SYSTEM, { flavour: 'saas', baseUrl: 'https://shop.example.com/tenant1' })).toEqual(['settings.baseUrl']);
    expect(await refused(ADOBE_COMMERCE_SYSTEM, { baseUrl: 'https://shop.example.com', imsTokenUrl: 'https://ims.example.com/ims/token/v3' })).toEqual(['settings.imsTokenUrl']);
  });

  it('should keep BigQuery and the key’s token_uri to Google', async () => {
    const key = (tokenUri: string): Record<string, unknown> => ({ serviceAccountKey: JSON.stringify({ type: 'service_account', token_uri: tokenUri }) });
    expect(await refused(BIGQUERY_SYSTEM, {}, LIVE, key('https://oauth2.googleapis.com/token'))).toEqual([]);
    expect(await refused(BIGQUERY_SYSTEM, { apiEndpoint: 'https://bigquery.europe-west1.rep.googleapis.com' })).toEqual([]);
    expect(await refused(BIGQUERY_SYSTEM, { apiEndpoint: 'https://bigquery.example.com' })).toEqual(['settings.apiEndpoint']);
    expect(await refused(BIGQUERY_SYSTEM, {}, LIVE, key('https://attacker.example.com/token'))).toEqual(['credentials.serviceAccountKey']);
    expect(await refused(BIGQUERY_SYSTEM, { apiEndpoint: 'http://127.0.0.1:7' }, SANDBOX, key('http://127.0.0.1:7/token'))).toEqual([]);
  });

  it('should ask a WooCommerce shop for https and a public address, with product words', async () => {
    const problems = async (siteUrl: string, mode: HostMode = LIVE): Promise<string[]> =>
      (await hostProblems(WOOCOMMERCE_SYSTEM.hosts, { settings: { siteUrl }, credentials: undefined }, mode, dns)).map((p) => p.message);
    expect(await problems('https://shop.example.com')).toEqual([]);
    expect(await problems('http://shop.example.com')).toEqual([expect.stringMatching(/^The shop address must start with https:\/\//)]);
    expect(await problems('https://intranet.example.com')).toEqual([expect.stringMatching(/^The shop address: the address resolves to a private network, which is not allowed/)]);
    expect(await problems('https://meta.example.com')).toEqual([expect.stringMatching(/link-local address \(such as the cloud metadata service\)/)]);
    expect(await problems('https://v6.example.com')).toEqual([expect.stringMatching(/a private network/)]);
    expect(await problems('https://192.168.1.20')).toEqual([expect.stringMatching(/a private network/)]);
    expect(await problems('https://[::ffff:127.0.0.1]')).toEqual([expect.stringMatching(/this machine \(loopback\)/)]);
    expect(await problems('https://nowhere.example.com')).toEqual([expect.stringMatching(/could not be found \(DNS\)/)]);
    expect(await problems('https://intranet.example.com', PRIVATE_OK)).toEqual([]);
    expect(await problems('http://intranet.example.com', PRIVATE_OK)).toEqual([expect.stringMatching(/https:\/\//)]);
    expect(await problems('http://127.0.0.1:8080', SANDBOX)).toEqual([]);
  });

  it('should judge literal addresses without DNS in the static check, leaving names to the connect-time guard', () => {
    const check = (siteUrl: string): string[] => staticHostProblems(WOOCOMMERCE_SYSTEM.hosts, { settings: { siteUrl }, credentials: undefined }, LIVE).map((p) => p.field);
    expect(check('https://10.1.1.1')).toEqual(['settings.siteUrl']);
    expect(check('http://shop.example.com')).toEqual(['settings.siteUrl']);
    expect(check('https://intranet.example.com')).toEqual([]);
  });

  it('should name every host setting for the re-enter-your-secrets rule', () => {
    expect(hostSettingsFields(VISMA_SYSTEM.hosts)).toEqual(['apiBaseUrl', 'tokenUrl']);
    expect(hostSettingsFields(COMMERCETOOLS_SYSTEM.hosts)).toEqual(['authUrl', 'apiUrl']);
    expect(hostSettingsFields(BIGQUERY_SYSTEM.hosts)).toEqual(['apiEndpoint']);
  });
});

describe('host settings of the configuration', () => {
  const BASE = { VAULT_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`, VAULT_ACTIVE_KEY_ID: 'k1' };

  it('should default to live mode: no sandbox hosts, no private hosts, two minutes an exchange', () => {
    expect(loadConfig(BASE)).toMatchObject({ ALLOW_SANDBOX_HOSTS: false, ALLOW_PRIVATE_HOSTS: false, OUTBOUND_TOTAL_TIMEOUT_MS: 120_000 });
    expect(loadConfig({ ...BASE, ALLOW_PRIVATE_HOSTS: 'true', ALLOW_SANDBOX_HOSTS: 'false' })).toMatchObject({ ALLOW_SANDBOX_HOSTS: false, ALLOW_PRIVATE_HOSTS: true });
  });

  it('should refuse a flag that is not true or false rather than read it as true', () => {
    expect(() => loadConfig({ ...BASE, ALLOW_PRIVATE_HOSTS: 'yes' })).toThrow(/ALLOW_PRIVATE_HOSTS must be true or false/);
    expect(() => loadConfig({ ...BASE, ALLOW_SANDBOX_HOSTS: '1' })).toThrow(ConfigValidationError);
  });
});
