import { Processor } from '@nestjs/bullmq';
import { JobName, QueueName, TypedJob, TypedWorkerHost, UnhandledJobError } from '@buendel/queue';
import { DemandImportsRepository } from './demand-imports.repository';
import { DemandImportJobs } from './import-jobs.service';

/** The jobs of the imports queue (large demand imports). Only the worker imports this. */
@Processor(QueueName.Imports)
export class DemandImportsProcessor extends TypedWorkerHost {
  readonly handles = [JobName.DemandImport] as const;

  constructor(
    private readonly jobs: DemandImportJobs,
    private readonly importRows: DemandImportsRepository,
  ) {
    super();
  }

  async process(job: TypedJob): Promise<unknown> {
    switch (job.name) {
      case JobName.DemandImport:
        return this.jobs.process((job as TypedJob<JobName.DemandImport>).data.importId);
      default:
        throw new UnhandledJobError(job.name);
    }
  }

  /** an import whose job failed for good is failed too (it stored nothing: the import is whole or nothing) */
  protected async onFinalFailure(job: TypedJob): Promise<void> {
    switch (job.name) {
      case JobName.DemandImport: {
        const { importId } = (job as TypedJob<JobName.DemandImport>).data;
        const problem = {
          status: 500,
          code: 'IMPORT_FAILED',
          detail:
            'Der Import ist nach mehreren Versuchen fehlgeschlagen und hat nichts gespeichert. Bitte die Datei erneut hochladen.',
        };
        await this.importRows.failUnfinished(importId, problem);
        return;
      }
      default:
        throw new UnhandledJobError(job.name);
    }
  }
}
