import { CollectFieldErrors } from '@buendel/errors';
import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import {
  BUNDLE_STATUSES,
  BundleStatus,
  JOIN_MANDATE_STATUSES,
  JoinMandateStatus,
  MANDATE_BODIES,
  MandateBody,
  PROVISIONAL_JOIN_RULES,
  ProvisionalJoinRule,
} from '@buendel/domain';
import { IsDecimalNumber, IsInstant, Trim } from '@buendel/http';
import { PageMetaDto, PageQueryDto } from '@buendel/http';
import { CRITERION_CODE_PATTERN, DISTRICT_KEY_PATTERN } from '@buendel/http';
import {
  IsAbsentOrValid,
  LowerCaseIds,
  IsCalendarDate,
  IsCpvPrefix,
  isCpvPrefixValue,
  IsEach,
  isUuidValue,
  matching,
} from '@buendel/http';

/*
 * Why this file has more than 400 lines: it holds the request and response shapes of bundles
 * (their aggregate, lots, participations, mandates, matches and previews) for the OpenAPI document
 * and the web app's generated client; most lines are the fields' validation and Swagger
 * decorators, and the views nest each other's parts, so they stay together.
 */

/** its bad fields reach BundlesService.create, which names them with the domain's problems of the others */
@CollectFieldErrors()
export class CreateBundleDto {
  @ApiProperty({ example: 'E-Fahrzeuge und Ladesäulen 2027', maxLength: 200 })
  @Trim()
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(4000)
  description?: string;

  @ApiProperty({ example: '3414', description: 'CPV scope: a code prefix of 2 to 8 digits, or a full code' })
  @Trim()
  @IsCpvPrefix()
  cpvPrefix!: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['3115'],
    description: 'further CPV prefixes in scope (e.g. chargers with e-vehicles); the lot proposal keeps products apart',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(19)
  @ArrayUnique()
  @IsEach(isCpvPrefixValue, 'must be a CPV prefix of 2 to 8 digits or a CPV code such as 34144900-7')
  additionalCpvPrefixes?: string[];

  @ApiPropertyOptional({
    type: [String],
    example: ['14524'],
    description: 'district keys the bundle covers; default: every district your organisation coordinates',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(400)
  @ArrayUnique()
  @IsEach(matching(DISTRICT_KEY_PATTERN), 'must be a district key (five digits)')
  districtKeys?: string[];

  @ApiProperty({
    example: '2026-12-15T12:00:00+01:00',
    format: 'date-time',
    description: 'opt-in deadline (ISO 8601 instant, in the future)',
  })
  @IsInstant()
  joinDeadline!: string;

  @ApiProperty({ example: '2027-03-01', format: 'date' })
  @IsCalendarDate()
  deliveryFrom!: string;

  @ApiProperty({ example: '2027-12-31', format: 'date' })
  @IsCalendarDate()
  deliveryTo!: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['ZERO_EMISSION_VEHICLE'],
    description: 'criteria every participant accepts',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ArrayUnique()
  @IsEach(matching(CRITERION_CODE_PATTERN), 'must be a criterion code such as EU_ECOLABEL')
  mandatoryCriteria?: string[];

  @ApiPropertyOptional({ example: 5, minimum: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  minParticipants?: number;

  @ApiPropertyOptional({ example: 250000, description: 'net EUR' })
  @IsOptional()
  @IsDecimalNumber(2, { message: 'must be an amount with at most 2 decimals' })
  @Min(0)
  @Max(1_000_000_000_000)
  targetValueEur?: number;

  @ApiPropertyOptional({
    enum: PROVISIONAL_JOIN_RULES,
    description:
      'what becomes of a join still waiting for the mandate of its council or mayor at the deadline: ' +
      'drop (its demands leave, the aggregate changes) or keep (the default)',
  })
  @IsOptional()
  @IsIn(PROVISIONAL_JOIN_RULES)
  provisionalJoins?: ProvisionalJoinRule;
}

/** What may change while a bundle is open; the scope stays, since participants joined under it. */
/** its bad fields reach BundlesService.update, which names a deadline in the past beside them */
@CollectFieldErrors()
export class UpdateBundleDto {
  @ApiPropertyOptional({ maxLength: 200 }) @IsAbsentOrValid() @Trim() @IsString() @Length(1, 200) title?: string;
  @ApiPropertyOptional({ maxLength: 4000 })
  @IsAbsentOrValid()
  @Trim()
  @IsString()
  @MaxLength(4000)
  description?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'a new opt-in deadline (in the future); the closing job moves with it',
  })
  @IsAbsentOrValid()
  @IsInstant()
  joinDeadline?: string;

  @ApiPropertyOptional({ minimum: 1 }) @IsAbsentOrValid() @IsInt() @Min(1) @Max(100_000) minParticipants?: number;

  @ApiPropertyOptional()
  @IsAbsentOrValid()
  @IsDecimalNumber(2, { message: 'must be an amount with at most 2 decimals' })
  @Min(0)
  @Max(1_000_000_000_000)
  targetValueEur?: number;

  @ApiPropertyOptional({ enum: PROVISIONAL_JOIN_RULES })
  @IsAbsentOrValid()
  @IsIn(PROVISIONAL_JOIN_RULES)
  provisionalJoins?: ProvisionalJoinRule;
}

export class BundleQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: BUNDLE_STATUSES }) @IsOptional() @IsIn(BUNDLE_STATUSES) status?: BundleStatus;

  @ApiPropertyOptional({ example: '3414', description: 'bundles whose CPV scope overlaps this code or prefix' })
  @IsOptional()
  @IsCpvPrefix()
  cpv?: string;

  @ApiPropertyOptional({ example: '14524' })
  @IsOptional()
  @Matches(DISTRICT_KEY_PATTERN, { message: 'must be a district key (five digits)' })
  districtKey?: string;
}

