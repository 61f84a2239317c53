/**
 * The one external-reference scheme for every shop system: the key a posted Visma customer invoice or credit
 * note carries in `externalReference`. It is our idempotency anchor. Before a POST, the pipeline looks the
 * document up with `GET /v1/customerinvoice?externalReference=` (or `/v1/customerCreditNote?...`).
 *
 * **Why 40 characters.** The Visma.net ERP API spec does not state a length. In
 * shared/specs/visma-net/visma-net-erp-api.v1_20250424.openapi.json, `externalReference` is a plain
 * `type: string` with no `maxLength` on CustomerInvoiceDto, CustomerCreditNoteDto and CreditNoteDto, and it is a
 * `DtoValueOfString` (`{value: string}`) on CustomerInvoiceUpdateDto and CustomerCreditNoteUpdateDto. The
 * `externalReference` query parameter of `GET /v1/customerinvoice` is also just `type: string`. The only text it
 * has is "The external reference used in AutoInvoice." Neither stored spec file (v1_20250424, nor the legacy
 * v9.11 swagger) contains any `maxLength`. So 40 is this project's cap, the one libs/connectors enforces before
 * posting (`visma/schemas/customer-invoice.schema.ts` `externalReference: z.string().min(1).max(40)`, and
 * `wrapped-document.schema.ts` `wrappedString(40)`). Keeping under it never hurts. Confirm the real column width
 * against a live company before raising it.
 *
 * **The scheme.** `<system>:<store tag>:<id>[:<kind letter><sub id>]`
 * - system: `bc` BigCommerce, `wc` WooCommerce, `ac` Adobe Commerce, `ct` commercetools.
 * - store tag: the store id itself when it matches `/^[a-z0-9-]{1,16}$/i` (a BigCommerce store hash, an
 *   Adobe store code, a short commercetools project key). Otherwise `~` plus the first 8 characters of
 *   base32(SHA-256(store id)), for example a WooCommerce site host with dots or a long project key.
 * - id and sub id: each takes the first of these forms that fits the 40 characters:
 *   - **verbatim**, when it matches `/^[A-Za-z0-9][A-Za-z0-9_-]*$/` (numeric ids, increment ids);
 *   - **compact UUID**, `_` plus the 128 bits in base32 (26 characters, 27 in all). This is reversible: a
 *     canonical lowercase UUID only, which is the form commercetools uses;
 *   - **hash**, `~` plus a prefix of base32(SHA-256(UTF-8 of the id)). The hash is cut so that the whole
 *     reference is exactly 40 characters.
 * - kind letters: refund `r`, payment `p`, capture `c`, cancellation `x`, credit memo `m`. An order has no
 *   suffix. A kind without a sub id ends in the bare letter (`…:x`).
 *
 * Base32 here is RFC 4648 in lowercase (`a-z2-7`) with no padding. The reference therefore uses only
 * `[A-Za-z0-9:~_-]`. `:` only separates, a leading `~` only marks a hash and a leading `_` only marks a compact
 * UUID, so every reference parses in exactly one way.
 *
 * **When too long.** The first try uses the most readable form of each part. Then every UUID is compacted.
 * Then the id is hashed and the sub id kept, since the sub-document's own id is what identifies a credit note.
 * Then the sub id is hashed and the id kept. Only then are both hashed, with the remaining room split between
 * them. Two UUIDs never both stay reversible: 2 × 27 characters do not fit.
 *
 * **Collision odds.** Verbatim and compact forms are injective. Distinct inputs whose references carry no hash
 * give distinct references (the unit tests check this property). A hash part keeps 5 bits per character:
 * - the store tag keeps 40 bits. k stores of one system collide with p ≈ k²/2⁴¹, about 5·10⁻⁷ for 1,000 stores;
 * - a hashed order id in an order reference keeps at least 19 characters (95 bits);
 * - a single hashed part next to a suffix keeps at least 12 characters (60 bits). For n hashed ids of one store,
 *   p ≈ n²/2⁶¹, about 4·10⁻⁵ for 10 million;
 * - when both parts are hashed (a commercetools refund of a UUID order), each keeps at least 8 characters, and a
 *   collision needs both to match: at least 80 bits together. Two sub-documents of the same order then differ
 *   only in the sub hash, at 40 bits or more: negligible for the handful of refunds an order has.
 *
 * The hashes are node:crypto's SHA-256 (deterministic, no I/O: the module stays pure).
 */
