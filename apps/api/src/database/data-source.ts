import type { DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';
import { TypeOrmPinoLogger } from './typeorm-logger';

/** Key of the PostgreSQL advisory lock held while migrations run (any constant unique to this application). */
export const MIGRATION_LOCK_KEY = 7_305_011_001;

/**
 * TypeORM options for PostgreSQL (`poolMax` connections per process). Schema changes go through migrations only
 * (`synchronize` is off); they are applied at start by `initializeDataSource`, in one transaction each.
 */
export function dataSourceOptions(databaseUrl: string, poolMax = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    extra: { max: poolMax, connectionTimeoutMillis: 5_000 },
    logging: ['error', 'warn', 'migration'],
    logger: new TypeOrmPinoLogger(['error', 'warn', 'migration']),
  };
}

/**
 * Connects and applies pending migrations under a PostgreSQL advisory lock, so processes starting together on one
 * database (the API and its workers, `docker compose up --scale worker=3`) migrate it once, one after another, instead
 * of racing to create the same tables. TypeORM itself takes no such lock. Used as TypeOrmModule's `dataSourceFactory`.
 * @throws whatever connecting or a migration throws (the lock is released with the session)
 */
export async function initializeDataSource(options: DataSourceOptions): Promise<DataSource> {
  const ds = await new DataSource({ ...options, migrationsRun: false }).initialize();
  const runner = ds.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await ds.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } catch (err) {
    await runner.release().catch(() => undefined);
    await ds.destroy().catch(() => undefined);
    throw err;
  }
  await runner.release();
  return ds;
}

/** The TypeORM root module of every process (API, worker, CLI): `dataSourceOptions` connected by `initializeDataSource`. */
export function databaseModule(databaseUrl: string, poolMax: number, extra: { retryAttempts?: number; retryDelay?: number } = {}): DynamicModule {
  const options = dataSourceOptions(databaseUrl, poolMax);
  return TypeOrmModule.forRootAsync({
    useFactory: () => ({ ...options, ...extra }),
    dataSourceFactory: async (given) => initializeDataSource(given ?? options),
  });
}
