import { ConnectorError, createAdobeCommerceClient } from '@mlc/connectors';
import { ADOBE_COMMERCE_DEMO, adobeCommercePlaceOrder, type RunningAdobeCommerceSandbox, startAdobeCommerceSandbox } from '@mlc/sandbox';

/**
 * Our Adobe Commerce connector against the Adobe Commerce sandbox over real HTTP (the sandbox is proven separately by
 * Adobe's own client): both auth flavours, a wrong signature, an expired IMS token, and the paging quirk.
 */
describe('Adobe Commerce connector ↔ sandbox', () => {
  let sandbox: RunningAdobeCommerceSandbox;
  const oauth1 = (consumerSecret: string = ADOBE_COMMERCE_DEMO.consumerSecret) =>
    createAdobeCommerceClient(
      { auth: 'oauth1', consumerKey: ADOBE_COMMERCE_DEMO.consumerKey, consumerSecret, accessToken: ADOBE_COMMERCE_DEMO.accessToken, accessTokenSecret: ADOBE_COMMERCE_DEMO.accessTokenSecret },
      { flavour: 'paas', baseUrl: sandbox.paasBaseUrl ?? sandbox.baseUrl, retry: { maxAttempts: 1 } },
    );
  const ims = () =>
    createAdobeCommerceClient(
      { auth: 'ims', clientId: ADOBE_COMMERCE_DEMO.imsClientId, clientSecret: ADOBE_COMMERCE_DEMO.imsClientSecret, imsOrgId: ADOBE_COMMERCE_DEMO.imsOrgId },
      { flavour: 'saas', baseUrl: sandbox.saasBaseUrl ?? `${sandbox.baseUrl}/${ADOBE_COMMERCE_DEMO.tenantId}`, imsTokenUrl: sandbox.imsTokenUrl, retry: { maxAttempts: 1 } },
    );

  beforeAll(async () => {
    sandbox = await startAdobeCommerceSandbox();
    for (let i = 0; i < 5; i += 1) {
      await adobeCommercePlaceOrder(sandbox.baseUrl, { email: `paging${i}@example.no`, currency: 'NOK', lines: [{ sku: 'NL-MUG-01', qty: 1 }] });
    }
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('should sign every PaaS call with OAuth 1.0a HMAC-SHA256 and pass ping, and be refused with a wrong secret', async () => {
    const report = await oauth1().ping();
    expect(report.steps.filter((s) => s.status === 'failed')).toEqual([]);
    expect(report.ok).toBe(true);
    const refused = await oauth1('wrong-secret-wrong-secret-wrong-s').orders.search({ pageSize: 1, currentPage: 1 }).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(ConnectorError);
    expect((refused as ConnectorError).status).toBe(401);
  });

  it('should list every order once with a small page size (a page past the end repeats the last one; never read)', async () => {
    const seen: number[] = [];
    let pages = 0;
    for await (const page of oauth1().orders.listModified({ until: new Date(Date.now() + 60_000), pageSize: 2 })) {
      pages += 1;
      seen.push(...page.items.map((o) => o.entity_id));
      expect(pages).toBeLessThan(50);
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(5);
  });

  it('should take one IMS token for parallel SaaS calls and get exactly one new one after it expires', async () => {
    const client = ims();
    const orders = await Promise.all([1, 2, 3].map(() => client.orders.search({ pageSize: 1, currentPage: 1 })));
    expect(orders.every((r) => r.total_count >= 5)).toBe(true);
    expect(client.imsTokenRequests).toBe(1);
    sandbox.expireImsTokens();
    await client.orders.search({ pageSize: 1, currentPage: 1 });
    expect(client.imsTokenRequests).toBe(2);
  });
});