import { createHash } from 'node:crypto';
import { MappingError } from './mapping.error';

/** The longest reference we produce (see the module comment for where the 40 comes from). */
export const EXTERNAL_REFERENCE_MAX_LENGTH = 40;

/** Two-letter code of each shop system, the first segment of a reference. */
export const EXTERNAL_REFERENCE_SYSTEM_CODES = {
  bigcommerce: 'bc',
  woocommerce: 'wc',
  'adobe-commerce': 'ac',
  commercetools: 'ct',
} as const;
export type ExternalReferenceSystem = keyof typeof EXTERNAL_REFERENCE_SYSTEM_CODES;

/** Letter of each sub-document kind (an order has none). */
export const EXTERNAL_REFERENCE_KIND_LETTERS = {
  refund: 'r',
  payment: 'p',
  capture: 'c',
  cancellation: 'x',
  'credit-memo': 'm',
} as const;
export type ExternalReferenceKind = 'order' | keyof typeof EXTERNAL_REFERENCE_KIND_LETTERS;

export type ExternalReferenceInput = {
  system: ExternalReferenceSystem;
  /** The store hash, site host, store code or project key. */
  storeId: string;
  /** The order id (or order UUID / increment id). */
  id: string;
  /** Defaults to `order`. */
  kind?: ExternalReferenceKind | undefined;
  /** The sub-document id (refund, payment, capture…). Not allowed for `order`. */
  subId?: string | undefined;
};

/** A parsed reference. Exactly one of `id` / `idHash` is set, and at most one of `subId` / `subIdHash`. */
export type ExternalReferenceDescription = {
  system: ExternalReferenceSystem;
  /** The store id when it was short and plain, else `~` plus 8 base32 characters. */
  storeTag: string;
  /** The id, restored (compact UUIDs are expanded again). */
  id?: string;
  /** For a hashed id: the base32 characters after `~`, a prefix of base32(SHA-256(id)). */
  idHash?: string;
  kind: ExternalReferenceKind;
  subId?: string;
  subIdHash?: string;
};

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const STORE_TAG = /^[a-z0-9-]{1,16}$/i;
const STORE_HASH_LENGTH = 8;
const VERBATIM_ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const LOWER_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UUID_MARK = '_';
const HASH_MARK = '~';
/** Shortest hash kept when only one part is hashed. */
const MIN_SINGLE_HASH = 12;
/** Shortest hash of each part when both are hashed (the longest prefix `ct:<16>:` leaves 20 → 8 + 8). */
const MIN_PAIR_HASH = 8;
const COMPACT_UUID = new RegExp(`^${UUID_MARK}[${BASE32}]{26}$`);
const HASHED = new RegExp(`^${HASH_MARK}[${BASE32}]{${MIN_PAIR_HASH},}$`);
const HASHED_STORE = new RegExp(`^${HASH_MARK}[${BASE32}]{${STORE_HASH_LENGTH}}$`);
const SYSTEM_BY_CODE: ReadonlyMap<string, ExternalReferenceSystem> = new Map(
  Object.entries(EXTERNAL_REFERENCE_SYSTEM_CODES).map(([system, code]) => [code, system as ExternalReferenceSystem]),
);
const KIND_BY_LETTER: ReadonlyMap<string, ExternalReferenceKind> = new Map(
  Object.entries(EXTERNAL_REFERENCE_KIND_LETTERS).map(([kind, letter]) => [letter, kind as ExternalReferenceKind]),
);

/**
 * The external reference of a shop document in Visma, in the scheme described at the top of this file.
 * It is at most 40 characters, deterministic, and uses only `[A-Za-z0-9:~_-]`.
 * For BigCommerce it is exactly the historical `bc:<storeId>:<orderId>` / `bc:<storeId>:<orderId>:r<refundId>`
 * whenever the store id is a plain store hash (≤ 16 letters, digits or `-`).
 * @throws MappingError `missing-field` for an empty storeId / id; `invalid-field` for an unknown system or kind,
 *   an empty subId, or a subId on an order.
 */
