import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Role } from '@buendel/auth';
import { queryRows } from '@buendel/persistence';
import { DemandImportDto, DemandImportReportDto, ImportFormat, ImportStatus } from './demand-import.dto';
import type { ImportProgress } from './demand-import.service';

export interface ImportRow {
  id: string;
  organisation_id: string;
  created_by: string;
  status: ImportStatus;
  format: ImportFormat;
  dry_run: boolean;
  file_name: string | null;
  sheet: string | null;
  bytes_total: string;
  bytes_read: string;
  rows_read: number;
  rows_stored: number;
  rows_refused: number;
  report: DemandImportReportDto | null;
  problem: DemandImportDto['problem'] | null;
  created_at: Date;
  finished_at: Date | null;
}

/** a claimed import with the role and email of the user who uploaded it */
export type ClaimedImport = ImportRow & { role: Role; email: string };

export interface QueuedImport {
  id: string;
  organisationId: string;
  createdBy: string;
  format: ImportFormat;
  dryRun: boolean;
  fileName: string | null;
  sheet: string | null;
  bytesTotal: number;
}

/** the rows of a report: read, stored (created, updated or unchanged), refused */
function reportCounts(report: DemandImportReportDto): [number, number, number] {
  return [report.rows, report.created + report.updated + report.unchanged, report.rejected];
}

/**
 * The statements of demand imports and their kept uploads, one named method each (TypeORM's
 * query runner with plain SQL). A method that takes a manager runs in the caller's transaction.
 */
@Injectable()
export class DemandImportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** a small import, done while it arrived, with its report */
  async insertDone(
    manager: EntityManager,
    i: { organisationId: string; createdBy: string; sheet: string | null },
    report: DemandImportReportDto,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO demand_imports (id, organisation_id, created_by, status, format, dry_run, sheet,
         rows_read, rows_stored, rows_refused, report, finished_at)
       VALUES ($1, $2, $3, 'done', $4, $5, $6, $7, $8, $9, $10, now())`,
      [
        report.importId,
        i.organisationId,
        i.createdBy,
        report.format,
        report.dryRun,
        i.sheet,
        ...reportCounts(report),
        JSON.stringify(report),
      ],
    );
  }

  /** a large import waiting for its job */
  async insertQueued(manager: EntityManager, i: QueuedImport): Promise<void> {
    await manager.query(
      `INSERT INTO demand_imports (id, organisation_id, created_by, status, format, dry_run, file_name, sheet, bytes_total)
       VALUES ($1, $2, $3, 'queued', $4, $5, $6, $7, $8)`,
      [i.id, i.organisationId, i.createdBy, i.format, i.dryRun, i.fileName, i.sheet, i.bytesTotal],
    );
  }

  /** one piece of the kept upload */
  async insertChunk(manager: EntityManager, importId: string, seq: number, data: Buffer): Promise<void> {
    await manager.query(`INSERT INTO demand_import_chunks (import_id, seq, data) VALUES ($1, $2, $3)`, [
      importId,
      seq,
      data,
    ]);
  }

  /** the size of the upload as it arrived */
  async setBytesTotal(manager: EntityManager, importId: string, bytesTotal: number): Promise<void> {
    await manager.query(`UPDATE demand_imports SET bytes_total = $2 WHERE id = $1`, [importId, bytesTotal]);
  }

  /** an import of the organisation, or undefined: another's is like a missing one */
  async ofOrganisation(id: string, organisationId: string): Promise<ImportRow | undefined> {
    const [row] = await this.dataSource.query<ImportRow[]>(
      `SELECT * FROM demand_imports WHERE id = $1 AND organisation_id = $2`,
      [id, organisationId],
    );
    return row;
  }

  /** marks a queued (or a retried running) import running and counts the attempt; undefined once it finished */
  async claim(importId: string): Promise<ClaimedImport | undefined> {
    const [claimed] = await queryRows<ClaimedImport>(
      this.dataSource,
      `UPDATE demand_imports i SET status = 'running', attempts = attempts + 1
       FROM users u WHERE i.id = $1 AND i.status IN ('queued', 'running') AND u.id = i.created_by
       RETURNING i.*, u.role, u.email`,
      [importId],
    );
    return claimed;
  }

  /** the progress of a running import (outside its transaction, so that readers see it) */
  async recordProgress(importId: string, p: ImportProgress): Promise<void> {
    await this.dataSource.query(
      `UPDATE demand_imports SET bytes_read = $2, rows_read = $3, rows_stored = $4, rows_refused = $5
       WHERE id = $1 AND status = 'running'`,
      [importId, p.bytesRead, p.rowsRead, p.rowsStored, p.rowsRefused],
    );
  }

  /** the import is done, with its report and every byte read */
  async markDone(manager: EntityManager, importId: string, report: DemandImportReportDto): Promise<void> {
    await manager.query(
      `UPDATE demand_imports SET status = 'done', report = $2, bytes_read = bytes_total, rows_read = $3,
         rows_stored = $4, rows_refused = $5, finished_at = now()
       WHERE id = $1`,
      [importId, JSON.stringify(report), ...reportCounts(report)],
    );
  }

  /** the file was refused: the import failed with this problem */
  async markFailed(manager: EntityManager, importId: string, problem: object): Promise<void> {
    await manager.query(
      `UPDATE demand_imports SET status = 'failed', problem = $2, finished_at = now() WHERE id = $1`,
      [importId, JSON.stringify(problem)],
    );
  }

  /** an import whose job failed for good, unless it finished meanwhile */
  async failUnfinished(importId: string, problem: object): Promise<void> {
    await this.dataSource.query(
      `UPDATE demand_imports SET status = 'failed', problem = $2, finished_at = now()
       WHERE id = $1 AND status IN ('queued', 'running')`,
      [importId, JSON.stringify(problem)],
    );
  }

  /** one piece of the kept upload, or undefined after the last */
  async chunk(importId: string, seq: number): Promise<Buffer | undefined> {
    const [piece] = await this.dataSource.query<Array<{ data: Buffer }>>(
      `SELECT data FROM demand_import_chunks WHERE import_id = $1 AND seq = $2`,
      [importId, seq],
    );
    return piece?.data;
  }

  /** the kept upload is no longer needed */
  async deleteChunks(manager: EntityManager, importId: string): Promise<void> {
    await manager.query(`DELETE FROM demand_import_chunks WHERE import_id = $1`, [importId]);
  }
}
