import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { UNIT_STATUSES } from '../loader/reference-rows';
import { PageMetaDto, PageQueryDto, SearchField } from '@buendel/http';

export const UNIT_STATUS_FILTERS = [...UNIT_STATUSES, 'all'] as const;
export type UnitStatusFilter = (typeof UNIT_STATUS_FILTERS)[number];

/** `true` / `false` from the query string; anything else stays as it is and fails @IsBoolean */
function booleanFromQuery({ value }: { value: unknown }): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}

export class UnitQueryDto extends PageQueryDto {
  @SearchField('code (exact or prefix), symbol or part of the English or German name', 'kilogram')
  search?: string;

  @ApiPropertyOptional({
    type: Boolean,
    description: 'only the units common in procurement (true) or the others (false)',
  })
  @IsOptional()
  @Transform(booleanFromQuery)
  @IsBoolean()
  common?: boolean;

  @ApiPropertyOptional({
    enum: UNIT_STATUS_FILTERS,
    default: 'active',
    description: 'Rec. 20 status; `all` for every one',
  })
  @IsOptional()
  @IsIn(UNIT_STATUS_FILTERS)
  status?: UnitStatusFilter;
}

export class UnitDto {
  @ApiProperty({ example: 'KGM', description: 'UN/ECE Recommendation 20 common code' })
  code!: string;

  @ApiProperty({ example: 'kilogram' })
  nameEn!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Kilogramm' })
  nameDe!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'kg' })
  symbol!: string | null;

  @ApiProperty({ enum: UNIT_STATUSES, example: 'active' })
  status!: string;

  @ApiProperty({ example: true, description: 'one of the units common in procurement' })
  isCommon!: boolean;
}

export class UnitPageDto extends PageMetaDto {
  @ApiProperty({ type: [UnitDto] })
  items!: UnitDto[];
}
