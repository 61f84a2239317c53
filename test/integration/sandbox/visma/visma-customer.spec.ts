import { startVismaSandbox, VISMA_DEMO, VISMA_FAULT_CODES, type RunningVismaSandbox } from '../../../../apps/sandbox/src/visma';
import { accessToken, fakeClock, http, VISMA_EXCEPTION_KEYS, VismaSchemaValidator } from './visma-sandbox.helpers';

const MAX_PAGE_SIZE = 3;
const NORWAY = VISMA_DEMO.companies.norway;

describe('Visma sandbox: customers', () => {
  const clock = fakeClock('2025-04-01T09:00:00.000Z');
  const schemas = new VismaSchemaValidator();
  let sandbox: RunningVismaSandbox;
  let auth: Record<string, string>;

  beforeAll(async () => {
    sandbox = await startVismaSandbox({ clock: clock.now, maxPageSize: MAX_PAGE_SIZE });
    auth = { authorization: `Bearer ${await accessToken(sandbox.url)}` };
  });
  beforeEach(() => sandbox.reset());
  afterAll(async () => sandbox.close());

  const createCustomer = async (name: string, extra: Record<string, unknown> = {}): Promise<string> => {
    const body = { name: { value: name }, ...extra };
    expect(schemas.errors('CustomerUpdateDto', body)).toEqual([]);
    const created = await http('POST', `${sandbox.url}/v1/customer`, { headers: auth, json: body });
    expect(created.status).toBe(201);
    return created.headers['location'] ?? '';
  };

  it('should create, read with ETag, refuse a stale If-Match with 412 and accept a fresh one with 204 and a new ETag', async () => {
    const body = {
      name: { value: 'Havbris Sport AS' },
      corporateId: { value: '934567890' },
      mainAddress: { value: { addressLine1: { value: 'Kaigata 2' }, postalCode: { value: '5016' }, city: { value: 'Bergen' }, countryId: { value: 'NO' } } },
      mainContact: { value: { email: { value: 'ordre@havbris.example' }, phone1: { value: '+47 55 00 00 00' } } },
    };
    expect(schemas.errors('CustomerUpdateDto', body)).toEqual([]);
    const created = await http('POST', `${sandbox.url}/v1/customer`, { headers: auth, json: body });
    expect(created.status).toBe(201);
    expect(created.text).toBe('');
    const location = created.headers['location'] ?? '';
    expect(location).toMatch(new RegExp(`^${sandbox.url}/v1/customer/\\d+$`));
    const number = location.split('/').pop() ?? '';
    expect(sandbox.store(NORWAY.tenantId).customers.has(number)).toBe(true);

    const first = await http('GET', location, { headers: auth });
    expect(first.status).toBe(200);
    expect(schemas.errors('CustomerDto', first.json)).toEqual([]);
    const dto = first.json as Record<string, unknown>;
    expect(dto['number']).toBe(number);
    expect(dto['status']).toBe('Active');
    expect((dto['mainContact'] as Record<string, unknown>)['email']).toBe('ordre@havbris.example');
    const etag = first.headers['etag'] ?? '';
    expect(etag).toMatch(/^".+"$/);

    clock.advance(60_000);
    const fresh = await http('PUT', location, { headers: { ...auth, 'if-match': etag }, json: { name: { value: 'Havbris Sport og Fritid AS' } } });
    expect(fresh.status).toBe(204);
    const newEtag = fresh.headers['etag'] ?? '';
    expect(newEtag).not.toBe(etag);

    const stale = await http('PUT', location, { headers: { ...auth, 'if-match': etag }, json: { name: { value: 'Lost update AS' } } });
    expect(stale.status).toBe(412);
    expect(Object.keys(stale.json as object).sort()).toEqual(VISMA_EXCEPTION_KEYS);
    expect((stale.json as Record<string, string>)['ExceptionFaultCode']).toBe(VISMA_FAULT_CODES.preconditionFailed);

    const after = await http('GET', location, { headers: auth });
    expect(after.headers['etag']).toBe(newEtag);
    const updated = after.json as Record<string, string>;
    expect(updated['name']).toBe('Havbris Sport og Fritid AS');
    expect(Date.parse(updated['lastModifiedDateTime'] ?? '')).toBe(clock.now());
    expect(Date.parse(updated['createdDateTime'] ?? '')).toBe(clock.now() - 60_000);
  });

  it('should update without If-Match when the header is absent', async () => {
    const location = await createCustomer('Uten Etag AS');
    const put = await http('PUT', location, { headers: auth, json: { status: { value: 'OnHold' } } });
    expect(put.status).toBe(204);
    expect(((await http('GET', location, { headers: auth })).json as Record<string, string>)['status']).toBe('OnHold');
  });

  it('should answer 400 in Visma error shape when the mandatory name is missing or the number already exists', async () => {
    const noName = await http('POST', `${sandbox.url}/v1/customer`, { headers: auth, json: { corporateId: { value: '1' } } });
    expect(noName.status).toBe(400);
    expect(Object.keys(noName.json as object).sort()).toEqual(VISMA_EXCEPTION_KEYS);
    const duplicate = await http('POST', `${sandbox.url}/v1/customer`, { headers: auth, json: { number: { value: '10000' }, name: { value: 'X' } } });
    expect(duplicate.status).toBe(400);
    expect((duplicate.json as Record<string, string>)['ExceptionFaultCode']).toBe(VISMA_FAULT_CODES.duplicate);
    const badClass = await http('POST', `${sandbox.url}/v1/customer`, { headers: auth, json: { name: { value: 'X' }, customerClassId: { value: 'NOPE' } } });
    expect(badClass.status).toBe(400);
    const notWrapped = await http('POST', `${sandbox.url}/v1/customer`, { headers: auth, json: { name: 'Plain string' } });
    expect(notWrapped.status).toBe(400);
  });

  it('should answer 404 when the customer does not exist', async () => {
    const answer = await http('GET', `${sandbox.url}/v1/customer/99999`, { headers: auth });
    expect(answer.status).toBe(404);
    expect(Object.keys(answer.json as object).sort()).toEqual(VISMA_EXCEPTION_KEYS);
  });

  it('should page with metadata {totalCount, maxPageSize} on every item and cut pageSize to the maximum', async () => {
    const total = sandbox.store(NORWAY.tenantId).customers.size;
    const seen: string[] = [];
    for (let page = 1; page <= Math.ceil(total / 2); page += 1) {
      const answer = await http('GET', `${sandbox.url}/v1/customer?pageNumber=${page}&pageSize=2`, { headers: auth });
      expect(answer.status).toBe(200);
      expect(schemas.listErrors('CustomerDto', answer.json)).toEqual([]);
      for (const item of answer.json as Array<{ number: string; metadata: unknown }>) {
        expect(item.metadata).toEqual({ totalCount: total, maxPageSize: MAX_PAGE_SIZE });
        seen.push(item.number);
      }
    }
    expect(seen.sort()).toEqual([...sandbox.store(NORWAY.tenantId).customers.keys()].sort());
    const big = await http('GET', `${sandbox.url}/v1/customer?pageNumber=1&pageSize=500`, { headers: auth });
    expect((big.json as unknown[]).length).toBe(Math.min(total, MAX_PAGE_SIZE));
    const bad = await http('GET', `${sandbox.url}/v1/customer?pageNumber=0`, { headers: auth });
    expect(bad.status).toBe(400);
  });

  it('should return only customers changed since the cursor when lastModifiedDateTime and its condition are given', async () => {
    const cursor = clock.now();
    clock.advance(1500);
    const location = await createCustomer('Delta Kunde AS', { mainContact: { value: { email: { value: 'Delta@Example.com' } } } });
    const number = location.split('/').pop();
    const cursorText = new Date(cursor).toISOString().replace('Z', '');
    for (const [condition, expectNew] of [['>', true], ['>=', true], ['<', false], ['<=', false]] as const) {
      const q = new URLSearchParams({ lastModifiedDateTime: cursorText, lastModifiedDateTimeCondition: condition, pageNumber: '1', pageSize: '3' });
      const answer = await http('GET', `${sandbox.url}/v1/customer?${q.toString()}`, { headers: auth });
      expect(answer.status).toBe(200);
      const numbers = (answer.json as Array<{ number: string }>).map((c) => c.number);
      expect(numbers.includes(number ?? '')).toBe(expectNew);
      if (expectNew) expect(numbers).toEqual([number]);
    }
    const spaced = cursorText.replace('T', ' ');
    const created = await http('GET', `${sandbox.url}/v1/customer?createdDateTime=${encodeURIComponent(spaced)}&createdDateTimeCondition=${encodeURIComponent('>')}`, { headers: auth });
    expect((created.json as Array<{ number: string }>).map((c) => c.number)).toEqual([number]);
    const byEmail = await http('GET', `${sandbox.url}/v1/customer?email=delta%40example.com`, { headers: auth });
    expect((byEmail.json as Array<{ number: string }>).map((c) => c.number)).toEqual([number]);
  });

  it('should answer 400 when only one of lastModifiedDateTime / lastModifiedDateTimeCondition is given or a value is malformed', async () => {
    for (const query of [
      'lastModifiedDateTime=2025-01-01',
      'lastModifiedDateTimeCondition=%3E',
      'createdDateTime=2025-01-01',
      'lastModifiedDateTime=01.01.2025&lastModifiedDateTimeCondition=%3E',
      'lastModifiedDateTime=2025-01-01&lastModifiedDateTimeCondition=%3D%3D',
      'status=Sleeping',
    ]) {
      const answer = await http('GET', `${sandbox.url}/v1/customer?${query}`, { headers: auth });
      expect([query, answer.status]).toEqual([query, 400]);
      expect((answer.json as Record<string, string>)['ExceptionFaultCode']).toBe(VISMA_FAULT_CODES.badFilter);
    }
  });

  it('should keep companies apart when the token selects the Swedish tenant', async () => {
    const seToken = await accessToken(sandbox.url, { tenantId: VISMA_DEMO.companies.sweden.tenantId });
    const answer = await http('GET', `${sandbox.url}/v1/customer`, { headers: { authorization: `Bearer ${seToken}` } });
    const numbers = (answer.json as Array<{ number: string; currencyId: string }>).map((c) => c.number).sort();
    expect(numbers).toEqual([...sandbox.store(VISMA_DEMO.companies.sweden.companyId).customers.keys()].sort());
    expect(numbers.some((n) => sandbox.store(NORWAY.tenantId).customers.has(n))).toBe(false);
  });
});
