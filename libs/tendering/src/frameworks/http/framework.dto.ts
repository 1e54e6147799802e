import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CALL_OFF_METHODS, CallOffMethod } from '@buendel/domain';
import { CollectFieldErrors } from '@buendel/errors';
import { IsCalendarDate, IsDecimalNumber, IsInstant, LowerCaseIds, PageMetaDto, Trim } from '@buendel/http';

/*
 * Why this file has more than 400 lines: it holds the request and response shapes of framework
 * agreements and their call-offs (plan, maxima, offers, deliveries, consumption, the next bundle)
 * for the OpenAPI document and the web app's generated client; most lines are the fields'
 * validation and Swagger decorators, and the views nest each other's parts, so they stay together.
 */

// ---- the plan on a tender

export class FrameworkMaximumDto {
  @ApiProperty({ format: 'uuid', description: 'the participating organisation' })
  @IsUUID('all', { message: 'must be an organisation id (UUID)' })
  @LowerCaseIds()
  organisationId!: string;

  @ApiProperty({ format: 'uuid', description: 'an item of the tender' })
  @IsUUID('all', { message: 'must be an item id (UUID)' })
  @LowerCaseIds()
  itemId!: string;

  @ApiProperty({ example: 1200, description: 'the maximum quantity, at least the estimate, at most 3 decimals' })
  @IsDecimalNumber(3, { message: 'must be a number with at most 3 decimals' })
  @Min(0.001, { message: 'must be above zero' })
  @Max(1_000_000_000, { message: 'must be at most 1,000,000,000' })
  maximumQuantity!: number;
}

/** its bad fields reach FrameworksService.plan, which names them with the term's and maxima's problems of the others */
@CollectFieldErrors()
export class FrameworkPlanDto {
  @ApiProperty({ example: '2027-01-01', format: 'date' })
  @IsCalendarDate()
  termFrom!: string;

  @ApiProperty({
    example: '2028-12-31',
    format: 'date',
    description: 'at most 4 years (§ 21 Abs. 6 VgV) without a reason',
  })
  @IsCalendarDate()
  termTo!: string;

  @ApiPropertyOptional({ description: 'why the term exceeds four years (at least 20 characters)' })
  @IsOptional()
  @IsString()
  @Trim()
  @MaxLength(2000)
  termReason?: string;

  @ApiPropertyOptional({ example: 2, description: 'suppliers per lot, in the ranking of the evaluation (default 1)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10)
  suppliersPerLot?: number;

  @ApiPropertyOptional({
    example: 120,
    description: 'the default maximum in % of the estimate (100-1000, default 120)',
  })
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(1000)
  maximumPercent?: number;

  @ApiPropertyOptional({ type: [FrameworkMaximumDto], description: 'maxima named per participant and item' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => FrameworkMaximumDto)
  maxima?: FrameworkMaximumDto[];
}

export class FrameworkQuantityDto {
  @ApiProperty({ format: 'uuid' }) lotId!: string;
  @ApiProperty() lotKey!: string;
  @ApiProperty({ format: 'uuid' }) itemId!: string;
  @ApiProperty() cpvCode!: string;
  @ApiProperty() cpvLabel!: string;
  @ApiProperty() unit!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty() estimatedQuantity!: number;
  @ApiProperty() maximumQuantity!: number;
}

export class FrameworkPlanViewDto {
  @ApiProperty({ format: 'uuid' }) tenderId!: string;
  @ApiProperty({ format: 'date' }) termFrom!: string;
  @ApiProperty({ format: 'date' }) termTo!: string;
  @ApiProperty({ type: String, nullable: true }) termReason!: string | null;
  @ApiProperty() suppliersPerLot!: number;
  @ApiProperty() maximumPercent!: number;
  @ApiProperty({ enum: CALL_OFF_METHODS, isArray: true }) callOffMethods!: CallOffMethod[];
  @ApiProperty({ description: 'net EUR at the estimated unit prices' }) estimatedValueEur!: number;
  @ApiProperty({ description: 'net EUR of the maxima at the estimated unit prices' }) maximumValueEur!: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the framework once concluded' })
  frameworkId!: string | null;
  @ApiProperty({ type: [FrameworkQuantityDto] }) quantities!: FrameworkQuantityDto[];
}

// ---- the framework in force

export class FrameworkSupplierDto {
  @ApiProperty() rank!: number;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() name!: string;
}

/** a party of a call-off as the API sends it: the buyer, or the supplier asked, chosen or awarded */
export class CallOffPartyDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class FrameworkLotDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() key!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: [FrameworkSupplierDto] }) suppliers!: FrameworkSupplierDto[];
  @ApiProperty({ enum: CALL_OFF_METHODS, isArray: true }) callOffMethods!: CallOffMethod[];
}

