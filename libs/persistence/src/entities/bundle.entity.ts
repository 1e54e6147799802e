import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { DemandEntity } from './demand.entity';
import { OrganisationEntity } from './organisation.entity';

export type BundleStatusValue = 'open' | 'closed' | 'tendering' | 'awarded' | 'cancelled';

/** A Bündel: a coordinator's offer to bundle the demands of its region in one CPV scope. */
@Entity('bundles')
@Check('CHK_bundles_status', `status IN ('open', 'closed', 'tendering', 'awarded', 'cancelled')`)
@Check('CHK_bundles_window', `delivery_from <= delivery_to`)
@Check(
  'CHK_bundles_cpv_prefixes',
  `cardinality(cpv_prefixes) BETWEEN 1 AND 20 AND array_to_string(cpv_prefixes, ',') ~ '^[0-9]{2,8}(,[0-9]{2,8})*$'`,
)
@Check('CHK_bundles_provisional_joins', `provisional_joins IN ('drop', 'keep')`)
@Index('IDX_bundles_status_deadline', ['status', 'joinDeadline'])
@Index('IDX_bundles_coordinator', ['coordinatorOrganisationId'])
// GIN over the district keys, for "bundles covering my district"; made by the migration (operator class)
@Index('IDX_bundles_district_keys', { synchronize: false })
export class BundleEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'text' })
  status!: BundleStatusValue;

  @Column({ name: 'coordinator_organisation_id', type: 'uuid' })
  coordinatorOrganisationId!: string;

  @ManyToOne(() => OrganisationEntity, { nullable: false })
  @JoinColumn({ name: 'coordinator_organisation_id', foreignKeyConstraintName: 'FK_bundles_coordinator' })
  coordinator?: OrganisationEntity;

  /** the CPV scope: significant digits (2 to 8) of one or more prefixes, the main one first */
  @Column({ name: 'cpv_prefixes', type: 'text', array: true })
  cpvPrefixes!: string[];

  @Column({ name: 'district_keys', type: 'text', array: true })
  districtKeys!: string[];

  @Column({ name: 'join_deadline', type: 'timestamptz' })
  joinDeadline!: Date;

  @Column({ name: 'delivery_from', type: 'date' })
  deliveryFrom!: string;

  @Column({ name: 'delivery_to', type: 'date' })
  deliveryTo!: string;

  @Column({ name: 'mandatory_criteria', type: 'text', array: true, default: () => `'{}'` })
  mandatoryCriteria!: string[];

  @Column({ name: 'min_participants', type: 'integer', nullable: true })
  minParticipants!: number | null;

  @Column({ name: 'target_value_cents', type: 'bigint', nullable: true })
  targetValueCents!: string | null;

  /** what becomes of a join still waiting for its mandate at the deadline: dropped or kept */
  @Column({ name: 'provisional_joins', type: 'text', default: 'keep' })
  provisionalJoins!: 'drop' | 'keep';

  /** the EU threshold category that decides the regime (from the CPV scope) */
  @Column({ name: 'threshold_category', type: 'text' })
  thresholdCategory!: string;

  /** bumped in the transaction of every change to the participations; the aggregate records the version it reflects */
  @Column({ name: 'participation_version', type: 'bigint', default: 0 })
  participationVersion!: string;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** One demand of an organisation in a bundle. A demand is in at most one bundle. */
@Entity('bundle_participations')
@Index('IDX_bundle_participations_demand', ['demandId'], { unique: true })
@Index('IDX_bundle_participations_organisation', ['bundleId', 'organisationId'])
export class BundleParticipationEntity {
  @PrimaryColumn({ name: 'bundle_id', type: 'uuid' })
  bundleId!: string;

  @ManyToOne(() => BundleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'bundle_id', foreignKeyConstraintName: 'FK_bundle_participations_bundle' })
  bundle?: BundleEntity;

  @PrimaryColumn({ name: 'demand_id', type: 'uuid' })
  demandId!: string;

  @ManyToOne(() => DemandEntity, { nullable: false })
  @JoinColumn({ name: 'demand_id', foreignKeyConstraintName: 'FK_bundle_participations_demand' })
  demand?: DemandEntity;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Column({ name: 'joined_by', type: 'uuid', nullable: true })
  joinedBy!: string | null;

  @CreateDateColumn({ name: 'joined_at', type: 'timestamptz' })
  joinedAt!: Date;
}

