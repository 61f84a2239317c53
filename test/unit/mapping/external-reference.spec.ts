import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
  EXTERNAL_REFERENCE_MAX_LENGTH, MappingError, bigCommerceExternalReference, describeExternalReference, externalReference,
  type ExternalReferenceInput, type ExternalReferenceKind, type ExternalReferenceSystem,
} from '@mlc/mapping';

/*
 * The 40-character cap: the Visma.net OpenAPI (shared/specs/visma-net, v1_20250424 and legacy v9.11) gives
 * `externalReference` no maxLength; 40 is the cap libs/connectors enforces before posting
 * (visma/schemas/customer-invoice.schema.ts). See libs/mapping/src/external-reference.ts.
 */

/** Test-side oracle: RFC 4648 base32 (lowercase, no padding) through a bit string, independent of the module. */
function base32(bytes: Uint8Array): string {
  const bits = Array.from(bytes, (b) => b.toString(2).padStart(8, '0')).join('');
  const padded = bits.padEnd(Math.ceil(bits.length / 5) * 5, '0');
  return (padded.match(/.{5}/g) ?? []).map((chunk) => 'abcdefghijklmnopqrstuvwxyz234567'.charAt(parseInt(chunk, 2))).join('');
}
const sha = (text: string): string => base32(createHash('sha256').update(text, 'utf8').digest());
const uuid32 = (uuid: string): string => base32(Buffer.from(uuid.replace(/-/g, ''), 'hex'));

const CT_ORDER = '3f1c2a9e-7b4d-4e8a-9c6f-0d2b5a7e1f30';
const CT_REFUND = 'a7d3e0b2-51c4-4f9a-8e21-6b0c9d4f7a12';
const CT_PAYMENT = 'c0ffee00-1234-4abc-8def-0123456789ab';
const ADOBE_STORE = 'nordic_webshop_store_view_sv';
const WOO_STORE = 'shop.example.com';

