import { createHash, randomUUID } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { parse } from 'csv-parse';
import { DataSource } from 'typeorm';
import { AuditLog } from '@buendel/audit';
import { AuthUser } from '@buendel/auth';
import {
  CsvDelimiter,
  DemandCsvField,
  DemandCsvHeader,
  detectCsvDelimiter,
  mapDemandCsvHeader,
  readDemandCsvRecord,
} from '@buendel/domain';
import { FieldError, flattenValidationErrors } from '@buendel/errors';
import { queryRows } from '@buendel/persistence';
import { bundlingError, BundlingErrorCode } from '../../bundling.exception';
import { PlacesService } from '../../places.service';
import {
  demandReferenceProblems,
  loadDemandLookups,
  OrganisationPlaces,
  ResolvedDemand,
  resolveDemand,
} from '../demand-fields';
import { CreateDemandDto } from '../http/dto/demand.dto';
import { fastDemandDto } from './fast-row-check';
import { DemandImportReportDto, ImportRowErrorDto } from './demand-import.dto';

/** rows stored per transaction */
export const IMPORT_BATCH_SIZE = 1000;
/** the largest file we read */
export const IMPORT_MAX_BYTES = 64 * 1024 * 1024;
/** the most rows one file may carry */
export const IMPORT_MAX_ROWS = 200_000;
/** errors listed in the report (all are counted) */
const MAX_LISTED_ERRORS = 1000;

interface PendingRow {
  row: number;
  key: string;
  dto: CreateDemandDto;
  /** problems with the form of the row's fields: the row is reported, with its reference problems, and not stored */
  refused?: FieldError[];
}

/**
 * CSV import of demands, streamed: the file is parsed as it arrives, each row validated like
 * a POST /demands body, and valid rows stored in batches of IMPORT_BATCH_SIZE (one INSERT per
 * batch, in its own transaction). Every bad row is reported with its line, field and reason.
 * A row key (a column, or else a hash of the row's content and its occurrence) makes a repeated
 * upload update the same demands instead of adding new ones.
 */
