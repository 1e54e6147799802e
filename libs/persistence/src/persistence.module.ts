import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import { dataSourceOptions } from './data-source';
import { StartupTaskRunner } from './startup-task';

@Module({
  imports: [
    DiscoveryModule,
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions({ url: config.DATABASE_URL, applicationName: 'buendel' }),
        // TypeORM writes its errors to the console itself: silent with the rest of the log
        ...(config.LOG_LEVEL === 'silent' ? { logging: false } : {}),
        retryAttempts: 3,
        retryDelay: 1000,
      }),
    }),
  ],
  providers: [StartupTaskRunner],
  exports: [TypeOrmModule, StartupTaskRunner],
})
export class PersistenceModule {}
