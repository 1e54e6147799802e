import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export const RECORD_FORMATS = ['json', 'html', 'pdf'] as const;
export type RecordFormat = (typeof RECORD_FORMATS)[number];

export class RecordQueryDto {
  @ApiPropertyOptional({ enum: RECORD_FORMATS, description: 'overrides the Accept header' })
  @IsOptional()
  @IsIn(RECORD_FORMATS, { message: 'must be json, html or pdf' })
  format?: RecordFormat;
}
