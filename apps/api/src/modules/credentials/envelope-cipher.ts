import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** One encrypted secret: its data key wrapped by master key `keyId`, and the payload encrypted by the data key. */
export type Envelope = {
  keyId: string;
  /** iv(12) ‖ authTag(16) ‖ encrypted data key(32). */
  wrappedKey: Buffer;
  iv: Buffer;
  authTag: Buffer;
  ciphertext: Buffer;
};

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Raised when a secret cannot be decrypted: unknown key id, or tampered/mismatched ciphertext. */
export class VaultDecryptError extends Error {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`secret cannot be decrypted: ${reason}`, options);
    this.name = 'VaultDecryptError';
  }
}

/**
 * AES-256-GCM envelope encryption with node:crypto (NIST SP 800-38D). Each secret gets a fresh random
 * 32-byte data key; the data key is wrapped by the active master key. Both layers use random 96-bit IVs
 * and bind the secret's id as additional authenticated data, so a ciphertext cannot be moved to another
 * row. Rotation re-wraps only the data key (`rewrap`), never the payload.
 */
export class EnvelopeCipher {
  constructor(
    private readonly masterKeys: ReadonlyMap<string, Buffer>,
    private readonly activeKeyId: string,
  ) {
    const active = masterKeys.get(activeKeyId);
    if (!active || active.length !== 32) throw new Error(`active vault key "${activeKeyId}" is missing or not 32 bytes`);
  }

  get activeKey(): string {
    return this.activeKeyId;
  }

  /** Encrypts `plaintext` for the secret `secretId` under a new data key wrapped by the active master key. */
  encrypt(secretId: string, plaintext: string): Envelope {
    const dataKey = randomBytes(32);
    try {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(ALGORITHM, dataKey, iv);
      cipher.setAAD(Buffer.from(`secret:${secretId}`));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return { keyId: this.activeKeyId, wrappedKey: this.wrap(secretId, dataKey, this.activeKeyId), iv, authTag: cipher.getAuthTag(), ciphertext };
    } finally {
      dataKey.fill(0);
    }
  }

  /** @throws VaultDecryptError when the key id is unknown or any layer fails authentication. */
  decrypt(secretId: string, envelope: Envelope): string {
    const dataKey = this.unwrap(secretId, envelope);
    try {
      const decipher = createDecipheriv(ALGORITHM, dataKey, envelope.iv);
      decipher.setAAD(Buffer.from(`secret:${secretId}`));
      decipher.setAuthTag(envelope.authTag);
      return Buffer.concat([decipher.update(envelope.ciphertext), decipher.final()]).toString('utf8');
    } catch (err) {
      throw new VaultDecryptError('payload authentication failed', { cause: err });
    } finally {
      dataKey.fill(0);
    }
  }

  /** Re-wraps the data key under the active master key; the payload ciphertext is unchanged. */
  rewrap(secretId: string, envelope: Envelope): Envelope {
    const dataKey = this.unwrap(secretId, envelope);
    try {
      return { ...envelope, keyId: this.activeKeyId, wrappedKey: this.wrap(secretId, dataKey, this.activeKeyId) };
    } finally {
      dataKey.fill(0);
    }
  }

  private wrap(secretId: string, dataKey: Buffer, keyId: string): Buffer {
    const master = this.masterKeys.get(keyId);
    if (!master) throw new VaultDecryptError(`master key "${keyId}" is not configured`);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, master, iv);
    cipher.setAAD(Buffer.from(`data-key:${secretId}:${keyId}`));
    const encrypted = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), encrypted]);
  }

  private unwrap(secretId: string, envelope: Envelope): Buffer {
    const master = this.masterKeys.get(envelope.keyId);
    if (!master) throw new VaultDecryptError(`master key "${envelope.keyId}" is not configured (add it to VAULT_KEYS)`);
    try {
      const iv = envelope.wrappedKey.subarray(0, IV_BYTES);
      const tag = envelope.wrappedKey.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
      const decipher = createDecipheriv(ALGORITHM, master, iv);
      decipher.setAAD(Buffer.from(`data-key:${secretId}:${envelope.keyId}`));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(envelope.wrappedKey.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    } catch (err) {
      throw new VaultDecryptError('data key authentication failed', { cause: err });
    }
  }
}

/** A masked hint for a secret value: `••••` plus its last 4 characters when it is long enough to spare them. */
export function maskSecret(value: string): string {
  return value.length >= 16 ? `••••${value.slice(-4)}` : '••••';
}