describe('externalReference', () => {
  it.each<[string, ExternalReferenceInput, string]>([
    ['a BigCommerce order (legacy string)', { system: 'bigcommerce', storeId: 'mlcdemo1', id: '218' }, 'bc:mlcdemo1:218'],
    ['a BigCommerce refund (legacy string)', { system: 'bigcommerce', storeId: 'mlcdemo1', id: '218', kind: 'refund', subId: '5' }, 'bc:mlcdemo1:218:r5'],
    ['a BigCommerce order given kind order', { system: 'bigcommerce', storeId: 'mlcdemo1', id: '218', kind: 'order' }, 'bc:mlcdemo1:218'],
    ['a BigCommerce cancellation without sub id', { system: 'bigcommerce', storeId: 'mlcdemo1', id: '218', kind: 'cancellation' }, 'bc:mlcdemo1:218:x'],
    ['a WooCommerce order on a site host', { system: 'woocommerce', storeId: WOO_STORE, id: '1234' }, `wc:~${sha(WOO_STORE).slice(0, 8)}:1234`],
    ['a WooCommerce refund', { system: 'woocommerce', storeId: WOO_STORE, id: '1234', kind: 'refund', subId: '77' }, `wc:~${sha(WOO_STORE).slice(0, 8)}:1234:r77`],
    ['a WooCommerce payment on a plain host', { system: 'woocommerce', storeId: 'localhost', id: '1234', kind: 'payment', subId: '9' }, 'wc:localhost:1234:p9'],
    ['an Adobe Commerce order by increment id', { system: 'adobe-commerce', storeId: 'default', id: '000000123' }, 'ac:default:000000123'],
    ['an Adobe Commerce credit memo', { system: 'adobe-commerce', storeId: 'default', id: '000000123', kind: 'credit-memo', subId: '45' }, 'ac:default:000000123:m45'],
    ['an Adobe Commerce capture under a long store code', { system: 'adobe-commerce', storeId: ADOBE_STORE, id: '000000123', kind: 'capture', subId: '88' }, `ac:~${sha(ADOBE_STORE).slice(0, 8)}:000000123:c88`],
    ['a commercetools UUID order', { system: 'commercetools', storeId: 'mlc-demo', id: CT_ORDER }, `ct:mlc-demo:_${uuid32(CT_ORDER)}`],
  ])('should give %s', (_name, input, expected) => {
    expect(externalReference(input)).toBe(expected);
    expect(expected.length).toBeLessThanOrEqual(EXTERNAL_REFERENCE_MAX_LENGTH);
  });

  it('should keep the BigCommerce legacy strings through bigCommerceExternalReference when test/e2e looks invoices up by them', () => {
    expect(bigCommerceExternalReference('mlcdemo1', '218')).toBe('bc:mlcdemo1:218');
    expect(bigCommerceExternalReference('mlcdemo1', '218', '5')).toBe('bc:mlcdemo1:218:r5');
  });

  it.each<[string, ExternalReferenceKind, string, string]>([
    ['refund', 'refund', CT_REFUND, 'r'],
    ['payment', 'payment', CT_PAYMENT, 'p'],
  ])('should hash both UUIDs of a commercetools %s to exactly 40 characters when two compact UUIDs cannot fit', (_name, kind, subId, letter) => {
    const ref = externalReference({ system: 'commercetools', storeId: 'mlc-demo', id: CT_ORDER, kind, subId });
    // budget after `ct:mlc-demo:` is 28 = `~` + 12 + `:` + letter + `~` + 12.
    expect(ref).toBe(`ct:mlc-demo:~${sha(CT_ORDER).slice(0, 12)}:${letter}~${sha(subId).slice(0, 12)}`);
    expect(ref).toHaveLength(40);
    expect(describeExternalReference(ref)).toEqual({ system: 'commercetools', storeTag: 'mlc-demo', idHash: sha(CT_ORDER).slice(0, 12), kind, subIdHash: sha(subId).slice(0, 12) });
  });

  it('should keep a short sub id readable and hash the order UUID when a long project key leaves no room for the compact form', () => {
    const ref = externalReference({ system: 'commercetools', storeId: 'mlc-demo-eu-prod', id: CT_ORDER, kind: 'payment', subId: '1' });
    expect(ref).toBe(`ct:mlc-demo-eu-prod:~${sha(CT_ORDER).slice(0, 16)}:p1`);
    expect(ref).toHaveLength(40);
  });

  it('should keep the order id readable and hash a long gateway payment id when only that one fits', () => {
    const subId = 'pi_3NxYzAbCdEfGhIjKlMnOpQrSt';
    const ref = externalReference({ system: 'woocommerce', storeId: WOO_STORE, id: '123', kind: 'payment', subId });
    expect(ref).toBe(`wc:~${sha(WOO_STORE).slice(0, 8)}:123:p~${sha(subId).slice(0, 21)}`);
    expect(ref).toHaveLength(40);
  });

  it('should hash an id with characters outside the scheme even when it is short', () => {
    const ref = externalReference({ system: 'adobe-commerce', storeId: 'default', id: 'ORD/2024/7' });
    expect(ref).toBe(`ac:default:~${sha('ORD/2024/7').slice(0, 40 - 'ac:default:~'.length)}`);
  });

  it.each<[string, ExternalReferenceInput, string, string]>([
    ['an empty store id', { system: 'bigcommerce', storeId: '', id: '1' }, 'missing-field', 'storeId'],
    ['an empty id', { system: 'bigcommerce', storeId: 's', id: '' }, 'missing-field', 'id'],
    ['a sub id on an order', { system: 'bigcommerce', storeId: 's', id: '1', subId: '2' }, 'invalid-field', 'subId'],
    ['an empty sub id', { system: 'bigcommerce', storeId: 's', id: '1', kind: 'refund', subId: '' }, 'invalid-field', 'subId'],
    ['an unknown system', { system: 'shopify' as ExternalReferenceSystem, storeId: 's', id: '1' }, 'invalid-field', 'system'],
    ['an unknown kind', { system: 'bigcommerce', storeId: 's', id: '1', kind: 'invoice' as ExternalReferenceKind, subId: '2' }, 'invalid-field', 'kind'],
  ])('should throw a MappingError naming the field when given %s', (_name, input, code, field) => {
    expect(() => externalReference(input)).toThrow(MappingError);
    expect(() => externalReference(input)).toThrow(expect.objectContaining({ code, field }));
  });
});