@Injectable()
export class DemandImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly places: PlacesService,
  ) {}

  async import(user: AuthUser, body: Readable, options: { dryRun?: boolean } = {}): Promise<DemandImportReportDto> {
    const places = await this.places.of(user);
    const run = new ImportRun(randomUUID(), !!options.dryRun);
    const source = body.pipe(byteLimit(IMPORT_MAX_BYTES));
    body.on('error', (e) => source.destroy(e));
    const delimiter = await sniffDelimiter(source).catch((e: unknown) => {
      throw toImportError(e);
    });
    run.report.delimiter = delimiter;
    // the line of the last complete record, in parse order: a quote left open starts on the next
    let lastRecordLine = 1;
    const parser = source.pipe(
      parse({
        delimiter,
        bom: true,
        relax_column_count: true,
        relax_quotes: true,
        skip_records_with_error: true,
        skip_empty_lines: true,
        // the record with its line (cheaper than csv-parse's info object per record)
        on_record: (record: string[], context: { lines: number }) => {
          lastRecordLine = context.lines;
          return { record, line: context.lines };
        },
      }),
    );
    source.on('error', (e) => parser.destroy(e));
    parser.on('skip', (e: Error & { lines?: number; code?: string }) =>
      run.reject(
        e.code === 'CSV_QUOTE_NOT_CLOSED' ? lastRecordLine + 1 : (e.lines ?? 0),
        'row',
        `cannot be read as CSV: ${e.message}`,
      ),
    );

    let header: DemandCsvHeader | undefined;
    let batch: PendingRow[] = [];
    // the batch being stored while the next one is read: the database works beside the parser
    let storing: Promise<void> | undefined;
    const store = async (rows: PendingRow[], into: DemandCsvHeader) => {
      await storing;
      storing = this.storeBatch(user, places, rows, run, into);
      storing.catch(() => undefined); // surfaces at the next await
    };
    const seenKeys = new Map<string, number>();
    const occurrences = new Map<string, number>();
    try {
      for await (const { record, line } of parser as AsyncIterable<{ record: string[]; line: number }>) {
        if (!header) {
          header = this.readHeader(record, run);
          continue;
        }
        if (run.report.rows >= IMPORT_MAX_ROWS) {
          run.reject(
            line,
            'row',
            `the file has more than ${IMPORT_MAX_ROWS} rows; this row and the rest were not read (split the file)`,
          );
          break;
        }
        run.report.rows++;
        const pending = this.readRow(record, line, header, delimiter, seenKeys, occurrences, run);
        if (pending) batch.push(pending);
        if (batch.length >= IMPORT_BATCH_SIZE) {
          await store(batch, header);
          batch = [];
        }
      }
      await storing;
    } catch (e) {
      throw toImportError(e);
    }
    if (!header) {
      throw bundlingError(BundlingErrorCode.InvalidCsv, 'The file is empty', {
        errors: [{ field: 'file', reason: 'has no header row' }],
      });
    }
    if (batch.length) await this.storeBatch(user, places, batch, run, header);
    if (!run.dryRun && (run.report.created || run.report.updated)) {
      await this.dataSource.transaction((manager) =>
        this.audit.record(manager, {
          action: 'demand.import.finished',
          entityType: 'demand-import',
          entityId: run.report.importId,
          data: {
            rows: run.report.rows,
            created: run.report.created,
            updated: run.report.updated,
            rejected: run.report.rejected,
          },
        }),
      );
    }
    return run.report;
  }

  private readHeader(record: string[], run: ImportRun): DemandCsvHeader {
    const header = mapDemandCsvHeader(record);
    if (header.problems.length) {
      throw bundlingError(BundlingErrorCode.InvalidCsv, 'The header row does not name the columns of a demand', {
        errors: header.problems.map((p) => ({ field: `header.${p.column}`, reason: p.reason })),
      });
    }
    run.report.ignoredColumns = header.ignored;
    return header;
  }

  /** Validates one record like a POST /demands body; returns it ready for its batch, or reports it. */
  private readRow(
    record: string[],
    row: number,
    header: DemandCsvHeader,
    delimiter: CsvDelimiter,
    seenKeys: Map<string, number>,
    occurrences: Map<string, number>,
    run: ImportRun,
  ): PendingRow | undefined {
    const { rowKey, ...values } = readDemandCsvRecord(record, header, delimiter);
    // valid rows take the fast path; the others the full validation, which names every problem
    let dto = fastDemandDto(values);
    if (!dto) {
      dto = plainToInstance(CreateDemandDto, values);
      // one reason per field (the first that fails), every field
      const refused = flattenValidationErrors(
        validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true }),
      );
      if (refused.length) return { row, key: '', dto, refused };
    }
    let key = rowKey;
    if (key === undefined) {
      // no key column: the content and how often it occurred so far make the key
      const content = createHash('sha256').update(JSON.stringify(values)).digest('hex').slice(0, 32);
      const n = (occurrences.get(content) ?? 0) + 1;
      occurrences.set(content, n);
      key = `auto:${content}:${n}`;
    } else if (key.length > 200) {
      run.reject(row, 'rowKey', 'must be at most 200 characters', header.columnOf.rowKey);
      return undefined;
    }
    const earlier = seenKeys.get(key);
    if (earlier !== undefined) {
      run.reject(row, 'rowKey', `repeats the row key of line ${earlier}`, header.columnOf.rowKey);
      return undefined;
    }
    seenKeys.set(key, row);
    return { row, key, dto };
  }

  /** Checks the batch against the reference data and stores it in one statement and one transaction. */
  private async storeBatch(
    user: AuthUser,
    places: OrganisationPlaces,
    batch: PendingRow[],
    run: ImportRun,
    header: DemandCsvHeader,
  ): Promise<void> {
    const lookups = await loadDemandLookups(
      this.dataSource.manager,
      batch.map((b) => b.dto),
      places.ags ? [places.ags] : [],
    );
    const valid: Array<{ row: number; key: string; demand: ResolvedDemand }> = [];
    for (const item of batch) {
      if (item.refused) {
        const skip = new Set(item.refused.map((e) => e.field));
        [...item.refused, ...demandReferenceProblems(item.dto, lookups, places, skip)].forEach((e) =>
          run.reject(item.row, e.field, e.reason, header.columnOf[e.field.split('.')[0] as DemandCsvField]),
        );
        continue;
      }
      const { demand, errors } = resolveDemand(item.dto, lookups, places);
      errors.forEach((e) =>
        run.reject(item.row, e.field, e.reason, header.columnOf[e.field.split('.')[0] as DemandCsvField]),
      );
      if (demand) valid.push({ row: item.row, key: item.key, demand });
    }
    if (valid.length === 0 || run.dryRun) {
      if (run.dryRun) run.report.created += valid.length;
      return;
    }
    await this.dataSource.transaction(async (manager) => {
      const d = valid.map((v) => v.demand);
      const written = await queryRows<{ id: string; import_key: string; inserted: boolean }>(
        manager,
        `INSERT INTO demands (organisation_id, created_by, import_key, cpv_code, title, description, quantity, unit,
           unit_price_eur, estimated_value_cents, delivery_from, delivery_to, delivery_ags, district_key, criteria, status)
         SELECT $1, $2, k, c, t, ds, q, u, p, v, f, tt, a, dk,
                CASE WHEN cr = '' THEN '{}'::text[] ELSE string_to_array(cr, ',') END, s
         FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::numeric[], $8::text[], $9::numeric[], $10::bigint[],
                     $11::date[], $12::date[], $13::text[], $14::text[], $15::text[], $16::text[])
           AS r(k, c, t, ds, q, u, p, v, f, tt, a, dk, cr, s)
         ON CONFLICT (organisation_id, import_key) WHERE import_key IS NOT NULL DO UPDATE SET
           cpv_code = EXCLUDED.cpv_code, title = EXCLUDED.title, description = EXCLUDED.description,
           quantity = EXCLUDED.quantity, unit = EXCLUDED.unit, unit_price_eur = EXCLUDED.unit_price_eur,
           estimated_value_cents = EXCLUDED.estimated_value_cents, delivery_from = EXCLUDED.delivery_from,
           delivery_to = EXCLUDED.delivery_to, delivery_ags = EXCLUDED.delivery_ags, district_key = EXCLUDED.district_key,
           criteria = EXCLUDED.criteria, status = EXCLUDED.status, updated_at = now()
         WHERE demands.status IN ('draft', 'open')
           AND (demands.cpv_code, demands.title, demands.description, demands.quantity, demands.unit, demands.unit_price_eur,
                demands.delivery_from, demands.delivery_to, demands.delivery_ags, demands.criteria, demands.status)
               IS DISTINCT FROM
               (EXCLUDED.cpv_code, EXCLUDED.title, EXCLUDED.description, EXCLUDED.quantity, EXCLUDED.unit, EXCLUDED.unit_price_eur,
                EXCLUDED.delivery_from, EXCLUDED.delivery_to, EXCLUDED.delivery_ags, EXCLUDED.criteria, EXCLUDED.status)
         RETURNING id, import_key, (xmax = 0) AS inserted`,
        [
          user.organisationId,
          user.id,
          valid.map((v) => v.key),
          d.map((x) => x.cpvCode),
          d.map((x) => x.title),
          d.map((x) => x.description),
          d.map((x) => x.quantity),
          d.map((x) => x.unit),
          d.map((x) => x.unitPriceEur),
          d.map((x) => x.estimatedValueCents),
          d.map((x) => x.deliveryFrom),
          d.map((x) => x.deliveryTo),
          d.map((x) => x.deliveryAgs),
          d.map((x) => x.districtKey),
          d.map((x) => x.criteria.join(',')),
          d.map((x) => x.status),
        ],
      );
      const created = written.filter((w) => w.inserted);
      const updated = written.filter((w) => !w.inserted);
      run.report.created += created.length;
      run.report.updated += updated.length;
      // the rest existed already: unchanged, or bound to a bundle and therefore left alone
      const writtenKeys = new Set(written.map((w) => w.import_key));
      const untouched = valid.filter((v) => !writtenKeys.has(v.key));
      if (untouched.length) {
        const states = await manager.query<Array<{ import_key: string; status: string }>>(
          `SELECT import_key, status FROM demands WHERE organisation_id = $1 AND import_key = ANY($2::text[])`,
          [user.organisationId, untouched.map((u) => u.key)],
        );
        const statusOf = new Map(states.map((s) => [s.import_key, s.status]));
        for (const u of untouched) {
          const status = statusOf.get(u.key);
          if (status === 'draft' || status === 'open') run.report.unchanged++;
          else
            run.reject(
              u.row,
              'rowKey',
              `its demand is ${status}; an import does not change it (use PATCH /demands/{id})`,
              header.columnOf.rowKey,
            );
        }
      }
      await this.audit.record(manager, {
        action: 'demand.imported',
        entityType: 'demand-import',
        entityId: run.report.importId,
        data: { created: created.map((w) => w.id), updated: updated.map((w) => w.id) },
      });
    });
  }
}

