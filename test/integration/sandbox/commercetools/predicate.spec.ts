import { evaluatePredicate, parsePredicate, PredicateSyntaxError } from '../../../../apps/sandbox/src/commercetools';

const order = {
  id: 'b0000000-0000-4000-8000-000000000002',
  orderNumber: 'NO-1001',
  version: 4,
  lastModifiedAt: '2026-01-05T10:00:00.000Z',
  store: { typeId: 'store', key: 'no' },
  paymentInfo: { payments: [{ typeId: 'payment', id: 'p-1' }, { typeId: 'payment', id: 'p-2' }] },
  lineItems: [{ variant: { sku: 'CT-MUG-01' }, quantity: 2 }],
  name: { en: 'Mug' },
  tags: ['a', 'b'],
};

describe('commercetools query predicates (query.raml)', () => {
  it.each([
    ['orderNumber = "NO-1001"', true],
    ['orderNumber != "NO-1001"', false],
    ['version >= 4 and version < 5', true],
    ['lastModifiedAt > "2026-01-05T09:59:59.999Z"', true],
    ['lastModifiedAt = "2026-01-05T10:00:00Z"', true],
    ['lastModifiedAt > "2026-01-05T10:00:00.000Z" or (lastModifiedAt = "2026-01-05T10:00:00.000Z" and id > "b0000000-0000-4000-8000-000000000001")', true],
    ['lastModifiedAt > "2026-01-05T10:00:00.000Z" or (lastModifiedAt = "2026-01-05T10:00:00.000Z" and id > "b0000000-0000-4000-8000-000000000002")', false],
    ['store(key = "no")', true],
    ['store(key = "se")', false],
    ['paymentInfo(payments(id = "p-2"))', true],
    ['paymentInfo(payments(id in ("x", "p-1")))', true],
    ['lineItems(variant(sku = "CT-MUG-01") and quantity = 2)', true],
    ['id in ("a", "b0000000-0000-4000-8000-000000000002")', true],
    ['id not in ("b0000000-0000-4000-8000-000000000002")', false],
    ['not(store(key = "no"))', false],
    ['customerId is not defined and store is defined', true],
    ['tags contains "b"', true],
    ['tags contains all ("a", "c")', false],
    ['name(en = "Mug") OR orderNumber = "x"', true],
    ['missing != "x"', true],
  ])('%s → %s', (text, expected) => {
    expect(evaluatePredicate(parsePredicate(text), order)).toBe(expected);
  });

  it('should substitute var.* values, a repeated one as a list', () => {
    const vars = new Map([['n', ['NO-1001']], ['ids', ['x', 'p-1']]]);
    expect(evaluatePredicate(parsePredicate('orderNumber = :n', vars), order)).toBe(true);
    expect(evaluatePredicate(parsePredicate('paymentInfo(payments(id in :ids))', vars), order)).toBe(true);
    expect(evaluatePredicate(parsePredicate('version = :v', new Map([['v', ['4']]])), order)).toBe(true);
  });

  it.each(['orderNumber = ', 'orderNumber == "x"', 'store(key = "no"', '(a = 1', 'a = 1 b = 2', 'a = :missing', 'a = "unterminated'])('should reject %s with a column', (text) => {
    expect(() => parsePredicate(text)).toThrow(PredicateSyntaxError);
  });
});
