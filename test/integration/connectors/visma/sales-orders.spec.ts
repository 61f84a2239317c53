import {
  ConnectorError,
  ConnectorTransientError,
  ConnectorValidationError,
  FenceExpiredError,
  createVismaClient,
  salesOrderKeyFromLocation,
  type Clock,
  type VismaClient,
} from '@mlc/connectors';
import { parseMappingRules, parseMinor, parseVismaSalesOrderSettings, toVismaSalesOrder, type SalesDocument, type VismaSalesOrderSettingsInput } from '@mlc/mapping';
import { startVismaSandbox, VISMA_DEMO, type RunningVismaSandbox } from '@mlc/sandbox';
import { startCountingServer, type CountingServer } from '../../../support/counting-server';

const NORWAY = VISMA_DEMO.companies.norway;
const instantClock: Clock = { now: () => Date.now(), sleep: () => Promise.resolve() };
const RULES = parseMappingRules({
  accounts: { byLineType: { product: '3000', shipping: '3700', rounding: '7770' } },
  vatCodes: [{ country: 'NO', ratePercent: '25', vatCodeId: '3' }, { country: 'NO', ratePercent: '15', vatCodeId: '31' }],
  rounding: { vatCodeId: '6', maxAdjustment: '1.00' },
  invoice: { branchNumber: '1', creditTermsId: '14' },
});
const SETTINGS: VismaSalesOrderSettingsInput = { numbering: { prefix: 'BC' }, inventory: { byLineType: { shipping: 'FRAKT', rounding: 'AVRUNDING' } } };

/** A canonical order (minor units): 3 × 99.50 ex VAT @25 %, 2 × 249.00 @15 %, shipping 79.00 @25 %; total 1 057.03 + rounding. */
function order(orderNumber: string): SalesDocument {
  const line = (lineId: string, type: 'product' | 'shipping', sku: string | undefined, quantity: string, unit: number, rate: string) => {
    const qty = Number(quantity);
    const net = unit * qty;
    const tax = Math.round((net * Number(rate)) / 100);
    return {
      lineId, type, ...(sku ? { sku } : {}), name: sku ?? 'Frakt', quantity, unitPriceExTaxMinor: unit, unitPriceIncTaxMinor: unit + Math.round((unit * Number(rate)) / 100),
      netMinor: net, taxMinor: tax, grossMinor: net + tax, taxRatePercent: rate, taxClass: '', categoryIds: [], channelId: '1', country: 'NO',
    };
  };
  const lines = [line('product:1', 'product', 'KOPP-01', '3', 9950, '25'), line('product:2', 'product', 'KAFFE-1KG', '2', 24900, '15'), line('shipping', 'shipping', undefined, '1', 7900, '25')];
  const net = lines.reduce((s, l) => s + l.netMinor, 0);
  const tax = lines.reduce((s, l) => s + l.taxMinor, 0);
  return {
    kind: 'invoice',
    source: { system: 'bigcommerce', storeId: 'store-1', orderId: orderNumber, externalReference: `bc:store-1:${orderNumber}` },
    orderNumber, currency: 'NOK', issueDate: '2025-05-02', isTaxInclusivePricing: false, channelId: '1', country: 'NO',
    customer: { email: 'post@fjordkaffe.example', name: 'Fjordkaffe AS', shopCustomerId: '7', billingAddress: { name: 'Fjordkaffe AS', line1: 'Bryggen 5', postalCode: '5003', city: 'Bergen', countryCode: 'NO' } },
    lines, totals: { netMinor: net, taxMinor: tax, grossMinor: net + tax + 1 }, paymentMethod: 'card', couponCodes: [], settlements: [],
  };
}

function build(orderNumber: string, settings: VismaSalesOrderSettingsInput = SETTINGS) {
  const result = toVismaSalesOrder(order(orderNumber), RULES, parseVismaSalesOrderSettings(settings), { customerNumber: '10000' });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result;
}