/** the report of one import, filled as the rows go by */
class ImportRun {
  readonly report: DemandImportReportDto;

  constructor(
    importId: string,
    readonly dryRun: boolean,
  ) {
    this.report = {
      importId,
      dryRun,
      delimiter: ';',
      rows: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      errors: [],
      errorsTruncated: false,
      ignoredColumns: [],
    };
  }

  private rejectedRows = new Set<number>();

  reject(row: number, field: string, reason: string, column?: string): void {
    if (!this.rejectedRows.has(row)) {
      this.rejectedRows.add(row);
      this.report.rejected++;
    }
    if (this.report.errors.length >= MAX_LISTED_ERRORS) {
      this.report.errorsTruncated = true;
      return;
    }
    const error: ImportRowErrorDto = { row, field, reason };
    if (column) error.column = column;
    this.report.errors.push(error);
  }
}

/**
 * Reads until the first line break to pick the separator, then puts the bytes back
 * (`unshift`, made for parsers that peek), so that the parser reads the file from its start.
 */
async function sniffDelimiter(source: Readable): Promise<CsvDelimiter> {
  const chunks: Buffer[] = [];
  let length = 0;
  for (;;) {
    const chunk = source.read() as Buffer | null;
    if (chunk === null) {
      if (source.readableEnded || source.destroyed) break;
      await new Promise<void>((resolve, reject) => {
        const done = () => (cleanup(), resolve());
        const fail = (e: Error) => (cleanup(), reject(e));
        const cleanup = () => {
          source.off('readable', done);
          source.off('end', done);
          source.off('error', fail);
        };
        source.once('readable', done);
        source.once('end', done);
        source.once('error', fail);
      });
      continue;
    }
    chunks.push(chunk);
    length += chunk.length;
    if (chunk.includes(0x0a) || length > 64 * 1024) break;
  }
  const head = Buffer.concat(chunks);
  if (head.length) source.unshift(head);
  const firstLine =
    head
      .toString('utf8')
      .replace(/^\ufeff/, '')
      .split(/\r?\n/)[0] ?? '';
  return detectCsvDelimiter(firstLine);
}

class TooLargeError extends Error {}

function byteLimit(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > max) callback(new TooLargeError(`the file is larger than ${max / 1024 / 1024} MiB`));
      else callback(null, chunk);
    },
  });
}

function toImportError(e: unknown): unknown {
  if (e instanceof TooLargeError) {
    return bundlingError(BundlingErrorCode.ImportTooLarge, `${e.message}; split it into smaller files`);
  }
  return e;
}