describe('describeExternalReference', () => {
  it.each([
    ['bc:mlcdemo1:218', { system: 'bigcommerce', storeTag: 'mlcdemo1', id: '218', kind: 'order' }],
    ['bc:mlcdemo1:218:r5', { system: 'bigcommerce', storeTag: 'mlcdemo1', id: '218', kind: 'refund', subId: '5' }],
    ['bc:mlcdemo1:218:x', { system: 'bigcommerce', storeTag: 'mlcdemo1', id: '218', kind: 'cancellation' }],
    [`ct:mlc-demo:_${uuid32(CT_ORDER)}`, { system: 'commercetools', storeTag: 'mlc-demo', id: CT_ORDER, kind: 'order' }],
    [`ac:~${sha(ADOBE_STORE).slice(0, 8)}:000000123:m45`, { system: 'adobe-commerce', storeTag: `~${sha(ADOBE_STORE).slice(0, 8)}`, id: '000000123', kind: 'credit-memo', subId: '45' }],
  ])('should parse %s', (ref, expected) => {
    expect(describeExternalReference(ref)).toEqual(expected);
  });

  it.each([
    ['INV-1001', 'externalReference'],
    ['bc:mlcdemo1', 'externalReference'],
    ['bc:mlcdemo1:1:r2:3', 'externalReference'],
    [`bc:mlcdemo1:${'1'.repeat(29)}`, 'externalReference'],
    ['zz:mlcdemo1:218', 'externalReference.system'],
    ['bc:mlc demo:218', 'externalReference.storeTag'],
    ['bc:abcdefghijklmnopq:218', 'externalReference.storeTag'],
    ['bc:~abc:218', 'externalReference.storeTag'],
    ['bc:mlcdemo1:21.8', 'externalReference.id'],
    ['bc:mlcdemo1:', 'externalReference.id'],
    ['bc:mlcdemo1:~abc', 'externalReference.id'],
    ['bc:mlcdemo1:218:q5', 'externalReference.kind'],
    ['bc:mlcdemo1:218:', 'externalReference.kind'],
    ['bc:mlcdemo1:218:r-5', 'externalReference.subId'],
    [`ct:p:_${'a'.repeat(25)}b`, 'externalReference.id'],
    ['bc:mlcdemo1:~abcdefghijkl', 'externalReference'],
    [`bc:mlcdemo1:~${'A'.repeat(27)}`, 'externalReference.id'],
  ])('should throw a MappingError naming %s when it is not one of ours', (ref, field) => {
    expect(() => describeExternalReference(ref)).toThrow(MappingError);
    expect(() => describeExternalReference(ref)).toThrow(expect.objectContaining({ code: 'invalid-field', field }));
  });
});

