import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { IsCalendarDate, LowerCaseIds, PageMetaDto } from '@buendel/http';
import { ProcurementOfficeDto } from '../../award/award.dto';

/** the path of a lot: both ids checked at once, so that a 400 names both */
export class LotPathDto {
  @IsUUID('all', { message: 'must be a tender id (UUID)' })
  @LowerCaseIds()
  id!: string;

  @IsUUID('all', { message: 'must be a lot id (UUID)' })
  @LowerCaseIds()
  lotId!: string;
}

export class InformationLetterDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) lotId!: string;
  @ApiProperty() lotKey!: string;
  @ApiProperty({ format: 'uuid' }) offerId!: string;
  @ApiProperty({ format: 'uuid' }) supplierOrganisationId!: string;
  @ApiProperty() supplierName!: string;
  @ApiProperty({ enum: ['awarded', 'not-awarded'] }) outcome!: 'awarded' | 'not-awarded';
  @ApiProperty() winnerName!: string;
  @ApiProperty({ type: Number, nullable: true }) rank!: number | null;
  @ApiProperty({ type: Number, nullable: true }) totalPoints!: number | null;
  @ApiProperty({ type: [String], description: 'why the offer lost (empty for the winner)' }) reasons!: string[];
  @ApiProperty() subject!: string;
  @ApiProperty({ description: 'the letter as sent (German)' }) body!: string;
  @ApiProperty({ enum: ['electronic', 'other'] }) channel!: 'electronic' | 'other';
  @ApiProperty({ format: 'date-time' }) sentAt!: string;
  @ApiProperty({ format: 'date-time', description: 'the first instant the contract may be concluded (§ 134 GWB)' })
  earliestConclusionAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) mailedAt!: string | null;
}

export class InformationLettersDto {
  @ApiProperty({ format: 'uuid' }) tenderId!: string;
  @ApiProperty({ type: [InformationLetterDto] }) items!: InformationLetterDto[];
}

export class ConcludeContractDto {
  @ApiPropertyOptional({
    example: '2027-01-01',
    format: 'date',
    description: "the contract's term from (default: the bundle's delivery start)",
  })
  @IsOptional()
  @IsCalendarDate()
  termFrom?: string;

  @ApiPropertyOptional({
    example: '2027-12-31',
    format: 'date',
    description: "the contract's term to (default: the bundle's delivery end)",
  })
  @IsOptional()
  @IsCalendarDate()
  termTo?: string;
}

export class ContractItemDto {
  @ApiProperty({ format: 'uuid' }) itemId!: string;
  @ApiProperty({ example: '34144900-7' }) cpvCode!: string;
  @ApiProperty() cpvLabel!: string;
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
  @ApiProperty({ type: [String], description: 'AGS of the delivery places' }) deliveryAgs!: string[];
}

export class ContractPartyDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class ContractDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'BUENDEL-1A2B3C4D-L1-01' }) number!: string;
  @ApiProperty({ format: 'uuid' }) tenderId!: string;
  @ApiProperty({ format: 'uuid' }) lotId!: string;
  @ApiProperty() lotKey!: string;
  @ApiProperty() lotTitle!: string;
  @ApiProperty({ type: ContractPartyDto }) buyer!: ContractPartyDto;
  @ApiProperty({ type: ContractPartyDto }) supplier!: ContractPartyDto;
  @ApiProperty({
    type: ProcurementOfficeDto,
    description: "the supplier's address and contact point, whom the buyer contacts about deliveries",
  })
  supplierContact!: ProcurementOfficeDto;
  @ApiProperty({ format: 'uuid' }) offerId!: string;
  @ApiProperty() valueEur!: number;
  @ApiProperty({ example: '2027-01-01' }) termFrom!: string;
  @ApiProperty({ example: '2027-12-31' }) termTo!: string;
  @ApiProperty({ format: 'date-time' }) concludedAt!: string;
  @ApiProperty({ type: [ContractItemDto] }) items!: ContractItemDto[];
}

export class ContractsDto {
  @ApiProperty({ type: [ContractDto] }) items!: ContractDto[];
}

export class ContractPageDto extends PageMetaDto {
  @ApiProperty({ type: [ContractDto] }) items!: ContractDto[];
}

export class ConcludeContractsResultDto {
  @ApiProperty({ format: 'uuid' }) tenderId!: string;
  @ApiProperty({ format: 'uuid' }) lotId!: string;
  @ApiProperty({ type: [ContractDto] }) contracts!: ContractDto[];
  @ApiProperty({ description: 'the award notice (eForms) was issued with this conclusion' })
  awardNoticeIssued!: boolean;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'a framework tender: the framework agreement the contracts put in force (GET /frameworks/{id})',
  })
  frameworkId!: string | null;
}
