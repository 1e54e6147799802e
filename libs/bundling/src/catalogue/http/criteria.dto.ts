import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
  IsDefined,
} from 'class-validator';
import { TENDER_PHASES, TenderPhase } from '@buendel/domain';
import { CRITERION_CODE_PATTERN } from '@buendel/http';
import { IsCpvCode, isCpvPrefixValue, IsEach } from '@buendel/http';

export class LocalisedTextDto {
  @ApiProperty({ example: 'Mindestanteil Recyclingmaterial' })
  @IsString()
  @Length(1, 200)
  de!: string;

  @ApiProperty({ example: 'Minimum recycled content' })
  @IsString()
  @Length(1, 200)
  en!: string;
}

export class CriterionOptionDto {
  @ApiProperty() @IsString() @Length(1, 60) value!: string;
  @ApiProperty({ type: LocalisedTextDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => LocalisedTextDto)
  label!: LocalisedTextDto;
}

export class CriterionParameterDto {
  @ApiProperty({ enum: ['enum', 'percent', 'number'] })
  @IsIn(['enum', 'percent', 'number'])
  type!: 'enum' | 'percent' | 'number';

  @ApiProperty({ type: LocalisedTextDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => LocalisedTextDto)
  label!: LocalisedTextDto;

  @ApiPropertyOptional({ example: '%' }) @IsOptional() @IsString() @MaxLength(40) unit?: string;
  @ApiPropertyOptional() @IsOptional() @IsNumber() min?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber() max?: number;

  @ApiPropertyOptional({ type: [CriterionOptionDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CriterionOptionDto)
  options?: CriterionOptionDto[];
}

export class CreateCriterionDto {
  @ApiProperty({ example: 'REPAIRABILITY_INDEX', description: 'upper case letters, digits and _' })
  @Matches(CRITERION_CODE_PATTERN, { message: 'must be upper case letters, digits and _, starting with a letter' })
  code!: string;

  @ApiProperty({ type: LocalisedTextDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => LocalisedTextDto)
  name!: LocalisedTextDto;

  @ApiProperty({ enum: TENDER_PHASES, isArray: true, description: 'the tender phases the criterion belongs to' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsEach((v) => (TENDER_PHASES as readonly unknown[]).includes(v), `must be one of ${TENDER_PHASES.join(', ')}`)
  phases!: TenderPhase[];

  @ApiPropertyOptional({ type: CriterionParameterDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CriterionParameterDto)
  parameter?: CriterionParameterDto;

  @ApiPropertyOptional({ type: [String], example: ['3021'], description: 'CPV prefixes it is meant for; none = all' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsEach(isCpvPrefixValue, 'must be a CPV prefix of 2 to 8 digits or a CPV code such as 34144900-7')
  cpvPrefixes?: string[];

  @ApiProperty({ example: '§ 31 Abs. 3 VgV' })
  @IsString()
  @Length(1, 300)
  legalReference!: string;
}

export class CriteriaQueryDto {
  @ApiPropertyOptional({ enum: TENDER_PHASES })
  @IsOptional()
  @IsIn(TENDER_PHASES)
  phase?: TenderPhase;

  @ApiPropertyOptional({ example: '34144900-7', description: 'only criteria meant for this CPV code' })
  @IsOptional()
  @IsCpvCode()
  cpv?: string;
}

export class CriterionLegalDateDto {
  @ApiProperty({ example: '2031-08-18' }) validFrom!: string;
  @ApiPropertyOptional({ example: '2036-08-17' }) validTo?: string;
  @ApiProperty({ example: 'Mindestanteil Kobalt aus Recycling' }) what!: string;
  @ApiPropertyOptional({ example: 16, description: 'the legal minimum in the unit of the parameter' }) value?: number;
  @ApiProperty({ example: 'Art. 8 Abs. 2 VO (EU) 2023/1542' }) legalReference!: string;
}

export class CriterionDto {
  @ApiProperty() code!: string;
  @ApiProperty({ type: LocalisedTextDto }) name!: LocalisedTextDto;
  @ApiProperty({ enum: TENDER_PHASES, isArray: true }) phases!: TenderPhase[];
  @ApiPropertyOptional({ type: CriterionParameterDto, nullable: true }) parameter!: unknown;
  @ApiPropertyOptional({ type: [String], nullable: true }) cpvPrefixes!: string[] | null;
  @ApiProperty() legalReference!: string;
  @ApiProperty({ type: [CriterionLegalDateDto], description: 'the dates of the law it follows, with their validity' })
  legalDates!: CriterionLegalDateDto[];
  @ApiProperty({
    type: [String],
    nullable: true,
    description: 'the kinds of suppliers’ evidence that prove it (GET /suppliers/me/evidence); null: any kind',
  })
  evidenceKinds!: string[] | null;
  @ApiProperty({ description: 'ships with the product' }) builtin!: boolean;
}

export class CriterionListDto {
  @ApiProperty({ type: [CriterionDto] }) items!: CriterionDto[];
  @ApiProperty() total!: number;
}