/** `ids=a,b,c`: the bundles of one event stream */
export class BundleEventsQueryDto {
  @ApiProperty({
    type: String,
    description: 'the bundles, comma-separated (1 to 50)',
    example: '0b9c1f0e-8a57-4c8e-9a43-3f1f6c3b2a10,5d2c7e4a-1b3f-4e8d-9c6a-2f4e8b1a7c90',
  })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.split(',').map((id) => id.trim().toLowerCase()) : value,
  )
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsEach(isUuidValue, 'must be a bundle id (UUID)')
  ids!: string[];
}

export class JoinBundleDto {
  @ApiProperty({ type: [String], format: 'uuid', description: 'your demands that join the bundle' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ArrayUnique()
  @IsEach(isUuidValue, 'must be a demand id (UUID)')
  @LowerCaseIds()
  demandIds!: string[];
}

/** one item: the demands of one CPV code, unit, product specification and delivery district */
export class AggregateLineDto {
  @ApiProperty({ example: '34144900-7' }) cpvCode!: string;
  @ApiProperty({ example: 'H87' }) unit!: string;
  @ApiProperty({ type: String, nullable: true, example: 'e-transporter-3-5t' }) specificationKey!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'E-Transporter 3,5 t' }) specificationText!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '14524',
    description: 'the delivery district (null in an aggregate computed before items were grouped by it)',
  })
  districtKey!: string | null;
  @ApiProperty({ example: 12 }) quantity!: number;
  @ApiProperty({ example: 462000 }) estimatedValueEur!: number;
  @ApiProperty() participantCount!: number;
}

export class RegimeDto {
  @ApiProperty({ enum: ['EU', 'NATIONAL'] }) scope!: 'EU' | 'NATIONAL';
  @ApiProperty({ example: 216000 }) thresholdEur!: number;
  @ApiProperty() legalBasis!: string;
  @ApiProperty({ example: 'SUPPLIES_SERVICES_SUB_CENTRAL' }) category!: string;
  @ApiProperty({ format: 'date', description: 'the day whose threshold applies (the opt-in deadline)' })
  referenceDate!: string;
  @ApiProperty({ format: 'date' }) validFrom!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) validTo!: string | null;
  @ApiProperty({ description: 'no threshold is configured for the reference date; the latest one stands in' })
  provisional!: boolean;
}

export class LotProposalDto {
  @ApiProperty({ example: 'P-3414' }) key!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ example: 462000 }) estimatedValueEur!: number;
  @ApiProperty({ example: '3414' }) cpvPrefix!: string;
  @ApiProperty({ type: [String] }) cpvCodes!: string[];
  @ApiProperty({ type: [String] }) districtKeys!: string[];
}

