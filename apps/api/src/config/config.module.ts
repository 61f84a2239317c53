import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { type AppConfig, loadConfig } from './config.schema';

/** Injection token for the typed, validated configuration (`AppConfig`). */
export const APP_CONFIG = Symbol('APP_CONFIG');

/**
 * Registers @nestjs/config with our zod schema as its validator and provides the typed `AppConfig`
 * under `APP_CONFIG`. Pass a config already parsed by the CLI (which reports bad variables before Nest
 * starts) or let it parse `process.env`; a `.env` file is read by the CLI through `process.loadEnvFile`.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config?: AppConfig): DynamicModule {
    const resolved = config ?? loadConfig();
    return {
      module: AppConfigModule,
      imports: [ConfigModule.forRoot({ ignoreEnvFile: true, validate: () => ({}), load: [() => ({ app: resolved })] })],
      providers: [{ provide: APP_CONFIG, useValue: resolved }],
      exports: [APP_CONFIG],
    };
  }
}
