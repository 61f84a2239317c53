import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';
import { TypeOrmPinoLogger } from './typeorm-logger';

/**
 * TypeORM options for PostgreSQL. Schema changes go through migrations only (`synchronize` is off);
 * `migrationsRun` applies pending ones at start, in one transaction each.
 */
export function dataSourceOptions(databaseUrl: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    extra: { max: 20, connectionTimeoutMillis: 5_000 },
    logging: ['error', 'warn', 'migration'],
    logger: new TypeOrmPinoLogger(['error', 'warn', 'migration']),
  };
}
