import { startBigCommerceSandbox, type RunningBigCommerceSandbox } from '../../../../apps/sandbox/src/bigcommerce';
import { api, schemaErrors } from './support';

type Customer = Record<string, unknown> & { id: number; email: string };
type Collection = { data: Customer[]; meta: { pagination: { total: number; count: number; per_page: number; current_page: number; total_pages: number } } };

const newCustomer = (email: string) => ({
  email, first_name: 'Matti', last_name: 'Meikäläinen', company: 'Meikäläinen Oy',
  addresses: [{ first_name: 'Matti', last_name: 'Meikäläinen', address1: 'Aleksanterinkatu 1', city: 'Helsinki', postal_code: '00100', country_code: 'FI' }],
});

describe('BigCommerce sandbox customers v3', () => {
  let sandbox: RunningBigCommerceSandbox;
  let now = Date.parse('2026-02-02T10:00:00Z');

  beforeEach(async () => {
    now = Date.parse('2026-02-02T10:00:00Z');
    sandbox = await startBigCommerceSandbox({ now: () => now });
  });
  afterEach(async () => {
    await sandbox.close();
  });

  it('should create customers from an array body and answer the v3 envelope', async () => {
    const res = await api(sandbox, 'POST', '/v3/customers', { body: [newCustomer('matti@example.fi'), newCustomer('maija@example.fi')] });
    expect(res.status).toBe(200);
    expect(schemaErrors('customers.v3', 'responses/CustomerCollectionResponse', res.body)).toBe('');
    const data = (res.body as Collection).data;
    expect(data.map((c) => c.email)).toEqual(['matti@example.fi', 'maija@example.fi']);
    expect(data[0]).toMatchObject({ first_name: 'Matti', address_count: 1, addresses: [{ customer_id: data[0]?.id, country_code: 'FI', city: 'Helsinki' }] });
    expect(data[0]?.['authentication']).toEqual({ force_password_reset: false });
  });

  it('should answer 422 when a required field is missing or the email is taken', async () => {
    const missing = await api(sandbox, 'POST', '/v3/customers', { body: [{ email: 'x@example.fi', first_name: 'X' }] });
    expect(missing.status).toBe(422);
    expect(schemaErrors('customers.v3', 'components/schemas/ErrorResponse', missing.body)).toBe('');
    expect(missing.body).toMatchObject({ status: 422, errors: { '[0].last_name': expect.any(String) } });
    await api(sandbox, 'POST', '/v3/customers', { body: [newCustomer('taken@example.fi')] });
    const taken = await api(sandbox, 'POST', '/v3/customers', { body: [newCustomer('TAKEN@example.fi')] });
    expect(taken.status).toBe(422);
  });

  it('should answer 413 when more than 10 customers are sent at once', async () => {
    const body = Array.from({ length: 11 }, (_, i) => newCustomer(`bulk${i}@example.fi`));
    expect((await api(sandbox, 'POST', '/v3/customers', { body })).status).toBe(413);
  });

  it('should update customers by id and move date_modified', async () => {
    const created = ((await api(sandbox, 'POST', '/v3/customers', { body: [newCustomer('upd@example.fi')] })).body as Collection).data[0];
    now += 3_600_000;
    const res = await api(sandbox, 'PUT', '/v3/customers', { body: [{ id: created?.id, company: 'New Oy', origin_channel_id: 1 }] });
    expect(res.status).toBe(200);
    const updated = (res.body as Collection).data[0];
    expect(updated).toMatchObject({ id: created?.id, company: 'New Oy', email: 'upd@example.fi', date_created: created?.['date_created'] });
    expect(Date.parse(String(updated?.['date_modified'])) - Date.parse(String(created?.['date_modified']))).toBe(3_600_000);
    const unknown = await api(sandbox, 'PUT', '/v3/customers', { body: [{ id: 987654, company: 'x' }] });
    expect(unknown.status).toBe(422);
  });

  it('should filter by id:in, email:in and date_modified:min with pagination meta', async () => {
    const created = ((await api(sandbox, 'POST', '/v3/customers', { body: [newCustomer('a@example.fi'), newCustomer('b@example.fi')] })).body as Collection).data;
    const ids = created.map((c) => c.id);
    const byId = (await api(sandbox, 'GET', `/v3/customers?id:in=${ids.join(',')}`)).body as Collection;
    expect(schemaErrors('customers.v3', 'responses/GetCustomerCollectionResponse', byId)).toBe('');
    expect(byId.data.map((c) => c.id)).toEqual(ids);
    expect(byId.meta.pagination).toMatchObject({ total: 2, count: 2, current_page: 1, total_pages: 1 });
    expect(byId.data[0]?.['addresses']).toBeUndefined();

    const byEmail = (await api(sandbox, 'GET', '/v3/customers?email:in=b@example.fi&include=addresses')).body as Collection;
    expect(byEmail.data.map((c) => c.email)).toEqual(['b@example.fi']);
    expect(byEmail.data[0]?.['addresses']).toHaveLength(1);

    now += 60_000;
    await api(sandbox, 'PUT', '/v3/customers', { body: [{ id: ids[0], notes: 'changed' }] });
    const since = new Date(now).toISOString().replace(/\.\d{3}Z$/, '');
    const changed = (await api(sandbox, 'GET', `/v3/customers?date_modified:min=${since}`)).body as Collection;
    expect(changed.data.map((c) => c.id)).toEqual([ids[0]]);
  });

  it('should page the seeded customers with limit and page', async () => {
    const all = (await api(sandbox, 'GET', '/v3/customers?limit=250')).body as Collection;
    all.data.forEach((c) => expect(schemaErrors('customers.v3', 'components/schemas/customer_Full', c)).toBe(''));
    const page2 = (await api(sandbox, 'GET', '/v3/customers?limit=1&page=2')).body as Collection;
    expect(page2.data.map((c) => c.id)).toEqual([all.data[1]?.id]);
    expect(page2.meta.pagination).toMatchObject({ total: all.data.length, per_page: 1, current_page: 2, total_pages: all.data.length });
  });
});
