import { createHash } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import {
  CsvDelimiter,
  DemandCsvField,
  DemandCsvHeader,
  DEMAND_DATE_YEARS,
  demandDateProblem,
  mapDemandCsvHeader,
  readDemandRecord,
  SheetCell,
} from '@buendel/domain';
import { FieldError, flattenValidationErrors, germanReason } from '@buendel/errors';
import { CreateDemandDto } from '../http/dto/demand.dto';
import { DemandImportReportDto, ImportFormat, ImportRowErrorDto } from './demand-import.dto';
import { fastDemandDto } from './fast-row-check';
import { ImportLookups } from './import-lookups';

/** errors and skipped rows listed in the report (all are counted) */
const MAX_LISTED = 1000;
/** rows above the header that may be titles or notes */
export const MAX_ROWS_ABOVE_HEADER = 10;

/** one record of a file: its cells, and the lines it spans (a quoted line break makes it span several) */
export interface SheetRecord {
  cells: SheetCell[];
  line: number;
  lastLine: number;
}

/** a valid row on its way into a batch, or a row refused for the form of its fields */
export interface PendingRow {
  row: number;
  key: string;
  dto: CreateDemandDto;
  /** problems with the form of the row's fields: the row is reported, with its reference problems, and not stored */
  refused?: FieldError[];
}

/** The report of one import, filled as the rows go by, and the per-file state rows need. */
export class ImportRun {
  readonly report: DemandImportReportDto;
  header?: DemandCsvHeader;
  delimiter: CsvDelimiter = ';';
  readonly lookups = new ImportLookups();
  private readonly rejectedRows = new Set<number>();
  private readonly seenKeys = new Map<string, number>();
  private readonly occurrences = new Map<string, number>();

  constructor(
    importId: string,
    readonly dryRun: boolean,
    format: ImportFormat,
  ) {
    this.report = {
      importId,
      dryRun,
      format,
      headerRow: 1,
      rows: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      skipped: 0,
      errors: [],
      errorsTruncated: false,
      skippedRows: [],
      ignoredColumns: [],
    };
  }

  reject(row: number, field: string, reason: string, column?: string, de?: string): void {
    if (!this.rejectedRows.has(row)) {
      this.rejectedRows.add(row);
      this.report.rejected++;
    }
    if (this.report.errors.length >= MAX_LISTED) {
      this.report.errorsTruncated = true;
      return;
    }
    const error: ImportRowErrorDto = { row, field, reason };
    if (column) error.column = column;
    // the German the reason has, kept for a reader of German (the controller sends one of the two)
    if (de) error.de = de;
    this.report.errors.push(error);
  }

  /** a field problem of a row, with the column as the file names it */
  rejectField(row: number, error: FieldError): void {
    const column = this.header?.columnOf[error.field.split('.')[0] as DemandCsvField];
    this.reject(row, error.field, error.reason, column, germanReason(error));
  }

  skip(row: number, reason: string): void {
    this.report.skipped++;
    if (this.report.skippedRows.length < MAX_LISTED) this.report.skippedRows.push({ row, reason });
  }

  /**
   * Lines that a quote left open swallowed (from `first` to `last`): each is reported, so that
   * the report counts every row the file meant, not one. `counted` lines were read as rows already.
   */
  rejectQuoted(opened: number, first: number, last: number, counted: number, closes?: number): void {
    const where = closes
      ? `the quote opened on line ${opened} closes only on line ${closes}`
      : `the quote opened on line ${opened} is never closed`;
    const wo = closes
      ? `das Anführungszeichen in Zeile ${opened} schließt erst in Zeile ${closes}`
      : `das Anführungszeichen in Zeile ${opened} wird nie geschlossen`;
    for (let line = first; line <= last; line++) {
      this.reject(
        line,
        'row',
        line === opened
          ? `${where}: lines ${opened} to ${last} were read as one field; close the quote (or double it: "")`
          : `not read: ${where}`,
        undefined,
        line === opened
          ? `${wo}: die Zeilen ${opened} bis ${last} wurden als ein Feld gelesen; bitte das Anführungszeichen schließen (oder verdoppeln: "")`
          : `nicht gelesen: ${wo}`,
      );
    }
    this.report.rows += last - first + 1 - counted;
  }

  /** Takes a record as the header if it names the demand columns; else reports the problems it has. */
  tryHeader(record: SheetRecord): ReturnType<typeof mapDemandCsvHeader> {
    const header = mapDemandCsvHeader(record.cells.map((c) => (c === null || c === undefined ? '' : String(c))));
    if (header.problems.length === 0) {
      this.header = header;
      this.report.headerRow = record.line;
      this.report.ignoredColumns = header.ignored;
    }
    return header;
  }

