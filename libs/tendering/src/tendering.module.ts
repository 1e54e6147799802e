import { Module } from '@nestjs/common';
import { MarketController } from './market/http/market.controller';
import { ReportsController } from './reports/reports.controller';
import { TenderingCoreModule } from './tendering-core.module';
import { TendersController } from './tenders/http/tenders.controller';

/** Joint tenders, sealed offers, award, OCDS, the market view and reports over HTTP. */
@Module({
  imports: [TenderingCoreModule],
  controllers: [TendersController, MarketController, ReportsController],
})
export class TenderingModule {}