export class FrameworkDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'BUENDEL-1A2B3C4D-RV' }) number!: string;
  @ApiProperty({ format: 'uuid' }) tenderId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ['active', 'expired', 'exhausted'] }) status!: 'active' | 'expired' | 'exhausted';
  @ApiProperty({ format: 'uuid' }) coordinatorOrganisationId!: string;
  @ApiProperty() coordinatorName!: string;
  @ApiProperty({ format: 'date' }) termFrom!: string;
  @ApiProperty({ format: 'date' }) termTo!: string;
  @ApiProperty({ type: String, nullable: true }) termReason!: string | null;
  @ApiProperty({ format: 'date-time' }) concludedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) endedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['term', 'exhausted'] }) endReason!: string | null;
  @ApiProperty({ description: 'whether the caller organisation may call off (a participant)' }) mayCallOff!: boolean;
  @ApiProperty({ type: [FrameworkLotDto] }) lots!: FrameworkLotDto[];
}

export class FrameworkPageDto extends PageMetaDto {
  @ApiProperty({ type: [FrameworkDto] }) items!: FrameworkDto[];
}

// ---- call-offs

export class CallOffItemInputDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'must be an item id (UUID)' })
  @LowerCaseIds()
  itemId!: string;

  @ApiProperty({ example: 10, description: 'above zero, at most 3 decimals' })
  @IsDecimalNumber(3, { message: 'must be a number with at most 3 decimals' })
  @Min(0.001, { message: 'must be above zero' })
  @Max(1_000_000_000, { message: 'must be at most 1,000,000,000' })
  quantity!: number;
}

/** its bad fields reach CallOffsService.create, which names them with the lot's problems of the others */
@CollectFieldErrors()
export class CreateCallOffDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'must be a lot id (UUID)' })
  @LowerCaseIds()
  lotId!: string;

  @ApiPropertyOptional({
    enum: CALL_OFF_METHODS,
    description:
      'direct (default: the first-ranked or the named supplier), ranking (the first that accepts), mini-competition',
  })
  @IsOptional()
  @IsIn(CALL_OFF_METHODS)
  method?: CallOffMethod;

  @ApiPropertyOptional({ format: 'uuid', description: 'direct call-off: the framework supplier of the lot' })
  @IsOptional()
  @IsUUID('all', { message: 'must be an organisation id (UUID)' })
  @LowerCaseIds()
  supplierOrganisationId?: string;

  @ApiProperty({ type: [CallOffItemInputDto] })
  @IsArray()
  @ArrayMinSize(1, { message: 'needs at least one item' })
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => CallOffItemInputDto)
  items!: CallOffItemInputDto[];

  @ApiPropertyOptional({ format: 'date-time', description: 'mini-competition: the offers are sealed until then' })
  @IsOptional()
  @IsInstant()
  submissionDeadline?: string;

  @ApiPropertyOptional({ description: 'delivery place, cost centre, ... (free text)' })
  @IsOptional()
  @IsString()
  @Trim()
  @MaxLength(2000)
  note?: string;
}

export class CallOffPathDto {
  @IsUUID('all', { message: 'must be a framework agreement id (UUID)' })
  @LowerCaseIds()
  id!: string;

  @IsUUID('all', { message: 'must be a call-off id (UUID)' })
  @LowerCaseIds()
  callOffId!: string;
}

export class CallOffItemDto {
  @ApiProperty({ format: 'uuid' }) itemId!: string;
  @ApiProperty() cpvCode!: string;
  @ApiProperty() cpvLabel!: string;
  @ApiProperty() unit!: string;
  @ApiProperty() quantity!: number;
  @ApiProperty({ type: Number, nullable: true }) unitPriceEur!: number | null;
  @ApiProperty() deliveredQuantity!: number;
}