describe('externalReference properties', () => {
  const system = fc.constantFrom<ExternalReferenceSystem>('bigcommerce', 'woocommerce', 'adobe-commerce', 'commercetools');
  const plainStore = fc.stringMatching(/^[A-Za-z0-9-]{1,16}$/);
  const storeId = fc.oneof(plainStore, fc.domain(), fc.string({ minLength: 1, maxLength: 300, unit: 'binary' }));
  const id = fc.oneof(
    fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }).map(String),
    fc.uuid(),
    fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,40}$/),
    // Ids shaped like a compact UUID or a hash (a marker, or a plain letter, before 26 base32 characters).
    fc.tuple(fc.constantFrom('', '_', '~', 'a', '7'), fc.stringMatching(/^[a-z2-7]{26}$/)).map(([mark, body]) => mark + body),
    fc.string({ minLength: 1, maxLength: 80, unit: 'binary' }),
  );
  const kindAndSub = fc.oneof(
    fc.constant<{ kind?: ExternalReferenceKind; subId?: string }>({}),
    fc.constant({ kind: 'order' as const }),
    fc.record(
      { kind: fc.constantFrom<ExternalReferenceKind>('refund', 'payment', 'capture', 'cancellation', 'credit-memo'), subId: id },
      { requiredKeys: ['kind'] },
    ),
  );
  const input: fc.Arbitrary<ExternalReferenceInput> = fc
    .record({ system, storeId, id, extra: kindAndSub })
    .map(({ extra, ...rest }) => ({ ...rest, ...extra }));
  const isPlainStore = (s: string) => /^[a-z0-9-]{1,16}$/i.test(s);

  it('should stay within 40 characters of [A-Za-z0-9:~_-], deterministically', () => {
    fc.assert(
      fc.property(input, (x) => {
        const ref = externalReference(x);
        expect(ref.length).toBeLessThanOrEqual(EXTERNAL_REFERENCE_MAX_LENGTH);
        expect(ref).toMatch(/^[A-Za-z0-9:~_-]+$/);
        expect(externalReference({ ...x })).toBe(ref);
      }),
      { numRuns: 2000 },
    );
  });

  it('should round-trip through describeExternalReference, hashes being prefixes of SHA-256 (checked against node:crypto)', () => {
    fc.assert(
      fc.property(input, (x) => {
        const ref = externalReference(x);
        const d = describeExternalReference(ref);
        expect(d.system).toBe(x.system);
        expect(d.kind).toBe(x.kind ?? 'order');
        expect(d.storeTag).toBe(isPlainStore(x.storeId) ? x.storeId : `~${sha(x.storeId).slice(0, 8)}`);
        if (d.id !== undefined) expect(d.id).toBe(x.id);
        else expect(sha(x.id).startsWith(d.idHash ?? '?')).toBe(true);
        if (x.subId === undefined) expect([d.subId, d.subIdHash]).toEqual([undefined, undefined]);
        else if (d.subId !== undefined) expect(d.subId).toBe(x.subId);
        else expect(sha(x.subId).startsWith(d.subIdHash ?? '?')).toBe(true);
        if (d.idHash !== undefined || d.subIdHash !== undefined) expect(ref).toHaveLength(EXTERNAL_REFERENCE_MAX_LENGTH);
      }),
      { numRuns: 2000 },
    );
  });

  it('should give distinct references to distinct inputs when nothing is hashed', () => {
    const key = (x: ExternalReferenceInput) => JSON.stringify([x.system, x.storeId, x.id, x.kind ?? 'order', x.subId ?? null]);
    // Small alphabets make near-collisions (same store, ids differing in one character) likely.
    const tiny = fc.stringMatching(/^[ab1_-]{1,4}$/);
    const near = fc
      .record({
        system: fc.constantFrom<ExternalReferenceSystem>('bigcommerce', 'commercetools'),
        storeId: fc.constantFrom('s', 'S', 's1', 'ab'),
        id: fc.oneof(tiny, fc.uuid()),
        extra: fc.oneof(fc.constant({}), fc.record({ kind: fc.constantFrom<ExternalReferenceKind>('refund', 'payment'), subId: fc.oneof(tiny, fc.uuid()) }, { requiredKeys: ['kind'] })),
      })
      .map(({ extra, ...rest }): ExternalReferenceInput => ({ ...rest, ...extra }));
    fc.assert(
      fc.property(fc.uniqueArray(fc.oneof(input, near), { minLength: 2, maxLength: 200, selector: key }), (inputs) => {
        const seen = new Map<string, string>();
        for (const x of inputs) {
          const ref = externalReference(x);
          const d = describeExternalReference(ref);
          if (d.idHash !== undefined || d.subIdHash !== undefined || d.storeTag.startsWith('~')) continue;
          const other = seen.get(ref);
          if (other !== undefined) expect(other).toBe(key(x));
          seen.set(ref, key(x));
        }
      }),
      { numRuns: 300 },
    );
  });
});
