import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  CRITERION_CODE_PATTERN,
  DISTRICT_KEY_PATTERN,
  IsAbsentOrValid,
  isCpvPrefixValue,
  IsDecimalNumber,
  IsEach,
  IsInstant,
  matching,
  PageMetaDto,
  PageQueryDto,
  Trim,
} from '@buendel/http';
import { TENDER_PHASES, TENDER_STATUSES, TenderPhase, TenderStatus } from '@buendel/domain';
import { CollectFieldErrors } from '@buendel/errors';

/*
 * Why this file has more than 400 lines: it holds the request and response shapes of tenders
 * (their lots, items, criteria, opening and list) for the OpenAPI document and the web app's
 * generated client; most lines are the fields' validation and Swagger decorators, and the views
 * nest each other's parts, so they stay together.
 */

/** a lot's key: `L1` for a lot the coordinator named, `P-3414` or `P-3414-R-14524` from the proposal */
export const LOT_KEY_PATTERN = /^[A-Z][A-Z0-9-]{0,39}$/;

// the statuses of the domain's tender machine
export { TENDER_STATUSES };
export type { TenderStatus };

export class LotSelectorDto {
  @ApiProperty({ example: 'Elektrofahrzeuge Nord', maxLength: 200 })
  @Trim()
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiPropertyOptional({ type: [String], example: ['3414'], description: 'the products of the lot; none: all' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsEach(isCpvPrefixValue, 'must be a CPV prefix of 2 to 8 digits or a CPV code such as 34144900-7')
  cpvPrefixes?: string[];

  @ApiPropertyOptional({
    type: [String],
    example: ['14524'],
    description: 'the delivery districts of the lot; none: all',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(400)
  @IsEach(matching(DISTRICT_KEY_PATTERN), 'must be a district key (five digits)')
  districtKeys?: string[];
}

const NUMBER_MESSAGE = { message: 'must be a number with at most 4 decimals' };

export class ScoringThresholdDto {
  @ApiProperty({
    example: 5,
    description: 'the value an offer must reach (at least it, or at most it when lower is better)',
  })
  @IsDecimalNumber(4, NUMBER_MESSAGE)
  value!: number;

  @ApiProperty({ example: 10, description: 'the points an offer reaching it gets (at most the criterion’s weight)' })
  @IsDecimalNumber(2, { message: 'must be a number with at most 2 decimals' })
  @Min(0)
  @Max(100)
  points!: number;
}

/** how a valued award criterion's points follow from the offered value (libs/domain/src/valued-criteria.ts) */
export class ScoringRuleDto {
  @ApiProperty({ enum: ['linear', 'thresholds'] })
  @IsIn(['linear', 'thresholds'], { message: 'must be linear or thresholds' })
  rule!: 'linear' | 'thresholds';

  @ApiPropertyOptional({ example: 30, description: 'linear: the value that earns nothing (or worse)' })
  @ValidateIf((o: ScoringRuleDto) => o.rule === 'linear')
  @IsDecimalNumber(4, NUMBER_MESSAGE)
  floor?: number;

  @ApiPropertyOptional({ example: 80, description: 'linear: the value that earns the full weight (or better)' })
  @ValidateIf((o: ScoringRuleDto) => o.rule === 'linear')
  @IsDecimalNumber(4, NUMBER_MESSAGE)
  best?: number;

  @ApiPropertyOptional({ type: [ScoringThresholdDto], description: 'thresholds: the points of the best one reached' })
  @ValidateIf((o: ScoringRuleDto) => o.rule === 'thresholds')
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ScoringThresholdDto)
  thresholds?: ScoringThresholdDto[];
}

export class TenderCriterionDto {
  @ApiProperty({ example: 'ZERO_EMISSION_VEHICLE' })
  @Matches(CRITERION_CODE_PATTERN, { message: 'must be a criterion code such as EU_ECOLABEL' })
  code!: string;

  @ApiProperty({ enum: TENDER_PHASES })
  @IsIn(TENDER_PHASES, { message: `must be one of ${TENDER_PHASES.join(', ')}` })
  phase!: TenderPhase;

  @ApiPropertyOptional({
    example: 20,
    description: 'award phase only: points of 100 (with the price weight summing to 100)',
  })
  @IsOptional()
  @IsDecimalNumber(2, { message: 'must be a number with at most 2 decimals' })
  @Min(0)
  @Max(100)
  weight?: number;

  @ApiPropertyOptional({ example: 'DE-UZ 14a', description: 'the parameter chosen, as text' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  detail?: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['L1'],
    description:
      'the keys of the lots the criterion applies to (`L1`, `L2`, ... for lots you name, else the proposal’s keys); ' +
      'none: every lot. A criterion scoped to CPV codes may sit only on lots with products under them',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsEach(matching(LOT_KEY_PATTERN), 'must be a lot key such as L1 or P-3414')
  lotKeys?: string[];

  @ApiPropertyOptional({
    example: 50,
    description:
      'a criterion with a percent or number parameter, outside the award phase: the limit every offer must keep ' +
      '(at least it, or at most it where lower is better, e.g. CO2 in g/km)',
  })
  @IsOptional()
  @IsDecimalNumber(4, NUMBER_MESSAGE)
  value?: number;

  @ApiPropertyOptional({
    type: ScoringRuleDto,
    description: 'a valued award criterion: how its points follow from the value each offer states',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ScoringRuleDto)
  scoring?: ScoringRuleDto;
}

/** its bad fields reach TendersService.createFromBundle, which names them with the domain's problems of the others */
@CollectFieldErrors()
export class CreateTenderDto {
  @ApiPropertyOptional({ description: "default: the bundle's title", maxLength: 200 })
  @IsAbsentOrValid()
  @Trim()
  @IsString()
  @Length(1, 200)
  title?: string;

  @ApiPropertyOptional({ maxLength: 8000 })
  @IsAbsentOrValid()
  @Trim()
  @IsString()
  @MaxLength(8000)
  description?: string;

  @ApiProperty({
    example: '2027-01-20T12:00:00+01:00',
    format: 'date-time',
    description: 'at least the legal minimum period after publication (EU open procedure: 30 days, § 15 VgV)',
  })
  @IsInstant()
  submissionDeadline!: string;

  @ApiPropertyOptional({
    type: [LotSelectorDto],
    description:
      "the lots; default: the bundle's lot proposal. Merge lots by naming several prefixes, split by districts",
  })
  @IsAbsentOrValid()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => LotSelectorDto)
  lots?: LotSelectorDto[];

  @ApiPropertyOptional({
    type: [TenderCriterionDto],
    description: "criteria per phase; default: the bundle's mandatory criteria in each of their phases",
  })
  @IsAbsentOrValid()
  @IsArray()
  @ArrayMaxSize(80)
  @ValidateNested({ each: true })
  @Type(() => TenderCriterionDto)
  criteria?: TenderCriterionDto[];

  @ApiPropertyOptional({ example: 70, description: 'weight of the price in points of 100' })
  @IsAbsentOrValid()
  @IsDecimalNumber(2, { message: 'must be a number with at most 2 decimals' })
  @Min(0)
  @Max(100)
  priceWeight?: number;
}

/** every field optional; `null` is not a way to leave one out (it fails the field's own rules) */
/** its bad fields reach TendersService.update (as CreateTenderDto's) */
@CollectFieldErrors()
export class UpdateTenderDto extends PartialType(CreateTenderDto, { skipNullProperties: false }) {}

/** PATCH /tenders/{id}/lots/{lotId}: the coordinator's own title of a lot of a draft */
export class RenameLotDto {
  @ApiProperty({ example: 'Los 2: Ladeinfrastruktur (Wallboxen), Landkreis Zwickau', maxLength: 200 })
  @Trim()
  @Length(1, 200)
  @IsString()
  title!: string;
}

export class StartOpeningDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'the second person of your organisation who will confirm (needed where you are its only coordinator)',
  })
  @IsOptional()
  @IsUUID('all', { message: 'must be a user id (UUID)' })
  witnessUserId?: string;
}

export class CancelTenderDto {
  @ApiProperty({ description: 'why the procedure is cancelled (documented, § 63 VgV)', minLength: 10 })
  @Trim()
  @IsString()
  @Length(10, 4000)
  reason!: string;
}

/** one product: the demands of one CPV code, unit, product specification and delivery district */
export class TenderItemDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '34144900-7' }) cpvCode!: string;
  @ApiProperty({ example: 'Elektrofahrzeuge' }) cpvLabel!: string;
  @ApiProperty({ type: String, nullable: true, example: 'e-transporter-3-5t' }) specificationKey!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'E-Transporter 3,5 t' }) specificationText!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '14524',
    description: 'the delivery district (null for items drafted before items were grouped by it)',
  })
  districtKey!: string | null;
  @ApiProperty({ example: 'H87' }) unit!: string;
  @ApiProperty({ example: 10 }) quantity!: number;
  @ApiProperty() estimatedValueEur!: number;
  @ApiProperty({ type: [String], description: 'AGS of the delivery places' }) deliveryAgs!: string[];
}

