import { ADOBE_COMMERCE_DEMO, BIGCOMMERCE_DEMO, COMMERCETOOLS_DEMO, type RunningSandboxes, VISMA_DEMO, WOOCOMMERCE_DEMO } from '@mlc/sandbox';
import type { MappingRulesInput } from '@mlc/mapping';
import { DEMO_MAPPING_RULES, DEMO_SWEDEN_MAPPING_RULES } from './demo-mapping';

/** What `setUpDemo` created, for the summary and for tests. */
export type DemoSetup = {
  bigcommerceConnectionId: string;
  vismaConnectionId: string;
  vismaSwedenConnectionId: string;
  flowId: string;
  /** Set when the WooCommerce sandbox was given: its connection and flow. */
  woocommerce?: { connectionId: string; flowId: string };
  /** Set when the Adobe Commerce sandbox was given: its connection, its flow into Visma and Visma's supplier-invoice flow back. */
  adobeCommerce?: { connectionId: string; flowId: string; procurementFlowId: string };
  /** Set when the commercetools sandbox was given: its project connection, its flow into both demo companies, and the Norwegian company's stock flow into it. */
  commercetools?: { connectionId: string; flowId: string; stockFlowId: string; productFlowId: string };
  /** Set when the BigQuery simulator was given: its connection and the Norwegian company's export flow into it. */
  bigquery?: { connectionId: string; exportFlowId: string; firstRunId: string };
  token: string;
};

/** What the demo needs of a BigQuery simulator (apps/sandbox/src/bigquery): its API origin and a service-account key it trusts. */
export type DemoBigQuerySandbox = { apiEndpoint: string; serviceAccountKey: object; location: string };

type Call = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: unknown }>;

