import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { runWithRequestContext } from '@buendel/audit';
import { AuthUser } from '@buendel/auth';
import { DomainException } from '@buendel/errors';
import { JobName, OutboxWriter } from '@buendel/queue';
import { DemandImportDto } from './demand-import.dto';
import { DemandImportService, ImportOptions } from './demand-import.service';
import { DemandImportsRepository, ImportRow } from './demand-imports.repository';
import { importNotFound, problemOf } from './import-errors';
import { limitedUpload, sniffFormat, uploadProblem } from './upload-stream';

/** bytes per stored piece of a queued upload */
const CHUNK_BYTES = 1024 * 1024;

/**
 * Large imports as jobs: the API keeps the upload (in pieces, in one transaction that
 * commits only when the upload is complete, with the outbox row of its job) and answers 202;
 * the worker imports it with the same whole-or-nothing run as a small file, reporting its
 * progress on the import's row, and commits the demands together with `done` and the report.
 * A worker killed in the middle leaves nothing stored; the job's next attempt starts again
 * from the kept upload.
 */
@Injectable()
export class DemandImportJobs {
  private readonly logger = new Logger(DemandImportJobs.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly imports: DemandImportService,
    private readonly importRows: DemandImportsRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  /** Keeps the upload and queues its import; nothing of it is kept if the upload breaks off. */
  async receive(
    user: AuthUser,
    body: Readable,
    options: ImportOptions & { fileName?: string; bytesTotal: number },
  ): Promise<DemandImportDto> {
    const id = randomUUID();
    const bytes = limitedUpload(body);
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const format = await sniffFormat(bytes);
      await runner.startTransaction();
      await this.importRows.insertQueued(runner.manager, {
        id,
        organisationId: user.organisationId,
        createdBy: user.id,
        format,
        dryRun: !!options.dryRun,
        fileName: options.fileName ?? null,
        sheet: options.sheet ?? null,
        bytesTotal: options.bytesTotal,
      });
      let seq = 0;
      let total = 0;
      for await (const piece of pieces(bytes, CHUNK_BYTES)) {
        await this.importRows.insertChunk(runner.manager, id, seq++, piece);
        total += piece.length;
      }
      await this.importRows.setBytesTotal(runner.manager, id, total);
      await this.outbox.add(runner.manager, {
        name: JobName.DemandImport,
        payload: { importId: id },
        jobId: `demand.import-${id}`,
      });
      await runner.commitTransaction();
    } catch (e) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      bytes.destroy();
      throw uploadProblem(e);
    } finally {
      await runner.release();
    }
    return this.get(user, id);
  }

  /** An import of the user's organisation, with its progress and, when done, its report. */
  async get(user: AuthUser, id: string): Promise<DemandImportDto> {
    const row = await this.importRows.ofOrganisation(id, user.organisationId);
    if (!row) throw importNotFound(id);
    return toDto(row);
  }

  /** The job: claims the import, runs it from the kept upload, and records how it ended. */
  async process(importId: string): Promise<{ importId: string; status: string }> {
    const claimed = await this.importRows.claim(importId);
    if (!claimed) return { importId, status: 'finished already' };
    const user: AuthUser = {
      id: claimed.created_by,
      email: claimed.email,
      role: claimed.role,
      organisationId: claimed.organisation_id,
    };
    const options = { importId, dryRun: claimed.dry_run, sheet: claimed.sheet ?? undefined };
    try {
      await runWithRequestContext({ userId: user.id, organisationId: user.organisationId }, () =>
        this.imports.run(user, this.upload(importId), options, {
          progress: (p) => this.importRows.recordProgress(importId, p),
          complete: async (manager, report) => {
            await this.importRows.markDone(manager, importId, report);
            await this.importRows.deleteChunks(manager, importId);
          },
        }),
      );
      return { importId, status: 'done' };
    } catch (e) {
      if (!(e instanceof DomainException)) throw e; // the database or the worker failed: the job tries again
      // the file itself was refused: that is the import's answer, as a small upload would have had it
      await this.dataSource.transaction(async (manager) => {
        await this.importRows.markFailed(manager, importId, problemOf(e));
        await this.importRows.deleteChunks(manager, importId);
      });
      this.logger.log(`import ${importId} refused: ${e.message}`);
      return { importId, status: 'failed' };
    }
  }

  /** the kept upload, read piece by piece */
  private upload(importId: string): Readable {
    const rows = this.importRows;
    return Readable.from(
      (async function* () {
        for (let seq = 0; ; seq++) {
          const piece = await rows.chunk(importId, seq);
          if (!piece) return;
          yield piece;
        }
      })(),
      { objectMode: false },
    );
  }
}

/** the stream in pieces of `size` bytes */
async function* pieces(source: Readable, size: number): AsyncGenerator<Buffer> {
  let held: Buffer[] = [];
  let length = 0;
  for await (const chunk of source as AsyncIterable<Buffer>) {
    held.push(chunk);
    length += chunk.length;
    while (length >= size) {
      const all = Buffer.concat(held);
      yield all.subarray(0, size);
      held = [all.subarray(size)];
      length -= size;
    }
  }
  if (length) yield Buffer.concat(held);
}

function toDto(r: ImportRow): DemandImportDto {
  const total = Number(r.bytes_total);
  const read = Number(r.bytes_read);
  const finished = r.status === 'done' || r.status === 'failed';
  const dto: DemandImportDto = {
    id: r.id,
    status: r.status,
    format: r.format,
    dryRun: r.dry_run,
    fileName: r.file_name,
    bytesTotal: total,
    bytesRead: read,
    rowsRead: r.rows_read,
    rowsStored: r.rows_stored,
    rowsRefused: r.rows_refused,
    // reading is most of the work; the commit at the end is quick
    percent: finished ? 100 : total > 0 ? Math.min(99, Math.floor((read / total) * 100)) : 0,
    createdAt: r.created_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
  };
  if (r.report) dto.report = r.report;
  if (r.problem) dto.problem = r.problem;
  return dto;
}
