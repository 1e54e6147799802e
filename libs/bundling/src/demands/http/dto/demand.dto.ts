import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { CollectFieldErrors } from '@buendel/errors';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import {
  DEMAND_STATUSES,
  DemandStatus,
  SPECIFICATION_KEY_MAX_LENGTH,
  SPECIFICATION_KEY_PATTERN,
  SPECIFICATION_TEXT_MAX_LENGTH,
} from '@buendel/domain';
import { Trim } from '@buendel/http';
import { Transform } from 'class-transformer';
import { PageMetaDto, PageQueryDto } from '@buendel/http';
import { AGS_PATTERN, CPV_CODE_SHAPE, CRITERION_CODE_PATTERN } from '@buendel/http';
import { IsCalendarDate, IsCpvPrefix, IsDecimalNumber, IsEach, matching } from '@buendel/http';
import { UnitField } from './unit-field';

/** the largest quantity and unit price we accept; their product is capped too (MAX_DEMAND_VALUE_CENTS) */
export const MAX_QUANTITY = 1_000_000_000;
export const MAX_UNIT_PRICE_EUR = 100_000_000;

/** the specification's two fields are checked when either is given (they go together) */
function hasSpecification(o: { specificationKey?: unknown; specificationText?: unknown }): boolean {
  return o.specificationKey !== undefined || o.specificationText !== undefined;
}

/** The fields of a demand, as POST /demands and every CSV row give them. */
/** its bad fields reach DemandsService.create, which names them with the reference data's problems of the others */
@CollectFieldErrors()
export class CreateDemandDto {
  @ApiProperty({ example: '34144900-7', description: 'CPV code; the check digit may be left out' })
  @Trim()
  @Matches(CPV_CODE_SHAPE, { message: 'must be a CPV code such as 34144900-7' })
  cpvCode!: string;

  @ApiProperty({ example: 'Elektro-Kleinwagen für den Bauhof', maxLength: 200 })
  @Trim()
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({
    example: 'e-transporter-3-5t',
    maxLength: SPECIFICATION_KEY_MAX_LENGTH,
    description:
      'short key of the product specification (lower-case letters, digits, hyphens; upper case is lowered), ' +
      'given together with specificationText. Demands of one CPV code and unit with different keys become ' +
      'different items of a bundle and a tender, each with its own price.',
  })
  @ValidateIf(hasSpecification)
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @MaxLength(SPECIFICATION_KEY_MAX_LENGTH)
  @Matches(SPECIFICATION_KEY_PATTERN, {
    message: 'must be a key of letters, digits and hyphens such as e-transporter-3-5t',
  })
  @IsDefined({ message: 'is required with specificationText' })
  specificationKey?: string;

  @ApiPropertyOptional({
    example: 'E-Transporter 3,5 t',
    maxLength: SPECIFICATION_TEXT_MAX_LENGTH,
    description: 'the product specification as people read it; given together with specificationKey',
  })
  @ValidateIf(hasSpecification)
  @Trim()
  @Length(1, SPECIFICATION_TEXT_MAX_LENGTH)
  @IsString()
  @IsDefined({ message: 'is required with specificationKey' })
  specificationText?: string;

  @ApiProperty({ example: 3, description: 'above zero, at most three decimals' })
  @Min(0.001, { message: 'must be above zero' })
  @Max(MAX_QUANTITY)
  // the type check is declared last so that it runs first: with stopAtFirstError a text reports only it
  @IsDecimalNumber(3, { message: 'must be a number with at most 3 decimals' })
  quantity!: number;

  @ApiProperty({
    example: 'H87',
    description:
      'UN/ECE Rec. 20 unit code (GET /units), or its German name or abbreviation as offices write it ' +
      '("Stück", "Stk.", "kWh", "m²", "Karton"); stored and answered as the code',
  })
  @UnitField()
  unit!: string;

  @ApiProperty({ example: 38500, description: 'estimated net unit price in EUR, at most four decimals' })
  @Min(0)
  @Max(MAX_UNIT_PRICE_EUR)
  @IsDecimalNumber(4, { message: 'must be a number with at most 4 decimals' })
  unitPriceEur!: number;

  @ApiProperty({ example: '2027-03-01', format: 'date' })
  @IsCalendarDate()
  deliveryFrom!: string;

  @ApiProperty({ example: '2027-06-30', format: 'date', description: 'not before deliveryFrom' })
  @IsCalendarDate()
  deliveryTo!: string;

  @ApiPropertyOptional({
    example: '14524330',
    description: "AGS of the delivery place; defaults to the organisation's own AGS",
  })
  @IsOptional()
  @Trim()
  @Matches(AGS_PATTERN, { message: 'must be an AGS (eight digits)' })
  deliveryAgs?: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['ZERO_EMISSION_VEHICLE'],
    description: 'criterion codes (GET /criteria)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsEach(matching(CRITERION_CODE_PATTERN), 'must be a criterion code such as EU_ECOLABEL')
  criteria?: string[];

  @ApiPropertyOptional({
    enum: ['draft', 'open'],
    default: 'open',
    description: 'a draft is not offered to bundles yet',
  })
  @IsOptional()
  @IsIn(['draft', 'open'], { message: 'must be draft or open' })
  status?: 'draft' | 'open';
}

/** every field optional; `null` is not a way to leave one out (it fails the field's own rules) */
/** its bad fields reach DemandsService.update, which names them with the reference data's problems of the others */
@CollectFieldErrors()
export class UpdateDemandDto extends PartialType(CreateDemandDto, { skipNullProperties: false }) {}

export class DemandQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DEMAND_STATUSES })
  @IsOptional()
  @IsIn(DEMAND_STATUSES)
  status?: DemandStatus;

  @ApiPropertyOptional({ example: '3414', description: 'CPV code or prefix' })
  @IsOptional()
  @IsCpvPrefix()
  cpv?: string;
}

export class DemandDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ example: '34144900-7' }) cpvCode!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'e-transporter-3-5t' }) specificationKey!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'E-Transporter 3,5 t' }) specificationText!: string | null;
  @ApiProperty({ example: 3 }) quantity!: number;
  @ApiProperty({ example: 'H87' }) unit!: string;
  @ApiProperty({ example: 38500 }) unitPriceEur!: number;
  @ApiProperty({ example: 115500, description: 'quantity x unit price, net, rounded to the cent' })
  estimatedValueEur!: number;
  @ApiProperty({ format: 'date' }) deliveryFrom!: string;
  @ApiProperty({ format: 'date' }) deliveryTo!: string;
  @ApiProperty({ example: '14524330' }) deliveryAgs!: string;
  @ApiProperty({ example: '14524' }) districtKey!: string;
  @ApiProperty({ type: [String] }) criteria!: string[];
  @ApiProperty({ enum: DEMAND_STATUSES }) status!: DemandStatus;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'the bundle it takes part in' }) bundleId!:
    string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the row key of the CSV import' }) importKey!:
    string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class DemandPageDto extends PageMetaDto {
  @ApiProperty({ type: [DemandDto] }) items!: DemandDto[];
}
