import { Module } from '@nestjs/common';
import { AwardController } from './award/http/award.controller';
import { ContractsController } from './contracts/http/contracts.controller';
import { TenderExportsController } from './exports/http/tender-exports.controller';
import { EvidenceController } from './evidence/http/evidence.controller';
import { FrameworksController } from './frameworks/http/frameworks.controller';
import { EvidenceVerificationController } from './evidence/http/evidence-verification.controller';
import { MarketController } from './market/http/market.controller';
import { NoticesController } from './notices/http/notices.controller';
import { OffersController } from './offers/http/offers.controller';
import { TenderEvaluationController } from './offers/http/tender-evaluation.controller';
import { RecordsController } from './record/http/records.controller';
import { ReportsController } from './reports/reports.controller';
import { TenderingCoreModule } from './tendering-core.module';
import { TendersController } from './tenders/http/tenders.controller';

/** Joint tenders, sealed offers, award, OCDS and eForms notices, the market view and reports over HTTP. */
@Module({
  imports: [TenderingCoreModule],
  controllers: [
    TendersController,
    OffersController,
    AwardController,
    ContractsController,
    FrameworksController,
    RecordsController,
    TenderExportsController,
    NoticesController,
    MarketController,
    ReportsController,
    EvidenceController,
    EvidenceVerificationController,
    TenderEvaluationController,
  ],
})
export class TenderingModule {}
