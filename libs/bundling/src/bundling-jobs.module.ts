import { Module } from '@nestjs/common';
import { BundlingCoreModule } from './bundling-core.module';
import { DemandImportsProcessor } from './demands/import/demand-imports.processor';
import { BundleSweeper } from './jobs/bundle-sweeper';
import { BundleSchedules, BundlesProcessor } from './jobs/bundles.processor';

/** The jobs of demand bundling; only the worker imports this. */
@Module({
  imports: [BundlingCoreModule],
  providers: [BundlesProcessor, BundleSchedules, BundleSweeper, DemandImportsProcessor],
})
export class BundlingJobsModule {}
