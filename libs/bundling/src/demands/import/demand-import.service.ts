import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '@buendel/audit';
import { AuthUser } from '@buendel/auth';
import { CsvHeaderProblem } from '@buendel/domain';
import { PlacesService } from '../../places.service';
import { OrganisationPlaces } from '../demand-fields';
import { DemandsRepository } from '../demands.repository';
import { DemandImportReportDto } from './demand-import.dto';
import { DemandImportsRepository } from './demand-imports.repository';
import { csvRecords } from './csv-records';
import { invalidFile, tooLarge, unreadableEncoding } from './import-errors';
import { ImportRun, MAX_ROWS_ABOVE_HEADER, PendingRow, SheetRecord, SKIP_REASONS, skipReason } from './import-run';
import { storeBatch } from './import-writer';
import { EncodingError } from './text-decoding';
import { limitedUpload, sniffFormat, uploadProblem } from './upload-stream';
import { xlsxRecords } from './xlsx-records';

/** rows checked against the reference data and stored per statement */
export const IMPORT_BATCH_SIZE = 1000;
/** the most rows one file may carry */
export const IMPORT_MAX_ROWS = 200_000;

export interface ImportOptions {
  importId?: string;
  dryRun?: boolean;
  /** XLSX: the sheet to read; the first by default */
  sheet?: string;
}

/** how far an import has come (the job path shows it in GET /demands/imports/{id}) */
export interface ImportProgress {
  bytesRead: number;
  rowsRead: number;
  rowsStored: number;
  rowsRefused: number;
}

export interface ImportHooks {
  /** after each batch; not awaited by the import (it must not slow it down), errors ignored */
  progress?(p: ImportProgress): Promise<void>;
  /** in the import's transaction, before it commits: record the import as done */
  complete(manager: EntityManager, report: DemandImportReportDto): Promise<void>;
}

/**
 * Demand import from CSV (any encoding Excel writes, see TextDecoding) or XLSX (exceljs,
 * streamed), whole or nothing: the file is read as it arrives, each row validated like a
 * POST /demands body and the valid ones stored in batches, all in one transaction that commits
 * only when the file was read to its end. A file refused as a whole (bad header, too large,
 * unreadable encoding) or an upload that breaks off stores nothing; bad rows are reported with
 * their line, field and reason while the valid rows are stored. A row key (a column, or else a
 * hash of the row's content and its occurrence) makes a repeated upload update the same
 * demands instead of adding new ones.
 */
@Injectable()
export class DemandImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly places: PlacesService,
    private readonly importRows: DemandImportsRepository,
    private readonly demands: DemandsRepository,
  ) {}

  /** An upload imported while it arrives; recorded as a done import with its report. */
  async import(user: AuthUser, body: Readable, options: ImportOptions = {}): Promise<DemandImportReportDto> {
    return this.run(user, body, options, {
      complete: (manager, report) =>
        this.importRows.insertDone(
          manager,
          { organisationId: user.organisationId, createdBy: user.id, sheet: options.sheet ?? null },
          report,
        ),
    });
  }

  /** Reads, checks and stores a file in one transaction; `hooks.complete` runs in it before the commit. */
  async run(
    user: AuthUser,
    body: Readable,
    options: ImportOptions,
    hooks: ImportHooks,
  ): Promise<DemandImportReportDto> {
    const places = await this.places.of(user);
    const bytes = limitedUpload(body);
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const format = await sniffFormat(bytes);
      const run = new ImportRun(options.importId ?? randomUUID(), !!options.dryRun, format);
      const records = format === 'csv' ? csvRecords(bytes, run) : xlsxRecords(bytes, run, options.sheet);
      await runner.startTransaction();
      const progress = () => void hooks.progress?.(progressOf(run, bytes.seen)).catch(() => undefined);
      await this.readAll(records, run, user, places, runner.manager, progress);
      if (!run.dryRun && (run.report.created || run.report.updated)) {
        await this.audit.record(runner.manager, {
          action: 'demand.import.finished',
          entityType: 'demand-import',
          entityId: run.report.importId,
          data: {
            format: run.report.format,
            rows: run.report.rows,
            created: run.report.created,
            updated: run.report.updated,
            rejected: run.report.rejected,
          },
        });
      }
      await hooks.complete(runner.manager, run.report);
      await runner.commitTransaction();
      return run.report;
    } catch (e) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      bytes.destroy();
      if (e instanceof EncodingError) throw unreadableEncoding(e.message, e.line);
      throw uploadProblem(e);
    } finally {
      await runner.release();
    }
  }

  private async readAll(
    records: AsyncIterable<SheetRecord>,
    run: ImportRun,
    user: AuthUser,
    places: OrganisationPlaces,
    manager: EntityManager,
    progress: () => void,
  ): Promise<void> {
    // rows before the header: titles and notes that Excel sheets often have above it
    const above: number[] = [];
    let firstProblems: CsvHeaderProblem[] | undefined;
    let batch: PendingRow[] = [];
    // the batch being stored while the next one is read: the database works beside the parser
    let storing: Promise<void> | undefined;
    const store = async (rows: PendingRow[]) => {
      await storing;
      storing = storeBatch(manager, this.demands, this.audit, user, places, rows, run).then(progress);
      storing.catch(() => undefined); // surfaces at the next await
    };
    for await (const record of records) {
      if (!run.header) {
        if (skipReason(record) === SKIP_REASONS.empty.reason) continue;
        const problems = run.tryHeader(record).problems;
        if (run.header) {
          above.forEach((line) => run.skip(line, 'above the header row'));
          continue;
        }
        firstProblems ??= problems;
        above.push(record.line);
        if (above.length >= MAX_ROWS_ABOVE_HEADER) throw headerError(firstProblems, run);
        continue;
      }
      const skip = skipReason(record);
      if (skip) {
        run.skip(record.line, skip);
        continue;
      }
      if (run.report.rows >= IMPORT_MAX_ROWS) {
        throw tooLarge(`The file has more than ${IMPORT_MAX_ROWS} rows; split it into smaller files`);
      }
      run.report.rows++;
      const pending = run.readRow(record);
      if (pending) batch.push(pending);
      if (batch.length >= IMPORT_BATCH_SIZE) {
        await store(batch);
        batch = [];
      }
    }
    await storing;
    if (!run.header) {
      if (firstProblems) throw headerError(firstProblems, run);
      throw invalidFile(
        'The file is empty',
        [{ field: 'file', reason: 'has no header row', de: 'hat keine Kopfzeile' }],
        run.report.format,
      );
    }
    if (batch.length) await storeBatch(manager, this.demands, this.audit, user, places, batch, run);
    progress();
  }
}

function headerError(problems: CsvHeaderProblem[], run: ImportRun) {
  return invalidFile(
    'The header row does not name the columns of a demand',
    problems.map((p) => ({ field: `header.${p.column}`, reason: p.reason })),
    run.report.format,
  );
}

function progressOf(run: ImportRun, bytesRead: number): ImportProgress {
  const { report } = run;
  return {
    bytesRead,
    rowsRead: report.rows,
    rowsStored: report.created + report.updated + report.unchanged,
    rowsRefused: report.rejected,
  };
}