describe('VismaSalesOrderClient against the Visma sandbox', () => {
  let sandbox: RunningVismaSandbox;
  const make = (): VismaClient =>
    createVismaClient(
      { clientId: VISMA_DEMO.clientId, clientSecret: VISMA_DEMO.clientSecret, tenantId: NORWAY.tenantId },
      { companyId: NORWAY.companyId, apiBaseUrl: sandbox.url, tokenUrl: `${sandbox.url}/connect/token`, clock: instantClock },
    );
  const posts = () => sandbox.log.list({ method: 'POST', pathContains: '/v1/salesorder' });
  const lease = () => Promise.resolve(Date.now() + 5_000);

  beforeAll(async () => {
    sandbox = await startVismaSandbox({ maxPageSize: 2 });
  });
  beforeEach(() => {
    sandbox.reset();
    sandbox.faults.clear();
    sandbox.log.clear();
  });
  afterAll(async () => sandbox.close());

  it('should create a mapped order under our own number and read it back balanced to the cent', async () => {
    const client = make();
    const { document, key, plan } = build('1001');
    const created = await client.salesOrders.create(document, { fence: lease });
    expect(created).toEqual({ orderType: 'SO', orderNumber: 'BC1001', etag: expect.stringMatching(/^".+"$/) as unknown });

    const { record, etag } = await client.salesOrders.get({ orderType: 'SO', orderNumber: 'BC1001' });
    expect(etag).toBe(created.etag);
    expect([record.orderNo, record.customerRefNo, record.customerOrder, record.status, record.currency]).toEqual(['BC1001', key.customerRefNo, '1001', 'Open', 'NOK']);
    expect(parseMinor(record.orderTotal ?? '', 'NOK', 'orderTotal')).toBe(plan.grossMinor);
    expect(record.lines?.map((l) => [l.inventory?.number, l.taxCategory, l.extPrice])).toEqual([
      ['KOPP-01', '3', '298.5'], ['KAFFE-1KG', '31', '498'], ['FRAKT', '3', '79'], ['AVRUNDING', '6', '0.01'],
    ]);
  });

  it('should find a posted order again with one GET and not post twice when the first answer was lost', async () => {
    const client = make();
    const { document, key } = build('1002');
    expect(await client.salesOrders.findByKey({ orderType: 'SO', orderNumber: 'BC1002', externalReference: key.customerRefNo })).toBeUndefined();
    sandbox.faults.arm({ kind: 'lose-reply', count: 1, method: 'POST', pathContains: '/v1/salesorder' });
    await expect(client.salesOrders.create(document, { fence: lease })).rejects.toBeInstanceOf(ConnectorTransientError);
    expect(posts()).toHaveLength(1);

    sandbox.log.clear();
    const found = await client.salesOrders.findByKey({ orderType: 'SO', orderNumber: 'BC1002', externalReference: key.customerRefNo });
    expect(found?.record.orderNo).toBe('BC1002');
    expect(sandbox.log.list({})).toHaveLength(1);
    expect(posts()).toHaveLength(0);
    expect(sandbox.store(NORWAY.tenantId).salesOrders.size).toBe(1);
  });

  it('should report, not adopt, an order whose number is taken by another document', async () => {
    const client = make();
    await client.salesOrders.create(build('1003').document);
    const err: unknown = await client.salesOrders.findByKey({ orderType: 'SO', orderNumber: 'BC1003', externalReference: 'wc:other-shop:1003' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorValidationError);
    expect((err as ConnectorValidationError).fieldErrors.map((f) => f.field)).toEqual(['orderNumber']);
    expect((err as ConnectorValidationError).retryable).toBe(false);
    const duplicate: unknown = await client.salesOrders.create(build('1003').document).catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(ConnectorValidationError);
  });

  it('should not send the POST when the write fence refuses an expired lease', async () => {
    const client = make();
    const { document } = build('1004');
    await expect(client.salesOrders.create(document, { fence: () => Promise.reject(new Error('lease lost')) })).rejects.toThrow('lease lost');
    await expect(client.salesOrders.create(document, { fence: () => Promise.resolve(Date.now() - 1) })).rejects.toBeInstanceOf(FenceExpiredError);
    expect(posts()).toHaveLength(0);
    expect(sandbox.store(NORWAY.tenantId).salesOrders.size).toBe(0);
  });

  it('should take the number series key from Location and find such an order only by scanning customerRefNo', async () => {
    const client = make();
    const since = new Date(Date.now() - 1000);
    const first = await client.salesOrders.create(build('2001', { ...SETTINGS, numbering: { mode: 'number-series' } }).document);
    const second = await client.salesOrders.create(build('2002', { ...SETTINGS, numbering: { mode: 'number-series' } }).document);
    await client.salesOrders.create(build('2003', { ...SETTINGS, numbering: { mode: 'number-series' } }).document);
    expect([first.orderNumber, second.orderNumber]).toEqual(['000001', '000002']);

    sandbox.log.clear();
    const found = await client.salesOrders.findByCustomerRefNo('bc:store-1:2002', { since, orderType: 'SO' });
    expect(found.map((o) => o.orderNo)).toEqual(['000002']);
    expect(sandbox.log.list({ method: 'GET', pathContains: '/v1/salesorder' })).toHaveLength(2);
    const pages = [];
    for await (const page of client.salesOrders.listModifiedSince({ since }, { orderType: 'SO' })) pages.push(page.items.map((o) => o.orderNo));
    expect(pages).toEqual([['000001', '000002'], ['000003']]);
  });
});

describe('VismaSalesOrderClient create without a usable Location (counting server)', () => {
  let server: CountingServer;
  beforeEach(async () => {
    server = await startCountingServer();
    server.route('POST', '/connect/token', () => ({ status: 200, body: { access_token: 'tok', expires_in: 3600, token_type: 'Bearer' } }));
  });
  afterEach(async () => server.close());
  const make = () => createVismaClient({ clientId: 'c', clientSecret: 's', tenantId: 't' }, { companyId: '1', apiBaseUrl: server.url, tokenUrl: `${server.url}/connect/token`, clock: instantClock });

  it('should fall back to our own order number, and fail loudly when Visma numbered it', async () => {
    server.route('POST', '/v1/salesorder', [{ status: 201 }, { status: 201 }]);
    const own = build('3001').document;
    expect(await make().salesOrders.create(own)).toEqual({ orderType: 'SO', orderNumber: 'BC3001', etag: undefined });
    const series = build('3002', { ...SETTINGS, numbering: { mode: 'number-series' } }).document;
    const err: unknown = await make().salesOrders.create(series).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect((err as ConnectorError).code).toBe('unexpected_status');
    expect(server.count('POST', '/v1/salesorder')).toBe(2);
  });

  it.each([
    ['https://api.finance.visma.net/v1/salesorder/000123', { orderType: undefined, orderNumber: '000123' }],
    ['/v1/salesorder/SO/BC%201', { orderType: 'SO', orderNumber: 'BC 1' }],
    ['/v1/customer/10000', undefined],
    [undefined, undefined],
  ] as const)('should read the key of Location %s', (location, expected) => {
    expect(salesOrderKeyFromLocation(location)).toEqual(expected);
  });
});
