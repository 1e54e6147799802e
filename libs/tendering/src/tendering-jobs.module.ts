import { Module } from '@nestjs/common';
import { TenderSchedules, TendersProcessor } from './jobs/tenders.processor';
import { TenderingCoreModule } from './tendering-core.module';

/** The jobs of joint tenders and the market view; only the worker imports this. */
@Module({
  imports: [TenderingCoreModule],
  providers: [TendersProcessor, TenderSchedules],
})
export class TenderingJobsModule {}
