import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ADOBE_COMMERCE_DEMO, startAdobeCommerceSandbox, type RunningAdobeCommerceSandbox } from '../../../../apps/sandbox/src/adobe-commerce';
import type { JsonAnswer } from './support';

/**
 * Adobe's own client against the sandbox over real HTTP: @adobe/aio-commerce-lib-api 1.0.1 (`AdobeCommerceHttpClient`)
 * signs PaaS calls with OAuth 1.0a HMAC-SHA256 (aio-commerce-lib-auth's getIntegrationAuthProvider, oauth-1.0a) on
 * `<baseUrl>/rest/<storeViewCode>/V1`, and gets SaaS tokens through @adobe/aio-lib-ims (client credentials) for
 * `<baseUrl>/V1` with `Store` and `x-api-key` headers. The libraries are ESM-only underneath (ky), so they run in a
 * child Node process (aio-client.runner.mjs); its one seam is the IMS host (see the runner's comment).
 */
type Outcome = { status?: number; body?: JsonAnswer; error?: string };
type Results = { paas: Record<string, Outcome> & { pages: Outcome[] }; saas: Record<string, Outcome> & { imsCalls: string[] } };

describe('Adobe Commerce sandbox with @adobe/aio-commerce-lib-api', () => {
  let sandbox: RunningAdobeCommerceSandbox;
  let results: Results;
  let configDir: string;

  beforeAll(async () => {
    sandbox = await startAdobeCommerceSandbox({ port: 0 });
    configDir = mkdtempSync(join(tmpdir(), 'mlc-aio-config-'));
    const config = {
      sandboxUrl: sandbox.url,
      paasBaseUrl: sandbox.paasBaseUrl,
      saasBaseUrl: sandbox.saasBaseUrl,
      imsBaseUrl: sandbox.url,
      consumerKey: ADOBE_COMMERCE_DEMO.consumerKey,
      consumerSecret: ADOBE_COMMERCE_DEMO.consumerSecret,
      accessToken: ADOBE_COMMERCE_DEMO.accessToken,
      accessTokenSecret: ADOBE_COMMERCE_DEMO.accessTokenSecret,
      imsClientId: ADOBE_COMMERCE_DEMO.imsClientId,
      imsClientSecret: ADOBE_COMMERCE_DEMO.imsClientSecret,
      imsOrgId: ADOBE_COMMERCE_DEMO.imsOrgId,
      technicalAccountId: ADOBE_COMMERCE_DEMO.technicalAccountId,
      technicalAccountEmail: ADOBE_COMMERCE_DEMO.technicalAccountEmail,
      orderId: 5,
      sku: 'NL-WAX/50',
    };
    const { stdout } = await promisify(execFile)(process.execPath, [join(__dirname, 'aio-client.runner.mjs')], {
      env: { ...process.env, AIO_RUNNER_CONFIG: JSON.stringify(config), AIO_CONFIG_FILE: join(configDir, 'aio.json'), XDG_CONFIG_HOME: configDir, NODE_NO_WARNINGS: '1' },
      cwd: configDir,
      timeout: 60_000,
    });
    results = JSON.parse(stdout) as Results;
  }, 90_000);

  afterAll(async () => {
    await sandbox.close();
    rmSync(configDir, { recursive: true, force: true });
  });

  it('should page orders with searchCriteria and answer the last page again past the end', () => {
    const [p1, p2, p3] = results.paas.pages;
    expect(p1?.status).toBe(200);
    expect(p1?.body.total_count).toBe(4);
    expect(p1?.body.items.map((o: { entity_id: number }) => o.entity_id)).toEqual([3, 4]);
    expect(p2?.body.items.map((o: { entity_id: number }) => o.entity_id)).toEqual([5, 6]);
    expect(p1?.body.search_criteria).toEqual({ filter_groups: [], sort_orders: [{ field: 'entity_id', direction: 'ASC' }], page_size: 2, current_page: 1 });
    expect(p3?.body.items.map((o: { entity_id: number }) => o.entity_id)).toEqual([5, 6]);
    expect(results.paas.pastEnd?.body.items.map((o: { entity_id: number }) => o.entity_id)).toEqual([5, 6]);
    expect(results.paas.pastEnd?.body.search_criteria.current_page).toBe(9);
  });

  it('should refuse a query whose brackets oauth-1.0a signed still percent-encoded (the client library\'s trap)', () => {
    expect(results.paas.encodedBrackets).toEqual({ status: 401, body: { message: 'The signature is invalid. Verify and try again.' } });
  });

  it('should filter orders by a raw searchCriteria query string', () => {
    expect(results.paas.filtered?.status).toBe(200);
    expect(results.paas.filtered?.body.items.map((o: { entity_id: number }) => o.entity_id)).toEqual([5]);
  });

  it('should get an order with its configurable parent and child items', () => {
    const order = results.paas.order?.body;
    expect(results.paas.order?.status).toBe(200);
    expect(order.order_currency_code).toBe('SEK');
    expect(order.base_currency_code).toBe('NOK');
    const parent = order.items.find((i: { product_type: string }) => i.product_type === 'configurable');
    const child = order.items.find((i: { parent_item_id?: number }) => i.parent_item_id === parent.item_id);
    expect(child).toMatchObject({ product_type: 'simple', price: 0, sku: 'MH01-S-Gray' });
    expect(parent.sku).toBe('MH01-S-Gray');
  });

  it('should answer 401 with Magento\'s message to a wrong signature', () => {
    expect(results.paas.wrongSignature).toEqual({ status: 401, body: { message: 'The signature is invalid. Verify and try again.' } });
  });

  it('should update a product whose SKU has a slash, keeping cost and dropping an unknown attribute', () => {
    expect(results.paas.productPut?.status).toBe(200);
    const attrs = results.paas.productGet?.body.custom_attributes as Array<{ attribute_code: string; value: string }>;
    expect(attrs).toContainEqual({ attribute_code: 'cost', value: '33.300000' });
    expect(attrs.some((a) => a.attribute_code === 'no_such_attribute')).toBe(false);
    expect(results.paas.productGet?.body.sku).toBe('NL-WAX/50');
  });

  it('should serve SaaS calls with an IMS token from the sandbox token endpoint', () => {
    // one token request per call: aio-commerce-lib-auth's provider re-sets its context (dropping the cached token)
    expect(results.saas.imsCalls.slice(0, 2)).toEqual(['/ims/token/v2', '/ims/token/v2']);
    expect(results.saas.orders?.status).toBe(200);
    expect(results.saas.orders?.body.items).toHaveLength(3);
    expect(results.saas.order?.body.entity_id).toBe(5);
  });

  it('should answer 401 to an expired IMS token', () => {
    expect(results.saas.beforeExpiry?.status).toBe(200);
    expect(results.saas.freshAfterExpiry?.status).toBe(200);
    expect(results.saas.expired).toEqual({ status: 401, body: { error_code: '401013', message: 'Oauth token is not valid' } });
  });

  it('should have seen every client request in the request log', () => {
    const paths = sandbox.log.list().map((e) => `${e.method} ${e.path}`);
    expect(paths).toContain('PUT /rest/all/V1/products/NL-WAX%2F50');
    expect(paths).toContain(`GET /${ADOBE_COMMERCE_DEMO.tenantId}/V1/orders/5`);
  });
});
