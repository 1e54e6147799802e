import { Processor } from '@nestjs/bullmq';
import { JobName, QueueName, TypedJob, TypedWorkerHost, UnhandledJobError } from '@buendel/queue';
import { DemandImportJobs } from './import-jobs.service';

/** The jobs of the imports queue (large demand imports). Only the worker imports this. */
@Processor(QueueName.Imports)
export class DemandImportsProcessor extends TypedWorkerHost {
  readonly handles = [JobName.DemandImport] as const;

  constructor(private readonly jobs: DemandImportJobs) {
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
}
