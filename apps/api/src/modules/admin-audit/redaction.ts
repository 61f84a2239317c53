import type { SystemFacts } from '../systems/system-facts';

/** What a secret field's value becomes in `changes`: the reader learns it was set, never what to. */
export const CHANGED = '(changed)';

/** Longest string kept whole in `changes`; longer ones are cut (a mapping's notes, a pasted document). */
const MAX_STRING = 500;
/** Deepest nesting kept; deeper values become `"(nested)"`. */
const MAX_DEPTH = 8;
/** Most entries kept per object or array; the rest are summarised as `"(n more)"`. */
const MAX_ENTRIES = 200;

/**
 * Field-name fragments that mark a secret wherever they appear (case and separators ignored): `password`,
 * `clientSecret`, `accessToken`, `privateKey`, `serviceAccountJson`'s `private_key`, an `Authorization` header…
 */
const SECRET_WORDS = ['password', 'passwd', 'passphrase', 'secret', 'token', 'credential', 'apikey', 'privatekey', 'authorization', 'cookie', 'signature', 'session'];
/** Whole words of a name that mark a secret: `key`, `consumerKey`, `key_id` (not `keyboard`, `monkey`). */
const SECRET_SEGMENTS = new Set(['key', 'keys', 'pin', 'pwd', 'otp', 'jwt', 'bearer']);
/** A value that is a secret whatever its field is called: a PEM block (a private key pasted into any field). */
const SECRET_VALUE = /-----BEGIN [A-Z ]*-----/;

/**
 * Which field names are secret, from the system registry's field definitions (`isSecret` of every system's settings
 * and credentials) plus the generic deny-list above. `publicNames` are fields some system declares non-secret and
 * none declares secret (`clientId`, `tokenUrl`, `projectKey`); they are shown even when a deny-list word matches.
 * `credentialFields(system)` are a system's declared credential fields, `undefined` for an unknown system.
 */
export type SecretPolicy = {
  secretNames: ReadonlySet<string>;
  publicNames: ReadonlySet<string>;
  credentialFields(system: string | undefined): ReadonlyMap<string, boolean> | undefined;
};

/** Builds the policy from the registered systems' facts (`SystemRegistry.all()`). */
export function secretPolicyOf(systems: readonly Pick<SystemFacts, 'kind' | 'fields'>[]): SecretPolicy {
  const secretNames = new Set<string>();
  const declaredPublic = new Set<string>();
  const credentials = new Map<string, Map<string, boolean>>();
  for (const facts of systems) {
    const own = new Map<string, boolean>();
    for (const field of [...facts.fields.settings, ...facts.fields.credentials]) (field.isSecret ? secretNames : declaredPublic).add(field.name);
    for (const field of facts.fields.credentials) own.set(field.name, field.isSecret);
    credentials.set(facts.kind, own);
  }
  const publicNames = new Set([...declaredPublic].filter((name) => !secretNames.has(name)));
  return { secretNames, publicNames, credentialFields: (system) => (system === undefined ? undefined : credentials.get(system)) };
}

/** True when a field of this name holds a secret (the registry's `isSecret`, else the generic deny-list). */
export function isSecretName(name: string, policy: SecretPolicy): boolean {
  if (policy.secretNames.has(name)) return true;
  if (policy.publicNames.has(name)) return false;
  const flat = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (SECRET_WORDS.some((word) => flat.includes(word))) return true;
  const segments = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return segments.some((segment) => SECRET_SEGMENTS.has(segment));
}

/**
 * A request body as the admin audit log stores it (`changes`): field names with their non-secret values, every secret
 * field as `"(changed)"`. Inside a `credentials` object (a connection's credentials) only the fields the system
 * declares non-secret keep their value (the body's `system` when given, else any system's declaration); every other
 * credential, known or not, is `"(changed)"`. A secret-named field holding an object is `"(changed)"` as a whole.
 * Strings are cut at 500 characters, nesting at 8 levels, objects and arrays at 200 entries.
 * @returns the sanitized object (a body that is not an object as `{ $body: … }`); `null` for an empty or absent body.
 */
export function redactChanges(body: unknown, policy: SecretPolicy, fields?: readonly string[]): Record<string, unknown> | null {
  if (body === undefined || body === null) return null;
  if (typeof body !== 'object' || Array.isArray(body)) return fields ? null : { $body: redactValue(body, policy, 0) };
  const entries = Object.entries(body as Record<string, unknown>).filter(([name]) => !fields || fields.includes(name));
  if (entries.length === 0) return null;
  const system = typeof (body as { system?: unknown }).system === 'string' ? (body as { system: string }).system : undefined;
  return redactObject(Object.fromEntries(entries), policy, 0, system);
}

function redactObject(value: Record<string, unknown>, policy: SecretPolicy, depth: number, system: string | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const entries = Object.entries(value);
  for (const [name, inner] of entries.slice(0, MAX_ENTRIES)) {
    if (name === 'credentials' && inner !== null && typeof inner === 'object' && !Array.isArray(inner)) {
      out[name] = redactCredentials(inner as Record<string, unknown>, policy, depth + 1, system);
    } else {
      out[name] = isSecretName(name, policy) ? CHANGED : redactValue(inner, policy, depth + 1, system);
    }
  }
  if (entries.length > MAX_ENTRIES) out['(more)'] = `(${entries.length - MAX_ENTRIES} more)`;
  return out;
}

/** A connection's credentials: a value is kept only for a field declared non-secret (and not deny-listed by value). */
function redactCredentials(value: Record<string, unknown>, policy: SecretPolicy, depth: number, system: string | undefined): Record<string, unknown> {
  const declared = policy.credentialFields(system);
  const out: Record<string, unknown> = {};
  for (const [name, inner] of Object.entries(value).slice(0, MAX_ENTRIES)) {
    const isPublic = declared ? declared.get(name) === false : policy.publicNames.has(name);
    out[name] = isPublic && (typeof inner !== 'object' || inner === null) ? redactValue(inner, policy, depth + 1, system) : CHANGED;
  }
  return out;
}

function redactValue(value: unknown, policy: SecretPolicy, depth: number, system?: string): unknown {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    if (SECRET_VALUE.test(value)) return CHANGED;
    return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
  }
  if (typeof value !== 'object') return typeof value === 'bigint' ? value.toString() : null;
  if (depth >= MAX_DEPTH) return '(nested)';
  if (Array.isArray(value)) {
    const kept = value.slice(0, MAX_ENTRIES).map((item) => redactValue(item, policy, depth + 1, system));
    return value.length > MAX_ENTRIES ? [...kept, `(${value.length - MAX_ENTRIES} more)`] : kept;
  }
  return redactObject(value as Record<string, unknown>, policy, depth, system);
}
