import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

export class DemandImportQueryDto {
  @ApiPropertyOptional({ description: 'check every row and report, store nothing' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'must be true or false' })
  dryRun?: boolean;
}

export class ImportRowErrorDto {
  @ApiProperty({ description: 'line in the file (the header is line 1), as Excel numbers its rows' }) row!: number;
  @ApiProperty({ example: 'quantity', description: 'the demand field' }) field!: string;
  @ApiPropertyOptional({ example: 'Menge', description: 'the column as named in the file' }) column?: string;
  @ApiProperty() reason!: string;
}

export class DemandImportReportDto {
  @ApiProperty({ format: 'uuid', description: 'names the import in the audit trail' }) importId!: string;
  @ApiProperty() dryRun!: boolean;
  @ApiProperty({ enum: [';', ',', '\t'] }) delimiter!: string;
  @ApiProperty({ description: 'data rows read' }) rows!: number;
  @ApiProperty() created!: number;
  @ApiProperty({ description: 'rows whose key existed and whose demand changed' }) updated!: number;
  @ApiProperty({ description: 'rows whose key existed with the same content' }) unchanged!: number;
  @ApiProperty() rejected!: number;
  @ApiProperty({ type: [ImportRowErrorDto] }) errors!: ImportRowErrorDto[];
  @ApiProperty({ description: 'more errors than listed' }) errorsTruncated!: boolean;
  @ApiProperty({ type: [String], description: 'columns that were not read' }) ignoredColumns!: string[];
}
