import { Processor } from '@nestjs/bullmq';
import { UnrecoverableError } from 'bullmq';
import { JobName, QueueName, TypedJob, TypedWorkerHost, UnhandledJobError, WORKER_OPTIONS } from '@buendel/queue';
import { MailSender } from './mail-sender';
import { PermanentMailError } from './mail-transport';

/** The jobs of the mail queue. Only the worker imports this. */
@Processor(QueueName.Mail, WORKER_OPTIONS)
export class MailProcessor extends TypedWorkerHost {
  readonly handles = [JobName.MailSend] as const;

  constructor(private readonly sender: MailSender) {
    super();
  }

  async process(job: TypedJob): Promise<unknown> {
    switch (job.name) {
      case JobName.MailSend: {
        const { mailId } = (job as TypedJob<JobName.MailSend>).data;
        try {
          return { mailId, outcome: await this.sender.send(mailId) };
        } catch (e) {
          // a refusal (5xx) fails at once: retrying cannot change the server's answer
          if (e instanceof PermanentMailError) throw new UnrecoverableError(e.message);
          throw e;
        }
      }
      default:
        throw new UnhandledJobError(job.name);
    }
  }

  /** the mail's row says `failed`, with the last error; the admins are told by the base class */
  protected async onFinalFailure(job: TypedJob, error: Error): Promise<void> {
    switch (job.name) {
      case JobName.MailSend:
        return this.sender.markFailed((job as TypedJob<JobName.MailSend>).data.mailId, error);
      default:
        throw new UnhandledJobError(job.name);
    }
  }
}
