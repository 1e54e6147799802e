import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { DISTRICT_KEY_PATTERN } from '@buendel/http';

export class SustainabilityReportQueryDto {
  @ApiPropertyOptional({ example: '14524', description: 'one district you coordinate; default: all of them' })
  @IsOptional()
  @Matches(DISTRICT_KEY_PATTERN, { message: 'must be a district key (five digits)' })
  districtKey?: string;
}

export class CriterionShareDto {
  @ApiProperty() code!: string;
  @ApiProperty({ description: 'value carrying the criterion, net EUR' }) valueEur!: number;
  @ApiProperty({ description: 'share of the total, 0 to 1', example: 0.625 }) share!: number;
}

export class ValueBreakdownDto {
  @ApiProperty() totalEur!: number;
  @ApiProperty({ type: [CriterionShareDto] }) criteria!: CriterionShareDto[];
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
  @ApiProperty() generatedAt!: string;
}