export class TenderLotDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'P-3414' }) key!: string;
  @ApiProperty() title!: string;
  @ApiProperty() estimatedValueEur!: number;
  @ApiProperty({ enum: ['open', 'awarded', 'unsuccessful'] }) status!: string;
  @ApiProperty({ description: 'the price weight of this lot: what its award criteria leave of 100' })
  priceWeight!: number;
  @ApiProperty({ type: [TenderItemDto] }) items!: TenderItemDto[];
}

export class TenderCriterionViewDto {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: TENDER_PHASES }) phase!: TenderPhase;
  @ApiProperty({ type: Number, nullable: true }) weight!: number | null;
  @ApiProperty({ type: String, nullable: true }) detail!: string | null;
  @ApiProperty({ type: [String], description: 'the keys of the lots it applies to' }) lotKeys!: string[];
  @ApiProperty({ type: Number, nullable: true, description: 'the limit of a valued criterion' }) value!: number | null;
  @ApiProperty({ type: ScoringRuleDto, nullable: true }) scoring!: unknown;
  @ApiProperty({ type: String, nullable: true, example: 'g/km' }) unit!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the limit or the scoring rule in words' })
  rule!: string | null;
}

export class TenderRegimeDto {
  @ApiProperty({ enum: ['EU', 'NATIONAL'] }) scope!: 'EU' | 'NATIONAL';
  @ApiProperty() thresholdEur!: number;
  @ApiProperty() legalBasis!: string;
  @ApiProperty({ format: 'date' }) referenceDate!: string;
}