export function externalReference(input: ExternalReferenceInput): string {
  const code = EXTERNAL_REFERENCE_SYSTEM_CODES[input.system] as string | undefined;
  if (code === undefined) throw new MappingError('invalid-field', 'system', `unknown system ${JSON.stringify(input.system)}`);
  if (input.storeId === '') throw new MappingError('missing-field', 'storeId', 'is required');
  if (input.id === '') throw new MappingError('missing-field', 'id', 'is required');
  const kind = input.kind ?? 'order';
  if (kind === 'order') {
    if (input.subId !== undefined) throw new MappingError('invalid-field', 'subId', 'an order reference takes no subId; give the kind of the sub-document');
    return compose(code, storeTag(input.storeId), input.id, undefined, undefined);
  }
  const letter = EXTERNAL_REFERENCE_KIND_LETTERS[kind] as string | undefined;
  if (letter === undefined) throw new MappingError('invalid-field', 'kind', `unknown kind ${JSON.stringify(kind)}`);
  if (input.subId === '') throw new MappingError('invalid-field', 'subId', 'must not be empty (leave it out instead)');
  return compose(code, storeTag(input.storeId), input.id, letter, input.subId);
}

/**
 * Parses a reference made by `externalReference` back into its parts (for the dashboard search).
 * @throws MappingError `invalid-field` naming the part that is not ours: `externalReference` (the shape or length,
 *   or a form `externalReference` would not produce), `externalReference.system`, `.storeTag`, `.id`, `.kind` or
 *   `.subId`.
 */
export function describeExternalReference(ref: string): ExternalReferenceDescription {
  const field = 'externalReference';
  if (typeof ref !== 'string' || ref.length === 0 || ref.length > EXTERNAL_REFERENCE_MAX_LENGTH) {
    throw new MappingError('invalid-field', field, `expected 1 to ${EXTERNAL_REFERENCE_MAX_LENGTH} characters`);
  }
  const segments = ref.split(':');
  const [code = '', tag = '', idText = '', suffix] = segments;
  if (segments.length < 3 || segments.length > 4) throw new MappingError('invalid-field', field, 'expected <system>:<store>:<id>[:<kind><subId>]');
  const system = SYSTEM_BY_CODE.get(code);
  if (system === undefined) throw new MappingError('invalid-field', `${field}.system`, `unknown system code ${JSON.stringify(code)}`);
  if (!STORE_TAG.test(tag) && !HASHED_STORE.test(tag)) throw new MappingError('invalid-field', `${field}.storeTag`, 'expected a plain store id of up to 16 characters or ~ and 8 base32 characters');
  const description: ExternalReferenceDescription = { system, storeTag: tag, kind: 'order' };
  const id = readPart(idText, `${field}.id`);
  if (id.isHash) description.idHash = id.value;
  else description.id = id.value;
  let letter: string | undefined;
  let subId: string | undefined;
  if (suffix !== undefined) {
    letter = suffix.charAt(0);
    const kind = KIND_BY_LETTER.get(letter);
    if (kind === undefined) throw new MappingError('invalid-field', `${field}.kind`, `unknown kind letter ${JSON.stringify(letter)}`);
    description.kind = kind;
    if (suffix.length > 1) {
      const sub = readPart(suffix.slice(1), `${field}.subId`);
      if (sub.isHash) description.subIdHash = sub.value;
      else description.subId = subId = sub.value;
    }
  }
  const isHashed = description.idHash !== undefined || description.subIdHash !== undefined;
  const isCanonical = isHashed
    ? ref.length === EXTERNAL_REFERENCE_MAX_LENGTH
    : compose(code, tag, description.id ?? '', letter, subId) === ref;
  if (!isCanonical) throw new MappingError('invalid-field', field, 'not in the form externalReference() produces for these parts');
  return description;
}

/** The store tag: the id itself when short and plain, else `~` + 8 base32 characters of its SHA-256. */
function storeTag(storeId: string): string {
  return STORE_TAG.test(storeId) ? storeId : HASH_MARK + hashBase32(storeId, STORE_HASH_LENGTH);
}