  /**
   * Validates one record like a POST /demands body; returns it ready for its batch, or reports
   * it (and returns it with its problems, for the reference checks that name the rest).
   */
  readRow(record: SheetRecord): PendingRow | undefined {
    const header = this.header;
    if (!header) throw new Error('readRow before the header row');
    const row = record.line;
    const nul = record.cells.findIndex((c) => typeof c === 'string' && c.includes('\0'));
    if (nul >= 0) {
      const field = header.fields[nul];
      this.reject(
        row,
        field ?? 'row',
        'contains a NUL character (U+0000); remove it',
        field ? header.columnOf[field] : undefined,
        'enthält ein Nullzeichen (U+0000); bitte entfernen',
      );
      return undefined;
    }
    const { rowKey, ...values } = readDemandRecord(record.cells, header, this.delimiter);
    // valid rows take the fast path; the others the full validation, which names every problem
    let dto = fastDemandDto(values);
    let refused: FieldError[] = [];
    if (!dto) {
      dto = plainToInstance(CreateDemandDto, values);
      // one reason per field (the first that fails), every field
      refused = flattenValidationErrors(
        validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true }),
      );
    }
    // a file's dates are German (01.03.2027) or Excel's: the API's "YYYY-MM-DD" would mislead
    refused = refused.map((e) =>
      (e.field === 'deliveryFrom' || e.field === 'deliveryTo') && e.code === 'IS_CALENDAR_DATE' && !e.de
        ? { ...e, ...CELL_DATE_REASON }
        : e,
    );
    for (const field of ['deliveryFrom', 'deliveryTo'] as const) {
      const value = dto[field];
      const problem = typeof value === 'string' && !refused.some((e) => e.field === field) && demandDateProblem(value);
      if (problem)
        refused.push({
          field,
          reason: problem,
          de: `muss zwischen ${DEMAND_DATE_YEARS.from} und ${DEMAND_DATE_YEARS.to} liegen`,
        });
    }
    if (refused.length) {
      this.reportSwallowedLines(record);
      return { row, key: '', dto, refused };
    }
    let key = rowKey;
    if (key === undefined) {
      // no key column: the content and how often it occurred so far make the key
      const content = createHash('sha256').update(JSON.stringify(values)).digest('hex').slice(0, 32);
      const n = (this.occurrences.get(content) ?? 0) + 1;
      this.occurrences.set(content, n);
      key = `auto:${content}:${n}`;
    } else if (key.length > 200) {
      this.reject(
        row,
        'rowKey',
        'must be at most 200 characters',
        header.columnOf.rowKey,
        'darf höchstens 200 Zeichen lang sein',
      );
      return undefined;
    }
    const earlier = this.seenKeys.get(key);
    if (earlier !== undefined) {
      this.reject(
        row,
        'rowKey',
        `repeats the row key of line ${earlier}`,
        header.columnOf.rowKey,
        `wiederholt den Schlüssel der Zeile ${earlier}`,
      );
      return undefined;
    }
    this.seenKeys.set(key, row);
    return { row, key, dto };
  }

  /** a refused record that spans lines with the separator inside a field: a stray quote swallowed rows */
  private reportSwallowedLines(record: SheetRecord): void {
    if (record.lastLine <= record.line) return;
    const swallowed = record.cells.some((c) => typeof c === 'string' && c.includes('\n') && c.includes(this.delimiter));
    if (swallowed) this.rejectQuoted(record.line, record.line, record.lastLine, 1, record.lastLine);
  }
}

/** a date cell that is no date: as a file writes dates */
const CELL_DATE_REASON = {
  reason: 'must be a date such as 01.03.2027 (DD.MM.YYYY) or 2027-03-01',
  de: 'muss ein Datum wie 01.03.2027 (TT.MM.JJJJ) sein',
} as const;

/** why a row was left out, in both languages (the controller sends the reader's) */
export const SKIP_REASONS = {
  empty: { reason: 'empty row', de: 'leere Zeile' },
  oneCell: {
    reason: 'only one cell filled: a heading or merged cells',
    de: 'nur eine Zelle gefüllt: eine Überschrift oder verbundene Zellen',
  },
} as const;

/** the row is empty, or only one cell is filled (a heading, or merged cells): left out, not refused */
export function skipReason(record: SheetRecord): string | undefined {
  let filled = 0;
  for (const c of record.cells) {
    if (c === null || c === undefined || (typeof c === 'string' && c.trim() === '')) continue;
    if (++filled > 1) return undefined;
  }
  return filled === 0 ? SKIP_REASONS.empty.reason : SKIP_REASONS.oneCell.reason;
}
