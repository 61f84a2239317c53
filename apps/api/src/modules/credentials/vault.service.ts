import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Not, type Repository } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config.schema';
import { VaultSecretEntity } from '../../database/entities';
import { EnvelopeCipher, VaultDecryptError } from './envelope-cipher';

/**
 * The credential vault: stores JSON secrets encrypted at rest (see EnvelopeCipher) in `vault_secret`.
 * Decrypted values exist only in memory, for the connector that needs them; the API never returns them.
 */
@Injectable()
export class VaultService {
  private readonly logger = new Logger(VaultService.name);
  private readonly cipher: EnvelopeCipher;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectRepository(VaultSecretEntity) private readonly secrets: Repository<VaultSecretEntity>,
  ) {
    this.cipher = new EnvelopeCipher(config.VAULT_KEYS, config.VAULT_ACTIVE_KEY_ID);
  }

  /** Stores `value` (a JSON-serialisable object) and returns the new secret's id. */
  async create(value: Record<string, unknown>): Promise<string> {
    const id = randomUUID();
    const envelope = this.cipher.encrypt(id, JSON.stringify(value));
    await this.secrets.insert({ id, ...envelope });
    return id;
  }

  /** Replaces the secret's value (new data key, active master key). */
  async replace(id: string, value: Record<string, unknown>): Promise<void> {
    const envelope = this.cipher.encrypt(id, JSON.stringify(value));
    const result = await this.secrets.update({ id }, envelope);
    if (!result.affected) throw AppException.notFound('Secret', id);
  }

  /**
   * Decrypts a secret for in-process use.
   * @throws AppException `credential_undecryptable` when its master key is gone or the row was tampered with.
   */
  async read<T extends Record<string, unknown>>(id: string): Promise<T> {
    const row = await this.secrets.findOneBy({ id });
    if (!row) throw AppException.notFound('Secret', id);
    try {
      return JSON.parse(this.cipher.decrypt(id, row)) as T;
    } catch (err) {
      if (err instanceof VaultDecryptError) {
        throw new AppException('credential_undecryptable', 'Stored credentials cannot be decrypted; enter them again', undefined, { cause: err });
      }
      throw err;
    }
  }

  async delete(id: string): Promise<void> {
    await this.secrets.delete({ id });
  }

  /**
   * Re-wraps every secret not yet under the active master key, one row at a time, each update guarded
   * by the row's old key id so a concurrent `replace` is never overwritten. Safe to run while the API
   * and workers serve traffic, as long as every process has both old and new keys in VAULT_KEYS.
   * @returns how many rows were re-wrapped and how many failed (logged without secret material).
   */
  async rotateAll(): Promise<{ rewrapped: number; failed: number; activeKeyId: string }> {
    let rewrapped = 0;
    let failed = 0;
    const stale = await this.secrets.find({ where: { keyId: Not(this.cipher.activeKey) }, select: { id: true } });
    for (const { id } of stale) {
      const row = await this.secrets.findOneBy({ id });
      if (!row || row.keyId === this.cipher.activeKey) continue;
      try {
        const next = this.cipher.rewrap(id, row);
        const result = await this.secrets.update({ id, keyId: row.keyId }, { keyId: next.keyId, wrappedKey: next.wrappedKey });
        rewrapped += result.affected ?? 0;
      } catch (err) {
        failed += 1;
        this.logger.error({ secretId: id, keyId: row.keyId, reason: err instanceof Error ? err.message : 'unknown' }, 'secret could not be re-wrapped');
      }
    }
    return { rewrapped, failed, activeKeyId: this.cipher.activeKey };
  }
}