/** The stored aggregate of a bundle, written by the bundle.aggregate job only. */
@Entity('bundle_aggregates')
export class BundleAggregateEntity {
  @PrimaryColumn({ name: 'bundle_id', type: 'uuid' })
  bundleId!: string;

  @ManyToOne(() => BundleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'bundle_id', foreignKeyConstraintName: 'FK_bundle_aggregates_bundle' })
  bundle?: BundleEntity;

  /** the bundle's participation_version this aggregate reflects */
  @Column({ name: 'source_version', type: 'bigint' })
  sourceVersion!: string;

  @Column({ name: 'participant_count', type: 'integer' })
  participantCount!: number;

  @Column({ name: 'demand_count', type: 'integer' })
  demandCount!: number;

  @Column({ name: 'total_estimated_value_cents', type: 'bigint' })
  totalEstimatedValueCents!: string;

  /** [{ cpvCode, unit, quantity, estimatedValueCents, participantCount }] */
  @Column({ type: 'jsonb' })
  lines!: unknown;

  @Column({ type: 'jsonb' })
  regime!: unknown;

  @Column({ type: 'jsonb' })
  lots!: unknown;

  @Column({ name: 'computed_at', type: 'timestamptz' })
  computedAt!: Date;
}

export type JoinMandateStatusValue = 'awaiting' | 'recorded' | 'kept' | 'dropped';

/**
 * The mandate an organisation's join needs: its join is worth more than the value the
 * organisation set (organisations.join_mandate_above_cents), so it is provisional until the
 * decision of its council or mayor (date, body, file) is recorded. At the deadline a join still
 * awaiting it is dropped or kept, as the bundle says (bundles.provisional_joins). The file lies
 * outside the database, in the content-addressed store of evidence files, under its SHA-256.
 */
@Entity('join_mandates')
@Index('IDX_join_mandates_organisation', ['organisationId'])
@Check('CHK_join_mandates_status', `status IN ('awaiting', 'recorded', 'kept', 'dropped')`)
@Check('CHK_join_mandates_body', `decision_body IS NULL OR decision_body IN ('council', 'mayor')`)
@Check(
  'CHK_join_mandates_recorded',
  `status <> 'recorded' OR (decided_on IS NOT NULL AND decision_body IS NOT NULL AND file_sha256 IS NOT NULL)`,
)
@Check('CHK_join_mandates_sha256', `file_sha256 IS NULL OR file_sha256 ~ '^[0-9a-f]{64}$'`)
export class JoinMandateEntity {
  @PrimaryColumn({ name: 'bundle_id', type: 'uuid' })
  bundleId!: string;

  @ManyToOne(() => BundleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'bundle_id', foreignKeyConstraintName: 'FK_join_mandates_bundle' })
  bundle?: BundleEntity;

  @PrimaryColumn({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'FK_join_mandates_organisation' })
  organisation?: OrganisationEntity;

  @Column({ type: 'text', default: 'awaiting' })
  status!: JoinMandateStatusValue;

  /** the organisation's value above which a mandate is needed, when the join became provisional */
  @Column({ name: 'required_above_cents', type: 'bigint' })
  requiredAboveCents!: string;

  /** the organisation's value in the bundle at its latest join */
  @Column({ name: 'join_value_cents', type: 'bigint' })
  joinValueCents!: string;

  @Column({ name: 'decided_on', type: 'date', nullable: true })
  decidedOn!: string | null;

  /** `council` (Gemeinderat, Kreistag) or `mayor` (Bürgermeister, Landrat) */
  @Column({ name: 'decision_body', type: 'text', nullable: true })
  decisionBody!: string | null;

  @Column({ name: 'file_sha256', type: 'char', length: 64, nullable: true })
  fileSha256!: string | null;

  @Column({ name: 'file_name', type: 'text', nullable: true })
  fileName!: string | null;

  @Column({ name: 'media_type', type: 'text', nullable: true })
  mediaType!: string | null;

  @Column({ name: 'size_bytes', type: 'integer', nullable: true })
  sizeBytes!: number | null;

  @Column({ name: 'recorded_by', type: 'uuid', nullable: true })
  recordedBy!: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz', nullable: true })
  recordedAt!: Date | null;

  /** when the deadline dropped or kept the join */
  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
