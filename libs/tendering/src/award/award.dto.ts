import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { LowerCaseIds } from '@buendel/http';

export class AwardLotDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'must be a lot id (UUID)' })
  @LowerCaseIds()
  lotId!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'must be an offer id (UUID)' })
  @LowerCaseIds()
  offerId!: string;

  @ApiPropertyOptional({ description: 'required (at least 20 characters) when the offer is not the best-scored one' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 4000)
  reason?: string;
}

export class StandstillDto {
  @ApiProperty({ description: 'calendar days of the standstill (§ 134 GWB; 0: none)' }) days!: number;
  @ApiProperty({ example: '2026-12-01', description: 'the Berlin date the information letters were sent' })
  sentOn!: string;
  @ApiProperty({ example: '2026-12-12' }) earliestConclusionDate!: string;
  @ApiProperty({ format: 'date-time' }) earliestConclusionAt!: string;
}

export class LotAwardDto {
  @ApiProperty({ format: 'uuid' }) lotId!: string;
  @ApiProperty({ format: 'uuid' }) offerId!: string;
  @ApiProperty({ format: 'uuid' }) supplierOrganisationId!: string;
  @ApiProperty() supplierName!: string;
  @ApiProperty() valueEur!: number;
  @ApiProperty() bestRanked!: boolean;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty() awardedAt!: string;
  @ApiProperty({ type: StandstillDto, description: 'the information letters went out; the contract waits for this' })
  standstill!: StandstillDto;
}

export class AwardResultDto {
  @ApiProperty({ format: 'uuid' }) tenderId!: string;
  @ApiProperty({ enum: ['opened', 'awarded'] }) tenderStatus!: string;
  @ApiProperty({ type: LotAwardDto }) award!: LotAwardDto;
}

export class PostalAddressDto {
  @ApiProperty({ type: String, nullable: true }) street!: string | null;
  @ApiProperty({ type: String, nullable: true }) postalCode!: string | null;
  @ApiProperty({ type: String, nullable: true }) city!: string | null;
  @ApiProperty({ type: String, nullable: true }) country!: string | null;
}

export class ProcurementOfficeDto {
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ type: String, nullable: true }) telephone!: string | null;
  @ApiProperty({ type: PostalAddressDto, nullable: true }) address!: PostalAddressDto | null;
}

export class AllocationDto {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty({ format: 'uuid' }) lotId!: string;
  @ApiProperty({ format: 'uuid' }) itemId!: string;
  @ApiProperty({ example: '34144900-7' }) cpvCode!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'E-Transporter 3,5 t',
    description: 'the product specification',
  })
  specificationText!: string | null;
  @ApiProperty({ example: 'H87' }) unit!: string;
  @ApiProperty() quantity!: number;
  @ApiProperty() valueEur!: number;
  @ApiProperty({ type: [String], description: "AGS of the places the buyer's own demands deliver to" })
  deliveryAgs!: string[];
  @ApiProperty({
    type: ProcurementOfficeDto,
    description: "the buyer's procurement office, whom the supplier contacts",
  })
  procurementOffice!: ProcurementOfficeDto;
}

export class AllocationTotalDto {
  @ApiProperty({ format: 'uuid' }) lotId!: string;
  @ApiProperty({ format: 'uuid' }) itemId!: string;
  @ApiProperty() quantity!: number;
  @ApiProperty({ description: 'the awarded value of the item: the shares sum exactly to it' }) valueEur!: number;
}

export class AllocationsDto {
  @ApiProperty({ format: 'uuid' }) tenderId!: string;
  @ApiProperty({
    type: [AllocationDto],
    description:
      "the coordinator sees every participant's, a participant its own, the supplier those of the lots whose contracts it holds",
  })
  items!: AllocationDto[];
  @ApiProperty({ type: [AllocationTotalDto] }) totals!: AllocationTotalDto[];
}
