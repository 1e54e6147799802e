import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { CollectFieldErrors } from '@buendel/errors';
import { CRITERION_CODE_PATTERN, IsDecimalNumber, IsEach, LowerCaseIds, matching } from '@buendel/http';

export class OfferPriceDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'must be an item id (UUID)' })
  @LowerCaseIds()
  itemId!: string;

  @ApiProperty({ example: 27990, description: 'net unit price in EUR, above zero, at most 4 decimals' })
  @IsDecimalNumber(4, { message: 'must be a number with at most 4 decimals' })
  @Min(0.0001, { message: 'must be above zero' })
  @Max(100_000_000)
  unitPriceEur!: number;
}

export class OfferValueDto {
  @ApiProperty({ example: 'RECYCLED_CONTENT_MIN' })
  @Matches(CRITERION_CODE_PATTERN, { message: 'must be a criterion code such as RECYCLED_CONTENT_MIN' })
  code!: string;

  @ApiProperty({ example: 65, description: 'the offered value in the unit of the criterion (%, g/km, years, ...)' })
  @IsDecimalNumber(4, { message: 'must be a number with at most 4 decimals' })
  value!: number;
}

export class OfferEvidenceDto {
  @ApiProperty({ example: 'LKSG_DUE_DILIGENCE', description: 'the criterion the evidence proves' })
  @Matches(CRITERION_CODE_PATTERN, { message: 'must be a criterion code such as LKSG_DUE_DILIGENCE' })
  code!: string;

  @ApiProperty({ format: 'uuid', description: 'a piece of your evidence profile (GET /suppliers/me/evidence)' })
  @IsUUID('all', { message: 'must be an evidence id (UUID)' })
  @LowerCaseIds()
  evidenceId!: string;
}

/** its bad fields reach OffersService.submit, which names them with the lot's problems of the valid ones */
@CollectFieldErrors()
export class SubmitOfferDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'must be a lot id (UUID)' })
  @LowerCaseIds()
  lotId!: string;

  @ApiProperty({ type: [OfferPriceDto], description: 'one price for every item of the lot' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => OfferPriceDto)
  prices!: OfferPriceDto[];

  @ApiPropertyOptional({
    type: [String],
    example: ['ZERO_EMISSION_VEHICLE'],
    description: "the tender's criteria the offer fulfils",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(80)
  @ArrayUnique()
  @IsEach(matching(CRITERION_CODE_PATTERN), 'must be a criterion code such as EU_ECOLABEL')
  criteria?: string[];

  @ApiPropertyOptional({
    type: [OfferValueDto],
    description: "the offer's values for the lot's valued criteria (stating a value declares the criterion)",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(80)
  @ValidateNested({ each: true })
  @Type(() => OfferValueDto)
  values?: OfferValueDto[];

  @ApiPropertyOptional({
    type: [OfferEvidenceDto],
    description:
      'evidence from your profile for declared criteria, instead of uploading it again; it must be valid on the day ' +
      'of submission (expired evidence is refused with its date)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(80)
  @ValidateNested({ each: true })
  @Type(() => OfferEvidenceDto)
  evidence?: OfferEvidenceDto[];
}

/** What a supplier gets back: proof of a sealed submission, never its content. */
export class OfferReceiptDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) tenderId!: string;
  @ApiProperty({ format: 'uuid' }) lotId!: string;
  @ApiProperty({ description: '1 for the first submission, +1 for each replacement' }) version!: number;
  @ApiProperty() submittedAt!: string;
  @ApiProperty({
    description:
      'SHA-256 (hex) of `buendel-offer-receipt-v2|<salt>|<tenderId>|<lotId>|<id>|v<version>|<content>`, the content ' +
      'being `{"prices":[{"itemId":..,"unitPriceEur":..}],"criteria":[..]}` as submitted: keep it with the salt to ' +
      'prove what you submitted; equal offers give different digests',
  })
  digest!: string;
  @ApiProperty({ description: 'the random salt of this submission (hex), part of the digest' })
  salt!: string;
  @ApiProperty({ example: true }) sealed!: boolean;
}

export class OwnOfferReceiptsDto {
  @ApiProperty({ format: 'uuid' }) tenderId!: string;
  @ApiProperty({ type: [OfferReceiptDto], description: 'the latest receipt of each lot you bid for, in lot order' })
  items!: OfferReceiptDto[];
}

export class OfferPriceViewDto {
  @ApiProperty({ format: 'uuid' }) itemId!: string;
  @ApiProperty() unitPriceEur!: number;
  @ApiProperty() quantity!: number;
  @ApiProperty({ description: 'quantity x unit price, rounded to the cent' }) valueEur!: number;
}

export class OfferScoreDto {
  @ApiProperty() rank!: number;
  @ApiProperty() pricePoints!: number;
  @ApiProperty() criteriaPoints!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } }) criteriaBreakdown!: Record<string, number>;
  @ApiProperty() totalPoints!: number;
}

export class OfferEvidenceViewDto {
  @ApiProperty() code!: string;
  @ApiProperty({ format: 'uuid' }) evidenceId!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() title!: string;
  @ApiProperty() issuer!: string;
  @ApiProperty() number!: string;
  @ApiProperty() validFrom!: string;
  @ApiProperty({ type: String, nullable: true }) validTo!: string | null;
}

export class OpenedOfferDto {
  @ApiProperty({ format: 'uuid' }) offerId!: string;
  @ApiProperty({ format: 'uuid' }) supplierOrganisationId!: string;
  @ApiProperty() supplierName!: string;
  @ApiProperty() submittedAt!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ type: [OfferPriceViewDto] }) prices!: OfferPriceViewDto[];
  @ApiProperty() totalEur!: number;
  @ApiProperty({ type: [String] }) criteria!: string[];
  @ApiProperty({ type: [OfferValueDto] }) values!: OfferValueDto[];
  @ApiProperty({ type: [OfferEvidenceViewDto], description: 'the evidence the offer refers to, as it was stored' })
  evidence!: OfferEvidenceViewDto[];
  @ApiProperty() excluded!: boolean;
  @ApiProperty({ type: [String] }) exclusionReasons!: string[];
  @ApiPropertyOptional({ type: OfferScoreDto }) score?: OfferScoreDto;
}

export class LotAwardCriterionDto {
  @ApiProperty() code!: string;
  @ApiProperty() weight!: number;
  @ApiProperty({ type: String, nullable: true, description: "a valued criterion's scoring rule in words" })
  rule!: string | null;
}

export class LotOffersDto {
  @ApiProperty({ format: 'uuid' }) lotId!: string;
  @ApiProperty() key!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: "the lot's price weight: what its award criteria leave of 100" }) priceWeight!: number;
  @ApiProperty({ type: [LotAwardCriterionDto] }) awardCriteria!: LotAwardCriterionDto[];
  @ApiProperty({ type: [OpenedOfferDto], description: 'best first' }) offers!: OpenedOfferDto[];
}

export class OpenedOffersDto {
  @ApiProperty({ format: 'uuid' }) tenderId!: string;
  @ApiProperty() openedAt!: string;
  @ApiProperty() priceWeight!: number;
  @ApiProperty({ type: [LotOffersDto] }) lots!: LotOffersDto[];
}
