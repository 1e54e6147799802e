import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';

export const IMPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export class DemandImportQueryDto {
  @ApiPropertyOptional({ description: 'check every row and report, store nothing' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'must be true or false' })
  dryRun?: boolean;

  @ApiPropertyOptional({ description: 'XLSX: the sheet to read (by its name); the first sheet by default' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  sheet?: string;
}

export class ImportRowErrorDto {
  @ApiProperty({ description: 'line in the file (the header is line 1), as Excel numbers its rows' }) row!: number;
  @ApiProperty({ example: 'quantity', description: 'the demand field, or "row" for the row as a whole' })
  field!: string;
  @ApiPropertyOptional({ example: 'Menge', description: 'the column as named in the file' }) column?: string;
  @ApiProperty() reason!: string;
  /** the reason in German, while the report is kept; never sent (see fieldErrorsIn) */
  de?: string;
}

export class ImportSkippedRowDto {
  @ApiProperty() row!: number;
  @ApiProperty({ example: 'empty row' }) reason!: string;
}

export class DemandImportReportDto {
  @ApiProperty({ format: 'uuid', description: 'names the import in the audit trail and in GET /demands/imports/{id}' })
  importId!: string;
  @ApiProperty() dryRun!: boolean;
  @ApiProperty({ enum: IMPORT_FORMATS }) format!: ImportFormat;
  @ApiPropertyOptional({
    enum: ['UTF-8', 'windows-1252', 'ISO-8859-15', 'UTF-16LE', 'UTF-16BE'],
    description: 'CSV: the encoding the file was read in',
  })
  encoding?: string;
  @ApiPropertyOptional({ enum: [';', ',', '\t'], description: 'CSV: the separator' }) delimiter?: string;
  @ApiPropertyOptional({ description: 'XLSX: the sheet that was read' }) sheet?: string;
  @ApiProperty({ description: 'the line of the header row (rows above it are skipped)' }) headerRow!: number;
  @ApiProperty({ description: 'data rows read' }) rows!: number;
  @ApiProperty() created!: number;
  @ApiProperty({ description: 'rows whose key existed and whose demand changed' }) updated!: number;
  @ApiProperty({ description: 'rows whose key existed with the same content' }) unchanged!: number;
  @ApiProperty({ description: 'rows refused, each with its reasons in errors' }) rejected!: number;
  @ApiProperty({ description: 'rows left out on purpose: empty rows, headings, merged cells, rows above the header' })
  skipped!: number;
  @ApiProperty({ type: [ImportRowErrorDto] }) errors!: ImportRowErrorDto[];
  @ApiProperty({ description: 'more errors than listed' }) errorsTruncated!: boolean;
  @ApiProperty({ type: [ImportSkippedRowDto] }) skippedRows!: ImportSkippedRowDto[];
  @ApiProperty({ type: [String], description: 'columns that were not read' }) ignoredColumns!: string[];
}

export const IMPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export class ImportProblemDto {
  @ApiProperty({ example: 400 }) status!: number;
  @ApiProperty({ example: 'INVALID_CSV' }) code!: string;
  @ApiProperty() detail!: string;
  @ApiPropertyOptional({ type: 'array', items: { type: 'object' } }) errors?: Array<{ field: string; reason: string }>;
}

/** An import as GET /demands/imports/{id} shows it: a large upload's job with its progress, and its report. */
export class DemandImportDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: IMPORT_STATUSES, description: 'queued and running imports have stored nothing yet' })
  status!: ImportStatus;
  @ApiProperty({ enum: IMPORT_FORMATS }) format!: ImportFormat;
  @ApiProperty() dryRun!: boolean;
  @ApiPropertyOptional({ type: String, nullable: true }) fileName!: string | null;
  @ApiProperty({ description: 'size of the upload' }) bytesTotal!: number;
  @ApiProperty({ description: 'bytes of the upload read so far' }) bytesRead!: number;
  @ApiProperty({ description: 'data rows read so far' }) rowsRead!: number;
  @ApiProperty({ description: 'valid rows so far (stored together when the import completes)' }) rowsStored!: number;
  @ApiProperty({ description: 'rows refused so far' }) rowsRefused!: number;
  @ApiProperty({ minimum: 0, maximum: 100 }) percent!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiPropertyOptional({ type: DemandImportReportDto, description: 'when done' }) report?: DemandImportReportDto;
  @ApiPropertyOptional({ type: ImportProblemDto, description: 'when failed: why nothing was stored' })
  problem?: ImportProblemDto;
}
