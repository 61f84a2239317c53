import { randomBytes } from 'node:crypto';
import { EnvelopeCipher, maskSecret, VaultDecryptError } from '../../../apps/api/src/modules/credentials/envelope-cipher';

const k1 = randomBytes(32);
const k2 = randomBytes(32);

describe(EnvelopeCipher.name, () => {
  const sut = new EnvelopeCipher(new Map([['k1', k1]]), 'k1');

  it('should round-trip a secret and never keep the plaintext in any envelope field', () => {
    const envelope = sut.encrypt('id-1', 'super-secret-value');
    expect(sut.decrypt('id-1', envelope)).toBe('super-secret-value');
    for (const field of [envelope.wrappedKey, envelope.iv, envelope.authTag, envelope.ciphertext]) {
      expect(field.includes(Buffer.from('super-secret-value'))).toBe(false);
    }
  });

  it('should use a fresh data key and IV for every encryption', () => {
    const a = sut.encrypt('id-1', 'same');
    const b = sut.encrypt('id-1', 'same');
    expect(a.iv.equals(b.iv)).toBe(false);
    expect(a.wrappedKey.equals(b.wrappedKey)).toBe(false);
  });

  it('should refuse a ciphertext moved to another secret id', () => {
    const envelope = sut.encrypt('id-1', 'value');
    expect(() => sut.decrypt('id-2', envelope)).toThrow(VaultDecryptError);
  });

  it('should refuse a tampered ciphertext', () => {
    const envelope = sut.encrypt('id-1', 'value');
    envelope.ciphertext[0] = (envelope.ciphertext[0] ?? 0) ^ 0xff;
    expect(() => sut.decrypt('id-1', envelope)).toThrow(VaultDecryptError);
  });

  it('should re-wrap under the new active key so the old key can be removed afterwards', () => {
    const envelope = sut.encrypt('id-1', 'rotate me');
    const both = new EnvelopeCipher(new Map([['k1', k1], ['k2', k2]]), 'k2');
    const rewrapped = both.rewrap('id-1', envelope);
    expect(rewrapped.keyId).toBe('k2');
    expect(rewrapped.ciphertext.equals(envelope.ciphertext)).toBe(true);
    const onlyNew = new EnvelopeCipher(new Map([['k2', k2]]), 'k2');
    expect(onlyNew.decrypt('id-1', rewrapped)).toBe('rotate me');
    expect(() => onlyNew.decrypt('id-1', envelope)).toThrow(/master key "k1" is not configured/);
  });

  it('should mask short secrets fully and show only the last 4 characters of long ones', () => {
    expect(maskSecret('short')).toBe('••••');
    expect(maskSecret('0123456789abcdefWXYZ')).toBe('••••WXYZ');
  });
});
