import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source';
import { queryThroughPool } from './direct-queries';
import { StartupTaskRunner } from './startup-task';

@Module({
  imports: [
    DiscoveryModule,
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions({ url: config.DATABASE_URL, applicationName: 'buendel' }),
        retryAttempts: 3,
        retryDelay: 1000,
      }),
      dataSourceFactory: async (options) => {
        if (!options) throw new Error('no data source options');
        return queryThroughPool(await new DataSource(options).initialize());
      },
    }),
  ],
  providers: [StartupTaskRunner],
  exports: [TypeOrmModule, StartupTaskRunner],
})
export class PersistenceModule {}