export class CallOffDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: "the call-off contract's own number", example: 'BUENDEL-1A2B3C4D-RV-A0001' })
  number!: string;
  @ApiProperty({ format: 'uuid' }) frameworkId!: string;
  @ApiProperty({ format: 'uuid' }) lotId!: string;
  @ApiProperty() lotKey!: string;
  @ApiProperty({ type: CallOffPartyDto, description: 'the participating organisation that called off' })
  buyer!: CallOffPartyDto;
  @ApiProperty({ enum: CALL_OFF_METHODS }) method!: CallOffMethod;
  @ApiProperty({ enum: ['offered', 'competition', 'ordered', 'failed', 'cancelled'] }) status!: string;
  @ApiProperty({ type: CallOffPartyDto, nullable: true, description: 'the supplier asked, chosen or awarded' })
  supplier!: CallOffPartyDto | null;
  @ApiProperty({ type: Number, nullable: true }) offeredRank!: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) submissionDeadline!: string | null;
  @ApiProperty({ type: Number, nullable: true }) valueEur!: number | null;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) orderedAt!: string | null;
  @ApiProperty({ type: [CallOffItemDto] }) items!: CallOffItemDto[];
}

export class CallOffContractDto extends CallOffDto {
  @ApiProperty({ example: 'BUENDEL-1A2B3C4D-RV' }) frameworkNumber!: string;
  @ApiProperty() frameworkTitle!: string;
  @ApiProperty() lotTitle!: string;
}

export class CallOffContractPageDto extends PageMetaDto {
  @ApiProperty({
    type: [CallOffContractDto],
    description: 'the call-offs ordered from a supplier, each a contract of its own, newest order first',
  })
  items!: CallOffContractDto[];
}

export class CallOffsDto {
  @ApiProperty({ type: [CallOffDto] }) items!: CallOffDto[];
}

export class CallOffOfferPriceDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'must be an item id (UUID)' })
  @LowerCaseIds()
  itemId!: string;

  @ApiProperty({ example: 3.95 })
  @IsDecimalNumber(4, { message: 'must be a number with at most 4 decimals' })
  @Min(0.0001, { message: 'must be above zero' })
  @Max(100_000_000, { message: 'must be at most 100,000,000' })
  unitPriceEur!: number;
}

export class CallOffOfferInputDto {
  @ApiProperty({ type: [CallOffOfferPriceDto], description: 'one price for every item of the call-off' })
  @IsArray()
  @ArrayMinSize(1, { message: 'needs at least one price' })
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => CallOffOfferPriceDto)
  prices!: CallOffOfferPriceDto[];
}

export class CallOffOfferReceiptDto {
  @ApiProperty({ format: 'uuid' }) offerId!: string;
  @ApiProperty({ format: 'uuid' }) callOffId!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ description: 'SHA-256 receipt over salt, identity and content' }) digest!: string;
  @ApiProperty() salt!: string;
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
}

export class OwnCallOffOfferDto extends CallOffOfferReceiptDto {
  @ApiProperty({ description: 'true until the deadline: the content stays sealed, for the supplier too (§ 55 VgV)' })
  sealed!: boolean;
  @ApiProperty({
    type: [CallOffOfferPriceDto],
    nullable: true,
    description: 'your prices, once the deadline has passed (null while sealed)',
  })
  prices!: Array<{ itemId: string; unitPriceEur: number }> | null;
  @ApiProperty({ type: Number, nullable: true, description: 'your total (net), once the deadline has passed' })
  totalEur!: number | null;
}

export class OwnCallOffOfferViewDto {
  @ApiProperty({ format: 'uuid' }) callOffId!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) submissionDeadline!: string | null;
  @ApiProperty({
    type: OwnCallOffOfferDto,
    nullable: true,
    description: 'your latest offer with its receipt; null if you have not offered',
  })
  offer!: OwnCallOffOfferDto | null;
}

export class OpenedCallOffOfferDto {
  @ApiProperty({ format: 'uuid' }) offerId!: string;
  @ApiProperty() rank!: number;
  @ApiProperty({ type: CallOffPartyDto }) supplier!: CallOffPartyDto;
  @ApiProperty() totalEur!: number;
  @ApiProperty({ type: [CallOffOfferPriceDto] }) prices!: Array<{ itemId: string; unitPriceEur: number }>;
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
  @ApiProperty() version!: number;
}

export class OpenedCallOffOffersDto {
  @ApiProperty({ format: 'uuid' }) callOffId!: string;
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiProperty({ type: [OpenedCallOffOfferDto] }) offers!: OpenedCallOffOfferDto[];
}

export class AwardCallOffDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'must be an offer id (UUID)' })
  @LowerCaseIds()
  offerId!: string;
}

export class DeliveryItemDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'must be an item id (UUID)' })
  @LowerCaseIds()
  itemId!: string;

  @ApiProperty({ example: 5 })
  @IsDecimalNumber(3, { message: 'must be a number with at most 3 decimals' })
  @Min(0.001, { message: 'must be above zero' })
  @Max(1_000_000_000, { message: 'must be at most 1,000,000,000' })
  quantity!: number;
}

