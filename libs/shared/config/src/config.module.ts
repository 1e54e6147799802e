import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule as NestConfigModule, ConfigService } from '@nestjs/config';
import { AppConfig, EnvironmentVariables, OPTIONAL_VARIABLES, validateEnvironment } from './env.schema';

export const APP_CONFIG = Symbol('APP_CONFIG');

/**
 * Global configuration: @nestjs/config validates the environment once with the schema
 * and the validated, typed object is injectable as APP_CONFIG.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(): DynamicModule {
    return {
      module: AppConfigModule,
      imports: [
        NestConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          cache: true,
          validate: (env) => ({ ...validateEnvironment(env) }),
        }),
      ],
      providers: [
        {
          provide: APP_CONFIG,
          inject: [ConfigService],
          useFactory: (config: ConfigService): AppConfig => {
            const values = new EnvironmentVariables();
            const keys = [...Object.keys(values), ...OPTIONAL_VARIABLES];
            for (const key of keys) {
              const v: unknown = config.get(key);
              if (v !== undefined) Object.assign(values, { [key]: v });
            }
            return Object.freeze(values) as AppConfig;
          },
        },
      ],
      exports: [APP_CONFIG],
    };
  }
}
