import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfigModule } from '../config/config.module';
import { databaseModule } from '../database/data-source';
import { VaultSecretEntity } from '../database/entities';
import { VaultService } from '../modules/credentials/vault.service';
import { applyLocalDefaults } from './local-setup';
import { loadConfigOrExit } from './run';

/**
 * `npm run vault:rotate`: re-wraps every secret under VAULT_ACTIVE_KEY_ID. Zero-downtime procedure:
 * 1. add the new key to VAULT_KEYS on every process (keep the old one) and make it active; restart them;
 * 2. run this command (safe while traffic flows); 3. remove the old key from VAULT_KEYS.
 */
async function main(): Promise<void> {
  applyLocalDefaults(process.env);
  const config = loadConfigOrExit();
  @Module({
    imports: [AppConfigModule.forRoot(config), databaseModule(config.DATABASE_URL, config.DATABASE_POOL_MAX), TypeOrmModule.forFeature([VaultSecretEntity])],
    providers: [VaultService],
  })
  class VaultRotateModule {}
  const app = await NestFactory.createApplicationContext(VaultRotateModule, { logger: ['error'] });
  try {
    const result = await app.get(VaultService).rotateAll();
    process.stdout.write(`vault: ${result.rewrapped} secret(s) re-wrapped under key "${result.activeKeyId}", ${result.failed} failed\n`);
    if (result.failed > 0) process.exitCode = 1;
  } finally {
    await app.close();
  }
}

void main();