function caller(apiUrl: string, token?: string): Call {
  return async (method, path, body) => {
    const res = await fetch(apiUrl + path, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
}

async function expectOk<T>(what: string, res: Promise<{ status: number; body: unknown }>): Promise<T> {
  const { status, body } = await res;
  if (status >= 300) throw new Error(`demo set-up: ${what} answered ${status}: ${JSON.stringify(body)}`);
  return body as T;
}

/**
 * Configures a running ml-connector for the sandboxes, through its own HTTP API exactly as an admin would:
 * signs in, adds the demo BigCommerce store and the two demo Visma companies (Norwegian and Swedish), creates the flow
 * (orders, refunds, customers; SEK orders and Swedish addresses routed to the Swedish company), saves each company's
 * mapping, registers the store's webhooks at `publicBaseUrl`, and asks for a catch-up poll so the store's existing
 * orders flow too. With the WooCommerce sandbox it does the same for the demo WooCommerce shop (Nordic addresses to
 * their company, hourly poll). Idempotent: reuses what exists by name.
 */
export async function setUpDemo(options: {
  apiUrl: string;
  publicBaseUrl: string;
  sandboxes: Pick<RunningSandboxes, 'visma' | 'bigcommerce'> & Partial<Pick<RunningSandboxes, 'woocommerce' | 'adobeCommerce' | 'commercetools'>> & { bigquery?: DemoBigQuerySandbox };
  admin: { email: string; password: string };
  rules?: MappingRulesInput;
  swedenRules?: MappingRulesInput;
  callsPerHour?: number;
}): Promise<DemoSetup> {
  const login = await expectOk<{ token: string }>('sign-in', caller(options.apiUrl)('POST', '/api/auth/login', options.admin));
  const call = caller(options.apiUrl, login.token);
  const existing = await expectOk<{ id: string; name: string }[]>('list connections', call('GET', '/api/connections'));
  const findOrCreate = async (name: string, body: Record<string, unknown>): Promise<string> =>
    existing.find((c) => c.name === name)?.id ?? (await expectOk<{ id: string }>(`create ${name}`, call('POST', '/api/connections', { name, ...body }))).id;

  const bigcommerceConnectionId = await findOrCreate('Demo BigCommerce store', {
    system: 'bigcommerce',
    settings: { storeHash: BIGCOMMERCE_DEMO.storeHash, apiBaseUrl: options.sandboxes.bigcommerce.url },
    credentials: { accessToken: BIGCOMMERCE_DEMO.accessToken, clientSecret: BIGCOMMERCE_DEMO.clientSecret },
  });
  const vismaCompany = (company: { name: string; companyId: string; tenantId: string }) =>
    findOrCreate(`Visma: ${company.name}`, {
      system: 'visma',
      settings: {
        companyId: company.companyId,
        apiBaseUrl: options.sandboxes.visma.url,
        tokenUrl: `${options.sandboxes.visma.url}/connect/token`,
        callsPerHour: options.callsPerHour ?? 500,
      },
      credentials: { clientId: VISMA_DEMO.clientId, clientSecret: VISMA_DEMO.clientSecret, tenantId: company.tenantId },
    });
  const company = VISMA_DEMO.companies.norway;
  const vismaConnectionId = await vismaCompany(company);
  const vismaSwedenConnectionId = await vismaCompany(VISMA_DEMO.companies.sweden);
  const flows = await expectOk<{ id: string; sourceConnectionId: string; targetConnectionId?: string; entities?: string[] }[]>('list flows', call('GET', '/api/flows'));
  const flowId =
    flows.find((f) => f.sourceConnectionId === bigcommerceConnectionId)?.id ??
    (await expectOk<{ id: string }>('create flow', call('POST', '/api/flows', {
      name: `BigCommerce → ${company.name} / ${VISMA_DEMO.companies.sweden.name}`,
      sourceConnectionId: bigcommerceConnectionId,
      targetConnectionId: vismaConnectionId,
      entities: ['order', 'refund', 'customer'],
      // Swedish crowns and Swedish addresses belong to the Swedish company; everything else to the Norwegian one.
      routing: {
        rules: [
          { targetConnectionId: vismaSwedenConnectionId, currencies: ['SEK'], label: 'SEK orders' },
          { targetConnectionId: vismaSwedenConnectionId, countries: ['SE'], label: 'Swedish addresses' },
        ],
        unmatched: 'default',
      },
      backfillFrom: '2015-01-01T00:00:00Z',
    }))).id;
  await expectOk('save mapping', call('PUT', `/api/connections/${vismaConnectionId}/mapping`, { rules: options.rules ?? DEMO_MAPPING_RULES }));
  await expectOk('save Swedish mapping', call('PUT', `/api/connections/${vismaSwedenConnectionId}/mapping`, { rules: options.swedenRules ?? DEMO_SWEDEN_MAPPING_RULES }));
  await expectOk('register webhooks', call('POST', `/api/connections/${bigcommerceConnectionId}/webhooks`, { publicBaseUrl: options.publicBaseUrl }));
  await expectOk('catch up', call('POST', `/api/connections/${bigcommerceConnectionId}/catch-up`));

  let woocommerce: DemoSetup['woocommerce'];
  if (options.sandboxes.woocommerce) {
    const connectionId = await findOrCreate('Demo WooCommerce shop', {
      system: 'woocommerce',
      settings: { siteUrl: options.sandboxes.woocommerce.url, authMode: 'auto' },
      credentials: { consumerKey: WOOCOMMERCE_DEMO.consumerKey, consumerSecret: WOOCOMMERCE_DEMO.consumerSecret },
    });
    const wooFlowId =
      flows.find((f) => f.sourceConnectionId === connectionId)?.id ??
      (await expectOk<{ id: string }>('create WooCommerce flow', call('POST', '/api/flows', {
        name: `WooCommerce → ${company.name} / ${VISMA_DEMO.companies.sweden.name}`,
        sourceConnectionId: connectionId,
        targetConnectionId: vismaConnectionId,
        entities: ['order', 'refund', 'customer'],
        // Nordic orders go to their company; the shop's official US example orders have no VAT mapping in either
        // company, so they are skipped with that reason instead of failing.
        routing: {
          rules: [
            { targetConnectionId: vismaSwedenConnectionId, countries: ['SE'], label: 'Swedish addresses' },
            { targetConnectionId: vismaConnectionId, countries: ['NO'], label: 'Norwegian addresses' },
          ],
          unmatched: 'skip',
        },
        // Hourly polls are the source of truth; webhooks make it immediate.
        catchUpSchedule: { kind: 'every', minutes: 60 },
        backfillFrom: '2015-01-01T00:00:00Z',
      }))).id;
    await expectOk('register WooCommerce webhooks', call('POST', `/api/connections/${connectionId}/webhooks`, { publicBaseUrl: options.publicBaseUrl }));
    await expectOk('catch up WooCommerce', call('POST', `/api/connections/${connectionId}/catch-up`));
    woocommerce = { connectionId, flowId: wooFlowId };
  }
  const adobeCommerce = options.sandboxes.adobeCommerce
    ? await setUpAdobeCommerce(call, findOrCreate, flows, options.sandboxes.adobeCommerce, { vismaConnectionId, companyName: company.name, publicBaseUrl: options.publicBaseUrl })
    : undefined;
  const commercetools = options.sandboxes.commercetools
    ? await setUpCommercetools(call, findOrCreate, flows, options.sandboxes.commercetools, { vismaConnectionId, vismaSwedenConnectionId, companyName: company.name })
    : undefined;
  const bigquery = options.sandboxes.bigquery ? await setUpBigQuery(call, findOrCreate, options.sandboxes.bigquery, { vismaConnectionId, companyName: company.name }) : undefined;
  return {
    bigcommerceConnectionId,
    vismaConnectionId,
    vismaSwedenConnectionId,
    flowId,
    ...(woocommerce ? { woocommerce } : {}),
    ...(adobeCommerce ? { adobeCommerce } : {}),
    ...(commercetools ? { commercetools } : {}),
    ...(bigquery ? { bigquery } : {}),
    token: login.token,
  };
}

/**
 * The demo Adobe Commerce store (PaaS flavour, the integration's OAuth 1.0a keys): a flow of its orders, invoices
 * (captures), credit memos and customers into the Norwegian company, and a flow of that company's supplier invoices back
 * onto the store's products; webhooks registered, and both caught up at once (their schedule is daily).
 */
async function setUpAdobeCommerce(
  call: Call,
  findOrCreate: (name: string, body: Record<string, unknown>) => Promise<string>,
  flows: { id: string; sourceConnectionId: string; targetConnectionId?: string }[],
  sandbox: RunningSandboxes['adobeCommerce'],
  ctx: { vismaConnectionId: string; companyName: string; publicBaseUrl: string },
): Promise<NonNullable<DemoSetup['adobeCommerce']>> {
  const connectionId = await findOrCreate('Demo Adobe Commerce store', {
    system: 'adobe-commerce',
    settings: { flavour: 'paas', baseUrl: sandbox.paasBaseUrl ?? sandbox.baseUrl, storeCode: ADOBE_COMMERCE_DEMO.storeCode },
    credentials: {
      auth: 'oauth1',
      consumerKey: ADOBE_COMMERCE_DEMO.consumerKey,
      consumerSecret: ADOBE_COMMERCE_DEMO.consumerSecret,
      accessToken: ADOBE_COMMERCE_DEMO.accessToken,
      accessTokenSecret: ADOBE_COMMERCE_DEMO.accessTokenSecret,
    },
  });
  const flowId =
    flows.find((f) => f.sourceConnectionId === connectionId)?.id ??
    (await expectOk<{ id: string }>('create Adobe Commerce flow', call('POST', '/api/flows', {
      name: `Adobe Commerce → ${ctx.companyName}`,
      sourceConnectionId: connectionId,
      targetConnectionId: ctx.vismaConnectionId,
      entities: ['order', 'capture', 'refund', 'customer'],
      backfillFrom: '2015-01-01T00:00:00Z',
    }))).id;
  const procurementFlowId =
    flows.find((f) => f.sourceConnectionId === ctx.vismaConnectionId && f.targetConnectionId === connectionId)?.id ??
    (await expectOk<{ id: string }>('create supplier-invoice flow', call('POST', '/api/flows', {
      name: `${ctx.companyName} supplier invoices → Adobe Commerce products`,
      sourceConnectionId: ctx.vismaConnectionId,
      targetConnectionId: connectionId,
      entities: ['supplier-invoice'],
      backfillFrom: '2015-01-01T00:00:00Z',
    }))).id;
  await expectOk('register Adobe Commerce webhooks', call('POST', `/api/connections/${connectionId}/webhooks`, { publicBaseUrl: ctx.publicBaseUrl }));
  await expectOk('catch up Adobe Commerce', call('POST', `/api/connections/${connectionId}/catch-up`));
  await expectOk('catch up supplier invoices', call('POST', `/api/flows/${procurementFlowId}/catch-up`));
  return { connectionId, flowId, procurementFlowId };
}

/**
 * The demo commercetools project (two stores, Norway and Sweden): one flow of its orders, payment events (charges,
 * refunds, chargebacks, cancellations) and customers, routed by store, then country, to the two demo companies
 * (every event of an order follows its invoice's company), and a flow of the Norwegian company's inventory into the
 * project's inventory entries (the ERP is the source of truth for stock); both caught up at once (commercetools has no
 * HTTP webhooks: its orders are polled every 5 minutes, stock every 15).
 */
async function setUpCommercetools(
  call: Call,
  findOrCreate: (name: string, body: Record<string, unknown>) => Promise<string>,
  flows: { id: string; sourceConnectionId: string; targetConnectionId?: string; entities?: string[] }[],
  sandbox: RunningSandboxes['commercetools'],
  ctx: { vismaConnectionId: string; vismaSwedenConnectionId: string; companyName: string },
): Promise<NonNullable<DemoSetup['commercetools']>> {
  const connectionId = await findOrCreate('Demo commercetools project', {
    system: 'commercetools',
    settings: { region: 'custom', authUrl: sandbox.authUrl, apiUrl: sandbox.apiUrl, projectKey: COMMERCETOOLS_DEMO.projectKey, manageStock: true },
    credentials: { clientId: COMMERCETOOLS_DEMO.clientId, clientSecret: COMMERCETOOLS_DEMO.clientSecret },
  });
  const flowId =
    flows.find((f) => f.sourceConnectionId === connectionId && (f.entities ?? []).includes('order'))?.id ??
    (await expectOk<{ id: string }>('create commercetools flow', call('POST', '/api/flows', {
      name: `commercetools → ${ctx.companyName} / ${VISMA_DEMO.companies.sweden.name}`,
      sourceConnectionId: connectionId,
      targetConnectionId: ctx.vismaConnectionId,
      entities: ['order', 'capture', 'refund', 'customer'],
      routing: {
        rules: [
          { targetConnectionId: ctx.vismaConnectionId, channelIds: ['no'], label: 'Store Norway' },
          { targetConnectionId: ctx.vismaSwedenConnectionId, channelIds: ['se'], label: 'Store Sweden' },
          { targetConnectionId: ctx.vismaSwedenConnectionId, countries: ['SE'], label: 'Swedish orders without a store' },
          { targetConnectionId: ctx.vismaConnectionId, countries: ['NO'], label: 'Norwegian orders without a store' },
        ],
        unmatched: 'skip',
      },
      backfillFrom: '2015-01-01T00:00:00Z',
    }))).id;
  // Stock: the Norwegian company's inventory is the source of truth for the project's inventory entries.
  const stockFlowId =
    flows.find((f) => f.sourceConnectionId === ctx.vismaConnectionId && f.targetConnectionId === connectionId)?.id ??
    (await expectOk<{ id: string }>('create stock flow', call('POST', '/api/flows', {
      name: `${ctx.companyName} stock → commercetools inventory`,
      sourceConnectionId: ctx.vismaConnectionId,
      targetConnectionId: connectionId,
      entities: ['inventory-item'],
      catchUpSchedule: { kind: 'every', minutes: 15 },
      backfillFrom: '2015-01-01T00:00:00Z',
    }))).id;
  // The item master: the project's products become (or update) the Norwegian company's inventory items.
  const productFlowId =
    flows.find((f) => f.sourceConnectionId === connectionId && (f.entities ?? []).includes('product'))?.id ??
    (await expectOk<{ id: string }>('create product flow', call('POST', '/api/flows', {
      name: `commercetools products → ${ctx.companyName} inventory items`,
      sourceConnectionId: connectionId,
      targetConnectionId: ctx.vismaConnectionId,
      entities: ['product'],
      catchUpSchedule: { kind: 'every', minutes: 60 },
      backfillFrom: '2015-01-01T00:00:00Z',
    }))).id;
  await expectOk('catch up commercetools', call('POST', `/api/connections/${connectionId}/catch-up`));
  await expectOk('catch up stock', call('POST', `/api/flows/${stockFlowId}/catch-up`));
  return { connectionId, flowId, stockFlowId, productFlowId };
}

/**
 * The demo analytics warehouse (the BigQuery simulator): a connection with the simulator's service-account key, and an
 * export of the Norwegian company's ledger (every entity of the catalogue) into dataset `visma_ledger`, monthly on the
 * 2nd at 03:00 UTC (the close cycle), with a first run started at once so the tables fill while the demo starts.
 */
async function setUpBigQuery(
  call: Call,
  findOrCreate: (name: string, body: Record<string, unknown>) => Promise<string>,
  sandbox: DemoBigQuerySandbox,
  ctx: { vismaConnectionId: string; companyName: string },
): Promise<NonNullable<DemoSetup['bigquery']>> {
  const connectionId = await findOrCreate('Demo BigQuery warehouse', {
    system: 'bigquery',
    settings: { datasetId: 'visma_ledger', location: sandbox.location, apiEndpoint: sandbox.apiEndpoint },
    credentials: { serviceAccountKey: JSON.stringify(sandbox.serviceAccountKey) },
  });
  const existing = await expectOk<{ flows: { id: string; sourceConnectionId: string; targetConnectionId: string }[] }>('list export flows', call('GET', '/api/export-flows'));
  const exportFlowId =
    existing.flows.find((f) => f.sourceConnectionId === ctx.vismaConnectionId && f.targetConnectionId === connectionId)?.id ??
    (await expectOk<{ id: string }>('create export flow', call('POST', '/api/export-flows', {
      name: `${ctx.companyName} ledger → BigQuery`,
      sourceConnectionId: ctx.vismaConnectionId,
      targetConnectionId: connectionId,
      datasetId: 'visma_ledger',
      schedule: { kind: 'monthly', day: 2, at: '03:00' },
    }))).id;
  const started = await expectOk<{ run: { id: string } }>('start the first export', call('POST', `/api/export-flows/${exportFlowId}/runs`, {}));
  return { connectionId, exportFlowId, firstRunId: started.run.id };
}