/** Reversible forms of an id, most readable first: verbatim, then compact UUID. Empty when it must be hashed. */
function reversibleForms(value: string): string[] {
  const forms: string[] = [];
  if (VERBATIM_ID.test(value)) forms.push(value);
  if (LOWER_UUID.test(value)) forms.push(UUID_MARK + base32Encode(uuidBytes(value)));
  return forms;
}

/** Builds the reference from the system code, the store tag and the raw id / sub id (see "When too long"). */
function compose(code: string, tag: string, id: string, letter: string | undefined, subId: string | undefined): string {
  const prefix = `${code}:${tag}:`;
  const budget = EXTERNAL_REFERENCE_MAX_LENGTH - prefix.length;
  const tail = (idPart: string, subPart: string): string => (letter === undefined ? idPart : `${idPart}:${letter}${subPart}`);
  const idForms = reversibleForms(id);
  const subForms = subId === undefined ? [''] : reversibleForms(subId);
  const [idFirst, subFirst] = [idForms[0], subForms[0]];
  const [idShort, subShort] = [idForms.at(-1), subForms.at(-1)];
  if (idFirst !== undefined && subFirst !== undefined && idShort !== undefined && subShort !== undefined) {
    for (const candidate of [tail(idFirst, subFirst), tail(idShort, subShort)]) {
      if (candidate.length <= budget) return prefix + candidate;
    }
  }
  const suffixLength = letter === undefined ? 0 : 1 + 1 + (subShort?.length ?? 0);
  if (subShort !== undefined && budget - suffixLength - 1 >= MIN_SINGLE_HASH) {
    return prefix + tail(HASH_MARK + hashBase32(id, budget - suffixLength - 1), subShort);
  }
  // Only a present, long sub id gets here: without one the id alone always fits in the ≥ 20-character budget.
  const sub = subId ?? '';
  const subRoom = budget - (idShort?.length ?? 0) - 3;
  if (idShort !== undefined && subRoom >= MIN_SINGLE_HASH) return prefix + tail(idShort, HASH_MARK + hashBase32(sub, subRoom));
  const shared = budget - 4;
  const idLength = Math.ceil(shared / 2);
  return prefix + tail(HASH_MARK + hashBase32(id, idLength), HASH_MARK + hashBase32(sub, shared - idLength));
}

/** One id segment: a hash, a compact UUID (expanded) or a verbatim id. */
function readPart(text: string, field: string): { value: string; isHash: boolean } {
  if (HASHED.test(text)) return { value: text.slice(1), isHash: true };
  if (COMPACT_UUID.test(text)) {
    const bytes = base32Decode(text.slice(1));
    if (bytes === undefined || bytes.length !== 16) throw new MappingError('invalid-field', field, 'not a compact UUID (non-zero padding bits)');
    return { value: formatUuid(bytes), isHash: false };
  }
  if (VERBATIM_ID.test(text)) return { value: text, isHash: false };
  throw new MappingError('invalid-field', field, 'expected a plain id, _ and 26 base32 characters, or ~ and a base32 hash');
}

function uuidBytes(uuid: string): Uint8Array {
  const hex = uuid.replace(/-/g, '');
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i += 1) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

function formatUuid(bytes: Uint8Array): string {
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** RFC 4648 base32, lowercase, without padding. */
function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      out += BASE32.charAt((buffer >>> (bits - 5)) & 31);
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32.charAt((buffer << (5 - bits)) & 31);
  return out;
}

/** Inverse of `base32Encode`; undefined when a character is foreign or the trailing padding bits are not zero. */
function base32Decode(text: string): Uint8Array | undefined {
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of text) {
    const value = BASE32.indexOf(char);
    if (value < 0) return undefined;
    buffer = ((buffer << 5) | value) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return (buffer & ((1 << bits) - 1)) === 0 ? Uint8Array.from(out) : undefined;
}

/** The first `length` characters of base32(SHA-256(UTF-8 of `text`)) (at most 52). */
function hashBase32(text: string, length: number): string {
  return base32Encode(createHash('sha256').update(text, 'utf8').digest()).slice(0, length);
}