export class ReportDeliveryDto {
  @ApiProperty({ format: 'date', example: '2027-02-15' })
  @IsCalendarDate()
  deliveredOn!: string;

  @ApiProperty({ type: [DeliveryItemDto] })
  @IsArray()
  @ArrayMinSize(1, { message: 'needs at least one item' })
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => DeliveryItemDto)
  items!: DeliveryItemDto[];
}

// ---- consumption

export class ConsumptionRowDto extends FrameworkQuantityDto {
  @ApiProperty({ description: 'called off: ordered and pending call-offs' }) calledOffQuantity!: number;
  @ApiProperty({ description: 'ordered call-offs' }) orderedQuantity!: number;
  @ApiProperty() deliveredQuantity!: number;
  @ApiProperty({ description: 'maximum less called off' }) leftQuantity!: number;
  @ApiProperty({ description: 'called off in % of the maximum' }) usedPercent!: number;
}

export class ConsumptionDto {
  @ApiProperty({ format: 'uuid' }) frameworkId!: string;
  @ApiProperty() number!: string;
  @ApiProperty({ enum: ['active', 'expired', 'exhausted'] }) status!: string;
  @ApiProperty({ type: [ConsumptionRowDto] }) items!: ConsumptionRowDto[];
}

export class NextEstimateRowDto {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty() cpvCode!: string;
  @ApiProperty() cpvLabel!: string;
  @ApiProperty() unit!: string;
  @ApiProperty({ description: 'called off in the last term' }) calledOffQuantity!: number;
  @ApiProperty({ description: 'the estimate for the next term, scaled to its length' }) estimatedQuantity!: number;
}

export class NextEstimateDto {
  @ApiProperty({ format: 'uuid' }) frameworkId!: string;
  @ApiProperty({ format: 'date' }) termFrom!: string;
  @ApiProperty({ format: 'date' }) termTo!: string;
  @ApiProperty({ description: 'days of the last term that passed' }) elapsedDays!: number;
  @ApiProperty({ type: [NextEstimateRowDto] }) items!: NextEstimateRowDto[];
}

export class NextEstimateQueryDto {
  @ApiPropertyOptional({ format: 'date', description: 'the next term from (default: the day after the term)' })
  @IsOptional()
  @IsCalendarDate()
  termFrom?: string;

  @ApiPropertyOptional({ format: 'date', description: 'the next term to (default: as long as the last term)' })
  @IsOptional()
  @IsCalendarDate()
  termTo?: string;
}

export class NextBundleInputDto extends NextEstimateQueryDto {
  @ApiPropertyOptional({ maxLength: 200, description: "default: the framework's title and the next term" })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  title?: string;

  @ApiProperty({ format: 'date-time', description: 'until when the participants join the new bundle' })
  @IsInstant()
  joinDeadline!: string;
}

export class NextBundleDemandDto {
  @ApiProperty({ format: 'uuid', description: 'the draft demand, the participant’s to publish and join' }) id!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty() cpvCode!: string;
  @ApiProperty() unit!: string;
  @ApiProperty({ description: 'the next-term estimate from the call-offs' }) quantity!: number;
  @ApiProperty({ description: "the first-ranked supplier's framework price" }) unitPriceEur!: number;
}

export class NextBundleSkippedDto {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty() cpvCode!: string;
  @ApiProperty({ enum: ['NO_DELIVERY_PLACE'], description: 'why no draft was made, stable' }) code!: string;
  @ApiProperty({ description: 'why, in English, or in German for Accept-Language: de' }) reason!: string;
  /** the reason in German, while the answer is made; never sent (the controller picks one) */
  de?: string;
}

export class NextBundleDto {
  @ApiProperty({ format: 'uuid' }) frameworkId!: string;
  @ApiProperty({ format: 'uuid', description: 'the new bundle, open until joinDeadline' }) bundleId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'date' }) termFrom!: string;
  @ApiProperty({ format: 'date' }) termTo!: string;
  @ApiProperty({ type: [NextBundleDemandDto] }) demands!: NextBundleDemandDto[];
  @ApiProperty({ type: [NextBundleSkippedDto], description: 'participants without a delivery place (AGS)' })
  skipped!: NextBundleSkippedDto[];
}

export class CancelCallOffDto {
  @ApiPropertyOptional({ maxLength: 1000, description: 'why the call-off is cancelled (kept in the audit log)' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}
