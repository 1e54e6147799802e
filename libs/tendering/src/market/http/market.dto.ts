import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsOptional, Matches } from 'class-validator';
import { DISTRICT_KEY_PATTERN, IsCalendarDate, IsCpvPrefix, isCpvPrefixValue, IsEach, matching } from '@buendel/http';
import { PageMetaDto, PageQueryDto } from '@buendel/http';
import { CompiledValidation } from '@buendel/errors';

/** validated by a compiled check (the supplier's hot route, benchmark R3b); its errors by class-validator */
@CompiledValidation()
export class MarketDemandQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '3414', description: 'CPV code or prefix' })
  @IsOptional()
  @IsCpvPrefix()
  cpv?: string;

  @ApiPropertyOptional({ example: 'DED4', description: 'a NUTS code of level 1 to 3 (DED, DED4, DED45)' })
  @IsOptional()
  @Matches(/^DE[0-9A-Z]{1,3}$/, { message: 'must be a German NUTS code such as DED, DED4 or DED45' })
  nuts?: string;

  @ApiPropertyOptional({ example: '14524' })
  @IsOptional()
  @Matches(DISTRICT_KEY_PATTERN, { message: 'must be a district key (five digits)' })
  districtKey?: string;
}

export class MarketQuantityDto {
  @ApiProperty({ example: 'H87' }) unit!: string;
  @ApiProperty() quantity!: number;
}

export class MarketCellDto {
  @ApiProperty({ example: { prefix: '3414', code: '34140000-0', level: 'class', label: 'Schwere Kraftfahrzeuge' } })
  cpv!: { prefix: string; code: string; level: string; label: string | null };
  @ApiProperty({
    example: { level: 'district', districtKey: '14524', nuts3: 'DED45', nuts2: 'DED4', nuts1: 'DED', name: 'Zwickau' },
  })
  region!: {
    level: string;
    districtKey: string | null;
    nuts3: string | null;
    nuts2: string | null;
    nuts1: string | null;
    name: string | null;
  };
  @ApiProperty({ example: { level: 'quarter', year: '2027', quarter: '2027-Q1' } })
  period!: { level: string; year: string; quarter: string | null };
  @ApiProperty({ description: 'organisations behind the cell: at least three' }) organisationCount!: number;
  @ApiProperty() bundleCount!: number;
  @ApiProperty({ type: [MarketQuantityDto] }) quantities!: MarketQuantityDto[];
  @ApiProperty() estimatedValueEur!: number;
}

export class MarketDemandPageDto extends PageMetaDto {
  @ApiProperty({ type: [MarketCellDto] }) items!: MarketCellDto[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'when the view was computed (it is refreshed on a fixed rhythm)',
  })
  computedAt!: string | null;
}

export class MarketTenderQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '3414' })
  @IsOptional()
  @IsCpvPrefix()
  cpv?: string;

  @ApiPropertyOptional({ example: '14524' })
  @IsOptional()
  @Matches(DISTRICT_KEY_PATTERN, { message: 'must be a district key (five digits)' })
  districtKey?: string;

  @ApiPropertyOptional({ description: 'only tenders that still accept offers (published, deadline not passed)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'must be true or false' })
  open?: boolean;

  @ApiPropertyOptional({
    example: '2027-03-31',
    description: 'only tenders whose submission deadline falls on this day or earlier (Europe/Berlin)',
  })
  @IsOptional()
  @IsCalendarDate()
  deadlineBefore?: string;
}

export class MarketTenderItemDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() cpvCode!: string;
  @ApiProperty() cpvLabel!: string;
  @ApiProperty() unit!: string;
  @ApiProperty() quantity!: number;
}

export class MarketTenderLotDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() key!: string;
  @ApiProperty() title!: string;
  @ApiProperty() estimatedValueEur!: number;
  @ApiProperty({ type: [MarketTenderItemDto] }) items!: MarketTenderItemDto[];
}

export class MarketTenderDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ['published', 'opened', 'awarded'] }) status!: string;
  @ApiProperty() procedureType!: string;
  @ApiProperty() procedureLabel!: string;
  @ApiProperty() coordinatorName!: string;
  @ApiProperty() estimatedValueEur!: number;
  @ApiProperty() publishedAt!: string;
  @ApiProperty() submissionDeadline!: string;
  @ApiProperty({ type: [String] }) districtKeys!: string[];
  @ApiProperty({ type: [MarketTenderLotDto] }) lots!: MarketTenderLotDto[];
}

export class MarketTenderPageDto extends PageMetaDto {
  @ApiProperty({ type: [MarketTenderDto] }) items!: MarketTenderDto[];
}

export class CreateSubscriptionDto {
  @ApiProperty({ type: [String], example: ['3414', '3115'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsEach(isCpvPrefixValue, 'must be a CPV prefix of 2 to 8 digits or a CPV code such as 34144900-7')
  cpvPrefixes!: string[];

  @ApiPropertyOptional({ type: [String], example: ['14524'], description: 'districts; none: all of Germany' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(400)
  @ArrayUnique()
  @IsEach(matching(DISTRICT_KEY_PATTERN), 'must be a district key (five digits)')
  districtKeys?: string[];
}

export class SubscriptionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: [String] }) cpvPrefixes!: string[];
  @ApiProperty({ type: [String] }) districtKeys!: string[];
  @ApiProperty() createdAt!: string;
}

export class SubscriptionListDto {
  @ApiProperty({ type: [SubscriptionDto] }) items!: SubscriptionDto[];
  @ApiProperty() total!: number;
}