export class AggregateDto {
  @ApiProperty() participantCount!: number;
  @ApiProperty() demandCount!: number;
  @ApiProperty({ example: 462000 }) totalEstimatedValueEur!: number;
  @ApiProperty({ type: [AggregateLineDto] }) lines!: AggregateLineDto[];
  @ApiProperty({ type: RegimeDto }) regime!: RegimeDto;
  @ApiProperty({ type: [LotProposalDto], description: 'lots by product and region (§ 97 Abs. 4 GWB)' })
  lots!: LotProposalDto[];
  @ApiProperty() computedAt!: string;
  @ApiProperty({ description: 'the participation version it reflects' }) version!: number;
  @ApiProperty({ description: 'false while a recomputation after the latest change is under way' }) current!: boolean;
}

export class MandateFileDto {
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['application/pdf', 'image/png', 'image/jpeg'] }) mediaType!: string;
  @ApiProperty() sizeBytes!: number;
  @ApiProperty({ description: 'SHA-256 of the content, hex' }) sha256!: string;
}

/** the mandate a join needs: above the organisation's value, its council's or mayor's decision */
export class JoinMandateDto {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({
    enum: JOIN_MANDATE_STATUSES,
    description: 'awaiting and kept: the join is provisional; recorded: decided; dropped: left at the deadline',
  })
  status!: JoinMandateStatus;
  @ApiProperty({ example: 'wartet auf Beschluss' }) statusLabel!: string;
  @ApiProperty({ description: 'true while the join waits for the decision' }) provisional!: boolean;
  @ApiProperty({ description: 'the organisation’s value above which a join needs a decision, net EUR' })
  requiredAboveEur!: number;
  @ApiProperty({ description: 'the organisation’s value in the bundle at its latest join, net EUR' })
  joinValueEur!: number;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) decidedOn!: string | null;
  @ApiProperty({ enum: MANDATE_BODIES, nullable: true }) body!: MandateBody | null;
  @ApiProperty({ type: String, nullable: true, example: 'Gemeinderat / Kreistag' }) bodyLabel!: string | null;
  @ApiProperty({ type: MandateFileDto, nullable: true }) file!: MandateFileDto | null;
  @ApiProperty({ type: String, nullable: true }) recordedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'when the deadline dropped or kept it' })
  resolvedAt!: string | null;
}

export class ParticipantDto {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() demandCount!: number;
  @ApiProperty() estimatedValueEur!: number;
  @ApiProperty({ type: JoinMandateDto, nullable: true, description: 'null: the join needs no mandate' })
  mandate!: JoinMandateDto | null;
}

export class MyParticipationDto {
  @ApiProperty({ type: [String], format: 'uuid' }) demandIds!: string[];
  @ApiProperty() joinedAt!: string;
  @ApiProperty({ description: 'true once the bundle is closed or its deadline passed' }) binding!: boolean;
  @ApiProperty({ type: JoinMandateDto, nullable: true, description: 'null: the join needs no mandate' })
  mandate!: JoinMandateDto | null;
}

/** the fields of a mandate's record (multipart/form-data, with its file) */
export class RecordMandateDto {
  @ApiProperty({ example: '2026-11-20', format: 'date', description: 'the day of the decision (not in the future)' })
  @IsCalendarDate()
  decidedOn!: string;

  @ApiProperty({ enum: MANDATE_BODIES, description: 'council: Gemeinderat, Kreistag; mayor: Bürgermeister, Landrat' })
  @IsIn(MANDATE_BODIES)
  body!: MandateBody;
}