export class SubmissionMinimumDto {
  @ApiProperty({ example: '30 Tage (EU-weites offenes Verfahren mit elektronischer Angebotsabgabe, § 15 VgV)' })
  period!: string;
  @ApiProperty({
    example: 2_592_000,
    description:
      'the minimum period in seconds: the deadline must be at least this long after the publication (a draft published now: now plus this)',
  })
  seconds!: number;
}

export class OpeningPersonDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class TenderOpeningDto {
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ type: OpeningPersonDto, description: 'the first of the two people (§ 55 Abs. 2 VgV)' })
  startedBy!: OpeningPersonDto;
  @ApiProperty({
    type: OpeningPersonDto,
    nullable: true,
    description: 'the second person named to confirm; null: any other coordinator of the organisation',
  })
  witness!: OpeningPersonDto | null;
}

export class TenderQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: TENDER_STATUSES, description: 'only tenders in this status' })
  @IsOptional()
  @IsIn(TENDER_STATUSES, { message: `must be one of ${TENDER_STATUSES.join(', ')}` })
  status?: TenderStatus;

  @ApiPropertyOptional({ format: 'uuid', description: 'only the tender made from this bundle' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a bundle id (UUID)' })
  bundleId?: string;
}

/** a tender in a list (GET /tenders): what its notice says; its lots and criteria at GET /tenders/{id} */
export class TenderSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) bundleId!: string;
  @ApiProperty({ format: 'uuid' }) coordinatorOrganisationId!: string;
  @ApiProperty({ example: 'Landkreis Zwickau' }) coordinatorName!: string;
  @ApiProperty({ enum: TENDER_STATUSES }) status!: TenderStatus;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ['open', 'national-open'] }) procedureType!: string;
  @ApiProperty({ example: 'Offenes Verfahren (EU-weit, § 15 VgV)' }) procedureLabel!: string;
  @ApiProperty({ enum: ['EU', 'NATIONAL'] }) scope!: string;
  @ApiProperty() estimatedValueEur!: number;
  @ApiProperty() lotCount!: number;
  @ApiProperty() submissionDeadline!: string;
  @ApiProperty({ type: String, nullable: true }) publishedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) openedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) awardedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) cancelledAt!: string | null;
}

export class TenderPageDto extends PageMetaDto {
  @ApiProperty({ type: [TenderSummaryDto] }) items!: TenderSummaryDto[];
}

export class TenderDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) bundleId!: string;
  @ApiProperty({ format: 'uuid' }) coordinatorOrganisationId!: string;
  @ApiProperty({ enum: TENDER_STATUSES }) status!: TenderStatus;
  @ApiProperty() title!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ enum: ['open', 'national-open'] }) procedureType!: string;
  @ApiProperty({ example: 'Offenes Verfahren (EU-weit, § 15 VgV)' }) procedureLabel!: string;
  @ApiProperty({ type: TenderRegimeDto }) regime!: TenderRegimeDto;
  @ApiProperty() estimatedValueEur!: number;
  @ApiProperty() priceWeight!: number;
  @ApiProperty() submissionDeadline!: string;
  @ApiProperty({ type: String, nullable: true }) publishedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) openedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) awardedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) cancelledAt!: string | null;
  @ApiProperty({ type: [TenderLotDto] }) lots!: TenderLotDto[];
  @ApiProperty({ type: [TenderCriterionViewDto] }) criteria!: TenderCriterionViewDto[];
  @ApiProperty({
    type: SubmissionMinimumDto,
    description: 'the legal minimum period from publication to the submission deadline for the regime',
  })
  submissionMinimum!: SubmissionMinimumDto;
  @ApiProperty({
    type: TenderOpeningDto,
    nullable: true,
    description: 'an EU procedure whose two-person opening has begun and awaits the second person; null otherwise',
  })
  opening!: TenderOpeningDto | null;
}

export class PublishProblemDto {
  @ApiProperty({
    example: 'organisations.{organisationId}.contact.email',
    description: 'the field as the refusal names it',
  })
  field!: string;
  @ApiProperty({ enum: ['EFORMS_MISSING', 'SUBMISSION_PERIOD_TOO_SHORT'] }) code!: string;
  @ApiProperty({ description: 'in English, as the refusal words it' }) reason!: string;
  @ApiProperty({ description: 'in German, as the refusal words it for a reader of German' }) de!: string;
}

export class PublishCheckDto {
  @ApiProperty({ description: 'true when publishing now would be refused for none of the problems' })
  ready!: boolean;
  @ApiProperty({
    type: [PublishProblemDto],
    description: 'every problem publishing now would be refused with (400 INVALID_TENDER), in its order',
  })
  problems!: PublishProblemDto[];
}
