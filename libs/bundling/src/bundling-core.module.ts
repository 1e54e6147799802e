import { Module } from '@nestjs/common';
import { StoredFiles } from '@buendel/http';
import { OneTripTransactions } from '@buendel/persistence';
import { IdentityCoreModule } from '@buendel/identity';
import { AggregationRepository } from './aggregation/aggregation.repository';
import { BundleAggregator } from './aggregation/bundle-aggregator';
import { ReferenceNames } from './aggregation/reference-names';
import { BundleChanges } from './bundles/bundle-changes';
import { BundleEvents } from './bundles/bundle-events';
import { BundlesRepository } from './bundles/bundles.repository';
import { BundlesService } from './bundles/bundles.service';
import { JoinMandatesRepository } from './bundles/join-mandates.repository';
import { JoinMandatesService } from './bundles/join-mandates.service';
import { ParticipationsService } from './bundles/participations.service';
import { CatalogueRepository } from './catalogue/catalogue.repository';
import { CriteriaCatalogueTask, CriteriaService } from './catalogue/criteria.service';
import { ThresholdsService, ThresholdsTask } from './catalogue/thresholds.service';
import { DemandsRepository } from './demands/demands.repository';
import { DemandsService } from './demands/demands.service';
import { DemandImportService } from './demands/import/demand-import.service';
import { DemandImportsRepository } from './demands/import/demand-imports.repository';
import { DemandImportJobs } from './demands/import/import-jobs.service';
import { NotificationsRepository } from './notifications/notifications.repository';
import { NotificationsService } from './notifications/notifications.service';
import { PlacesService } from './places.service';
import { DemoBundlingTask } from './startup/demo-bundling.task';

const SERVICES = [
  PlacesService,
  CatalogueRepository,
  CriteriaService,
  ThresholdsService,
  AggregationRepository,
  ReferenceNames,
  BundleChanges,
  BundleEvents,
  DemandsRepository,
  DemandsService,
  DemandImportsRepository,
  DemandImportService,
  DemandImportJobs,
  BundlesRepository,
  BundlesService,
  ParticipationsService,
  JoinMandatesRepository,
  JoinMandatesService,
  StoredFiles,
  BundleAggregator,
  // the joins' transactions in one trip (ParticipationsService), a small pool of their own
  OneTripTransactions,
  NotificationsRepository,
  NotificationsService,
];

/**
 * The services of demand bundling, shared by the API (BundlingModule) and the worker
 * (BundlingJobsModule). Needs the global Persistence, Queue (OutboxWriter) and Audit modules.
 */
@Module({
  imports: [IdentityCoreModule],
  providers: [...SERVICES, ThresholdsTask, CriteriaCatalogueTask, DemoBundlingTask],
  exports: SERVICES,
})
export class BundlingCoreModule {}
