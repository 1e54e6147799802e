import { Module } from '@nestjs/common';
import { BundlingCoreModule } from '@buendel/bundling';
import { StoredFiles } from '@buendel/http';
import { AwardRepository } from './award/award.repository';
import { AwardService } from './award/award.service';
import { ContractsRepository } from './contracts/contracts.repository';
import { ContractsService } from './contracts/contracts.service';
import { InformationLettersRepository } from './contracts/information-letters.repository';
import { InformationLettersService } from './contracts/information-letters.service';
import { EvidenceRepository } from './evidence/evidence.repository';
import { EvidenceService } from './evidence/evidence.service';
import { CallOffsService } from './frameworks/call-offs.service';
import { FrameworkExports } from './frameworks/framework-exports.service';
import { FrameworksRepository } from './frameworks/frameworks.repository';
import { FrameworksService } from './frameworks/frameworks.service';
import { NextBundleService } from './frameworks/next-bundle.service';
import { EvidenceClaimsRepository } from './evidence/evidence-claims.repository';
import { EvidenceVerificationService } from './evidence/evidence-verification.service';
import { MarketRepository } from './market/market.repository';
import { TenderExports } from './exports/tender-exports.service';
import { MarketService } from './market/market.service';
import { NoticesRepository } from './notices/notices.repository';
import { NoticesService } from './notices/notices.service';
import { OcdsRepository } from './ocds/ocds.repository';
import { OcdsService } from './ocds/ocds.service';
import { OfferVault } from './offers/offer-vault';
import { OffersRepository } from './offers/offers.repository';
import { OffersService } from './offers/offers.service';
import { RecordRepository } from './record/record.repository';
import { TenderRecordService } from './record/tender-record.service';
import { ReportsRepository } from './reports/reports.repository';
import { SustainabilityReportService } from './reports/sustainability-report.service';
import { TendersRepository } from './tenders/tenders.repository';
import { TenderOpeningService } from './tenders/tender-opening.service';
import { TenderReleasesService } from './tenders/tender-releases.service';
import { TendersService } from './tenders/tenders.service';

const SERVICES = [
  TendersRepository,
  OffersRepository,
  AwardRepository,
  RecordRepository,
  NoticesRepository,
  InformationLettersRepository,
  ContractsRepository,
  MarketRepository,
  ReportsRepository,
  OcdsRepository,
  EvidenceRepository,
  StoredFiles,
  EvidenceService,
  FrameworksRepository,
  EvidenceClaimsRepository,
  EvidenceVerificationService,
  OfferVault,
  NoticesService,
  TendersService,
  TenderOpeningService,
  TenderReleasesService,
  OffersService,
  InformationLettersService,
  FrameworksService,
  CallOffsService,
  NextBundleService,
  FrameworkExports,
  ContractsService,
  AwardService,
  OcdsService,
  TenderRecordService,
  TenderExports,
  MarketService,
  SustainabilityReportService,
];

/** The services of joint tenders and the market view, shared by the API and the worker. */
@Module({
  imports: [BundlingCoreModule],
  providers: SERVICES,
  exports: SERVICES,
})
export class TenderingCoreModule {}
