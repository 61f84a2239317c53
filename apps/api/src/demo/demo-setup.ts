import { BIGCOMMERCE_DEMO, type RunningSandboxes, VISMA_DEMO } from '@mlc/sandbox';
import type { MappingRulesInput } from '@mlc/mapping';
import { DEMO_MAPPING_RULES } from './demo-mapping';

/** What `setUpDemo` created, for the summary and for tests. */
export type DemoSetup = { bigcommerceConnectionId: string; vismaConnectionId: string; flowId: string; token: string };

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
 * signs in, adds the demo BigCommerce store and the demo Visma company, creates the flow (orders, refunds,
 * customers), saves the demo mapping, registers the store's webhooks at `publicBaseUrl`, and asks for a
 * reconciliation poll so the store's existing orders flow too. Idempotent: reuses what exists by name.
 */
export async function setUpDemo(options: {
  apiUrl: string;
  publicBaseUrl: string;
  sandboxes: Pick<RunningSandboxes, 'visma' | 'bigcommerce'>;
  admin: { email: string; password: string };
  rules?: MappingRulesInput;
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
  const company = VISMA_DEMO.companies.norway;
  const vismaConnectionId = await findOrCreate(`Visma: ${company.name}`, {
    system: 'visma',
    settings: {
      companyId: company.companyId,
      apiBaseUrl: options.sandboxes.visma.url,
      tokenUrl: `${options.sandboxes.visma.url}/connect/token`,
      callsPerHour: options.callsPerHour ?? 500,
    },
    credentials: { clientId: VISMA_DEMO.clientId, clientSecret: VISMA_DEMO.clientSecret, tenantId: company.tenantId },
  });
  const flows = await expectOk<{ id: string; sourceConnectionId: string }[]>('list flows', call('GET', '/api/flows'));
  const flowId =
    flows.find((f) => f.sourceConnectionId === bigcommerceConnectionId)?.id ??
    (await expectOk<{ id: string }>('create flow', call('POST', '/api/flows', {
      name: `BigCommerce → ${company.name}`,
      sourceConnectionId: bigcommerceConnectionId,
      targetConnectionId: vismaConnectionId,
      entities: ['order', 'refund', 'customer'],
      backfillFrom: '2015-01-01T00:00:00Z',
    }))).id;
  await expectOk('save mapping', call('PUT', `/api/flows/${flowId}/mapping`, { rules: options.rules ?? DEMO_MAPPING_RULES }));
  await expectOk('register webhooks', call('POST', `/api/connections/${bigcommerceConnectionId}/webhooks`, { publicBaseUrl: options.publicBaseUrl }));
  await expectOk('reconcile', call('POST', `/api/connections/${bigcommerceConnectionId}/reconcile`));
  return { bigcommerceConnectionId, vismaConnectionId, flowId, token: login.token };
}
