import { Module } from '@nestjs/common';
import { BundlingCoreModule } from './bundling-core.module';
import { BundleEventStreams } from './bundles/http/bundle-event-streams';
import { BundlesController } from './bundles/http/bundles.controller';
import { CriteriaController } from './catalogue/http/criteria.controller';
import { DemandsController } from './demands/http/demands.controller';
import { DemandImportController } from './demands/import/http/demand-import.controller';
import { BundlingExports } from './exports/bundling-exports.service';
import { BundlingExportsController } from './exports/http/bundling-exports.controller';
import { NotificationsController } from './notifications/http/notifications.controller';

/** Demand bundling over HTTP: demands, bundles, participations, criteria, notifications. */
@Module({
  imports: [BundlingCoreModule],
  providers: [BundlingExports, BundleEventStreams],
  controllers: [
    BundlingExportsController,
    CriteriaController,
    DemandImportController,
    DemandsController,
    BundlesController,
    NotificationsController,
  ],
})
export class BundlingModule {}