export class BundleDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ enum: BUNDLE_STATUSES }) status!: BundleStatus;
  @ApiProperty({ format: 'uuid' }) coordinatorOrganisationId!: string;
  @ApiProperty() coordinatorName!: string;
  @ApiProperty({ example: '3414', description: 'the main CPV prefix' }) cpvPrefix!: string;
  @ApiProperty({ type: [String], example: ['3414', '3115'], description: 'the whole CPV scope, the main prefix first' })
  cpvPrefixes!: string[];
  @ApiProperty({ type: [String] }) districtKeys!: string[];
  @ApiProperty() joinDeadline!: string;
  @ApiProperty({ format: 'date' }) deliveryFrom!: string;
  @ApiProperty({ format: 'date' }) deliveryTo!: string;
  @ApiProperty({ type: [String] }) mandatoryCriteria!: string[];
  @ApiProperty({ type: Number, nullable: true }) minParticipants!: number | null;
  @ApiProperty({ type: Number, nullable: true }) targetValueEur!: number | null;
  @ApiProperty({
    enum: PROVISIONAL_JOIN_RULES,
    description: 'at the deadline, joins still waiting for their mandate are dropped or kept',
  })
  provisionalJoins!: ProvisionalJoinRule;
  @ApiProperty({ type: String, nullable: true }) closedAt!: string | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'the joint tender made from the bundle (GET /tenders/{id}); null before',
  })
  tenderId!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: AggregateDto, nullable: true, description: 'null until the first aggregation ran' })
  aggregate!: AggregateDto | null;
  @ApiPropertyOptional({ type: MyParticipationDto, description: "your organisation's demands in the bundle" })
  myParticipation?: MyParticipationDto;
  @ApiPropertyOptional({
    description: 'in lists (GET /bundles): whether your organisation takes part; the detail has myParticipation',
  })
  participating?: boolean;
  @ApiPropertyOptional({ type: [ParticipantDto], description: 'for the coordinating organisation only' })
  participants?: ParticipantDto[];
}

/** What a bundle's event stream sends: its status and aggregate, exactly as GET /bundles/{id} has them. */
export class BundleEventDto {
  @ApiProperty({ format: 'uuid' }) bundleId!: string;
  @ApiProperty({ enum: BUNDLE_STATUSES }) status!: BundleStatus;
  @ApiProperty({ type: AggregateDto, nullable: true, description: 'null until the first aggregation ran' })
  aggregate!: AggregateDto | null;
}

export class BundlePageDto extends PageMetaDto {
  @ApiProperty({ type: [BundleDto] }) items!: BundleDto[];
}

export class MismatchDto {
  @ApiProperty({ example: 'deliveryWindow' }) field!: string;
  @ApiProperty() reason!: string;
}

export class BundleMatchDto {
  @ApiProperty({ type: BundleDto }) bundle!: BundleDto;
  @ApiProperty() canJoin!: boolean;
  @ApiProperty({ type: [MismatchDto], description: 'why the demand cannot join (empty when it can)' })
  mismatches!: MismatchDto[];
}

export class BundleMatchListDto {
  @ApiProperty({ type: [BundleMatchDto] }) items!: BundleMatchDto[];
  @ApiProperty() total!: number;
}

export class ParticipationDto {
  @ApiProperty({ format: 'uuid' }) bundleId!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ type: [String], format: 'uuid', description: 'all your demands in the bundle' }) demandIds!: string[];
  @ApiProperty({ type: [String], format: 'uuid', description: 'the demands this request added' }) added!: string[];
  @ApiProperty({
    type: JoinMandateDto,
    nullable: true,
    description:
      'the join is worth more than your organisation’s value for a mandate: provisional until it is recorded',
  })
  mandate!: JoinMandateDto | null;
}

export class AggregatePreviewDto extends OmitType(AggregateDto, ['computedAt', 'version', 'current'] as const) {}

export class ParticipationPreviewDto {
  @ApiProperty({ format: 'uuid' }) bundleId!: string;
  @ApiProperty({ enum: ['join', 'leave'] }) action!: 'join' | 'leave';
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'the demands the change adds (join: those not in the bundle yet) or removes (leave)',
  })
  demandIds!: string[];
  @ApiProperty({ type: AggregatePreviewDto, description: 'the aggregate of the participations as they are' })
  before!: AggregatePreviewDto;
  @ApiProperty({ type: AggregatePreviewDto, description: 'the aggregate after the change' })
  after!: AggregatePreviewDto;
  @ApiProperty({ description: 'after minus before, net EUR' }) totalChangeEur!: number;
  @ApiProperty({ description: 'true when the change moves the bundle across the EU threshold' })
  regimeChanges!: boolean;
}
