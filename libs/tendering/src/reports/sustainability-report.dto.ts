import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { DISTRICT_KEY_PATTERN } from '@buendel/http';

export class SustainabilityReportQueryDto {
  @ApiPropertyOptional({
    example: '14524',
    description: 'one district you coordinate (the admin: any); default: all of them (the admin: every district)',
  })
  @IsOptional()
  @Matches(DISTRICT_KEY_PATTERN, { message: 'must be a district key (five digits)' })
  districtKey?: string;
}

export class CriterionShareDto {
  @ApiProperty() code!: string;
  @ApiProperty({
    description: 'value carrying the criterion, net EUR; awarded: only where the coordinator checked its evidence',
  })
  valueEur!: number;
  @ApiProperty({ description: 'share of the total, 0 to 1', example: 0.625 }) share!: number;
  @ApiPropertyOptional({
    description: 'awarded: value whose criterion is only self-declared (no evidence, or evidence not checked)',
  })
  selfDeclaredEur?: number;
  @ApiPropertyOptional({ description: 'awarded: the self-declared value’s share of the total, 0 to 1' })
  selfDeclaredShare?: number;
}

export class ValueBreakdownDto {
  @ApiProperty() totalEur!: number;
  @ApiProperty({ type: [CriterionShareDto] }) criteria!: CriterionShareDto[];
  @ApiPropertyOptional({ description: 'awarded: value with at least one criterion of verified evidence (sustainable)' })
  sustainableEur?: number;
  @ApiPropertyOptional({ description: 'awarded: value with self-declared criteria only' })
  selfDeclaredOnlyEur?: number;
}

export class KeyedBreakdownDto {
  @ApiProperty({ description: 'the Land (two digits of the AGS), the CPV division or the year' }) key!: string;
  @ApiProperty({ type: ValueBreakdownDto }) awarded!: ValueBreakdownDto;
}

export class DistrictShareDto {
  @ApiProperty() districtKey!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({
    type: ValueBreakdownDto,
    description: 'demands in bundles (not cancelled): the bundle’s mandatory criteria and the demand’s own',
  })
  bundled!: ValueBreakdownDto;
  @ApiProperty({
    type: ValueBreakdownDto,
    description: 'allocations of awarded tenders: the tender’s criteria in any phase',
  })
  awarded!: ValueBreakdownDto;
}

export class OrganisationShareDto extends DistrictShareDto {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
}

export class SustainabilityReportDto {
  @ApiProperty({ type: [String] }) districtKeys!: string[];
  @ApiProperty({ type: [DistrictShareDto] }) districts!: DistrictShareDto[];
  @ApiProperty({ type: [OrganisationShareDto] }) organisations!: OrganisationShareDto[];
  @ApiProperty({ type: [KeyedBreakdownDto], description: 'awarded value per Land (first two digits of the AGS)' })
  lands!: KeyedBreakdownDto[];
  @ApiProperty({ type: [KeyedBreakdownDto], description: 'awarded value per CPV division (first two digits)' })
  cpvDivisions!: KeyedBreakdownDto[];
  @ApiProperty({ type: [KeyedBreakdownDto], description: 'awarded value per year of the award (Europe/Berlin)' })
  years!: KeyedBreakdownDto[];
  @ApiProperty() generatedAt!: string;
}
