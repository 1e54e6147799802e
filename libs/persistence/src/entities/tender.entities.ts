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
import { BundleEntity } from './bundle.entity';
import { OrganisationEntity } from './organisation.entity';

export type TenderStatusValue = 'draft' | 'published' | 'opened' | 'awarded' | 'cancelled';

/** A joint tender made from a closed bundle; one per bundle. */
@Entity('tenders')
@Check('CHK_tenders_status', `status IN ('draft', 'published', 'opened', 'awarded', 'cancelled')`)
@Check('CHK_tenders_procedure', `procedure_type IN ('open', 'national-open')`)
@Check('CHK_tenders_price_weight', `price_weight >= 0 AND price_weight <= 100`)
@Index('IDX_tenders_status_deadline', ['status', 'submissionDeadline'])
export class TenderEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('IDX_tenders_bundle', { unique: true })
  @Column({ name: 'bundle_id', type: 'uuid' })
  bundleId!: string;

  @ManyToOne(() => BundleEntity, { nullable: false })
  @JoinColumn({ name: 'bundle_id', foreignKeyConstraintName: 'FK_tenders_bundle' })
  bundle?: BundleEntity;

  @Index('IDX_tenders_coordinator')
  @Column({ name: 'coordinator_organisation_id', type: 'uuid' })
  coordinatorOrganisationId!: string;

  @ManyToOne(() => OrganisationEntity, { nullable: false })
  @JoinColumn({ name: 'coordinator_organisation_id', foreignKeyConstraintName: 'FK_tenders_coordinator' })
  coordinator?: OrganisationEntity;

  @Column({ type: 'text' })
  status!: TenderStatusValue;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  /** open: Offenes Verfahren (EU, § 15 VgV); national-open: Öffentliche Ausschreibung (§ 9 UVgO) */
  @Column({ name: 'procedure_type', type: 'text' })
  procedureType!: string;

  /** the regime as decided when the tender was drafted and again when it was published */
  @Column({ type: 'jsonb' })
  regime!: Record<string, unknown>;

  @Column({ name: 'estimated_value_cents', type: 'bigint' })
  estimatedValueCents!: string;

  @Column({ name: 'price_weight', type: 'numeric', precision: 5, scale: 2 })
  priceWeight!: string;

  @Column({ name: 'submission_deadline', type: 'timestamptz' })
  submissionDeadline!: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  @Column({ name: 'opened_at', type: 'timestamptz', nullable: true })
  openedAt!: Date | null;

  /** EU procedures (§ 55 Abs. 2 VgV): who started the opening, when, and the witness named for it */
  @Column({ name: 'opening_started_by', type: 'uuid', nullable: true })
  openingStartedBy!: string | null;

  @Column({ name: 'opening_started_at', type: 'timestamptz', nullable: true })
  openingStartedAt!: Date | null;

  @Column({ name: 'opening_witness_id', type: 'uuid', nullable: true })
  openingWitnessId!: string | null;

  /** the second person who confirmed the opening */
  @Column({ name: 'opening_confirmed_by', type: 'uuid', nullable: true })
  openingConfirmedBy!: string | null;

  @Column({ name: 'awarded_at', type: 'timestamptz', nullable: true })
  awardedAt!: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

@Entity('tender_lots')
@Index('IDX_tender_lots_key', ['tenderId', 'key'], { unique: true })
@Check('CHK_tender_lots_status', `status IN ('open', 'awarded', 'unsuccessful')`)
export class TenderLotEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tender_id', type: 'uuid' })
  tenderId!: string;

  @ManyToOne(() => TenderEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tender_id', foreignKeyConstraintName: 'FK_tender_lots_tender' })
  tender?: TenderEntity;

  @Column({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ name: 'estimated_value_cents', type: 'bigint' })
  estimatedValueCents!: string;

  @Column({ type: 'text', default: 'open' })
  status!: 'open' | 'awarded' | 'unsuccessful';
}

/** One CPV code and unit of a lot with the aggregated quantity and its delivery places. */
@Entity('tender_items')
@Index('IDX_tender_items_lot', ['lotId'])
@Index('IDX_tender_items_tender', ['tenderId'])
export class TenderItemEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tender_id', type: 'uuid' })
  tenderId!: string;

  @ManyToOne(() => TenderEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tender_id', foreignKeyConstraintName: 'FK_tender_items_tender' })
  tender?: TenderEntity;

  @Column({ name: 'lot_id', type: 'uuid' })
  lotId!: string;

  @ManyToOne(() => TenderLotEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lot_id', foreignKeyConstraintName: 'FK_tender_items_lot' })
  lot?: TenderLotEntity;

  @Column({ name: 'cpv_code', type: 'text' })
  cpvCode!: string;

  @Column({ type: 'text' })
  unit!: string;

  /** the product specification of the item's demands (null: none given) */
  @Column({ name: 'specification_key', type: 'text', nullable: true })
  specificationKey!: string | null;

  @Column({ name: 'specification_text', type: 'text', nullable: true })
  specificationText!: string | null;

  /** the delivery district of the item (items are grouped by it); null for items drafted before */
  @Column({ name: 'district_key', type: 'char', length: 5, nullable: true })
  districtKey!: string | null;

  @Column({ type: 'numeric', precision: 18, scale: 3 })
  quantity!: string;

  @Column({ name: 'estimated_value_cents', type: 'bigint' })
  estimatedValueCents!: string;

  /** AGS of the delivery places */
  @Column({ name: 'delivery_ags', type: 'text', array: true })
  deliveryAgs!: string[];

  @Column({ type: 'integer' })
  position!: number;
}

/** What each participating organisation brings to an item: frozen when the tender is drafted. */
@Entity('tender_item_shares')
@Index('IDX_tender_item_shares_tender_org', ['tenderId', 'organisationId'])
export class TenderItemShareEntity {
  @PrimaryColumn({ name: 'item_id', type: 'uuid' })
  itemId!: string;

  @ManyToOne(() => TenderItemEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'FK_tender_item_shares_item' })
  item?: TenderItemEntity;

  @PrimaryColumn({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Column({ name: 'tender_id', type: 'uuid' })
  tenderId!: string;

  @Column({ type: 'numeric', precision: 18, scale: 3 })
  quantity!: string;

  @Column({ name: 'estimated_value_cents', type: 'bigint' })
  estimatedValueCents!: string;
}

/** A sustainability criterion placed in one tender phase (award criteria carry a weight). */
@Entity('tender_criteria')
@Check('CHK_tender_criteria_phase', `phase IN ('specification', 'qualification', 'award', 'performance')`)
@Check('CHK_tender_criteria_weight', `(phase = 'award') = (weight IS NOT NULL)`)
export class TenderCriterionEntity {
  @PrimaryColumn({ name: 'tender_id', type: 'uuid' })
  tenderId!: string;

  @ManyToOne(() => TenderEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tender_id', foreignKeyConstraintName: 'FK_tender_criteria_tender' })
  tender?: TenderEntity;

  @PrimaryColumn({ type: 'text' })
  code!: string;

  @PrimaryColumn({ type: 'text' })
  phase!: string;

  @Column({ type: 'numeric', precision: 5, scale: 2, nullable: true })
  weight!: string | null;

  /** the parameter chosen, as text (e.g. `DE-UZ 14a`, `mindestens 50 %`) */
  @Column({ type: 'text', nullable: true })
  detail!: string | null;

  /** the keys of the lots the criterion applies to; null: every lot of the tender */
  @Column({ name: 'lot_keys', type: 'text', array: true, nullable: true })
  lotKeys!: string[] | null;

  /** a valued criterion outside the award phase: the limit an offer must keep (at least or at most, by the catalogue) */
  @Column({ type: 'numeric', precision: 14, scale: 4, nullable: true })
  value!: string | null;

  /** a valued award criterion: its rule (`{ rule: 'linear', floor, best }` or `{ rule: 'thresholds', thresholds }`) */
  @Column({ type: 'jsonb', nullable: true })
  scoring!: unknown;
}

/**
 * A supplier's sealed offer for one lot (§§ 54, 55 VgV): the content (prices, criteria) is
 * stored only as AES-256-GCM ciphertext, bound to its row by the additional authenticated
 * data; it is decrypted only for the coordinator after the submission deadline.
 */
@Entity('offers')
@Index('IDX_offers_lot_supplier', ['lotId', 'supplierOrganisationId'], { unique: true })
@Index('IDX_offers_tender', ['tenderId'])
export class OfferEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tender_id', type: 'uuid' })
  tenderId!: string;

  @ManyToOne(() => TenderEntity, { nullable: false })
  @JoinColumn({ name: 'tender_id', foreignKeyConstraintName: 'FK_offers_tender' })
  tender?: TenderEntity;

  @Column({ name: 'lot_id', type: 'uuid' })
  lotId!: string;

  @ManyToOne(() => TenderLotEntity, { nullable: false })
  @JoinColumn({ name: 'lot_id', foreignKeyConstraintName: 'FK_offers_lot' })
  lot?: TenderLotEntity;

  @Column({ name: 'supplier_organisation_id', type: 'uuid' })
  supplierOrganisationId!: string;

  @ManyToOne(() => OrganisationEntity, { nullable: false })
  @JoinColumn({ name: 'supplier_organisation_id', foreignKeyConstraintName: 'FK_offers_supplier' })
  supplier?: OrganisationEntity;

  @Column({ name: 'submitted_by', type: 'uuid', nullable: true })
  submittedBy!: string | null;

  /** 1 for the first submission, +1 for each replacement */
  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'bytea' })
  ciphertext!: Buffer;

  @Column({ type: 'bytea' })
  iv!: Buffer;

  @Column({ name: 'auth_tag', type: 'bytea' })
  authTag!: Buffer;

  /** which key sealed it (a fingerprint, for key rotation) */
  @Column({ name: 'key_id', type: 'text' })
  keyId!: string;

  /** the supplier's receipt: SHA-256 over the salt, the offer's identity and its content (see OfferVault) */
  @Column({ type: 'text' })
  digest!: string;

  /** the per-offer random salt of the digest (hex); null for offers sealed before salted receipts */
  @Column({ name: 'digest_salt', type: 'text', nullable: true })
  digestSalt!: string | null;

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt!: Date;
}

/** The award of a lot (Zuschlag). */
@Entity('tender_awards')
export class TenderAwardEntity {
  @PrimaryColumn({ name: 'lot_id', type: 'uuid' })
  lotId!: string;

  @ManyToOne(() => TenderLotEntity, { nullable: false })
  @JoinColumn({ name: 'lot_id', foreignKeyConstraintName: 'FK_tender_awards_lot' })
  lot?: TenderLotEntity;

  @Index('IDX_tender_awards_tender')
  @Column({ name: 'tender_id', type: 'uuid' })
  tenderId!: string;

  @Column({ name: 'offer_id', type: 'uuid' })
  offerId!: string;

  @ManyToOne(() => OfferEntity, { nullable: false })
  @JoinColumn({ name: 'offer_id', foreignKeyConstraintName: 'FK_tender_awards_offer' })
  offer?: OfferEntity;

  @Column({ name: 'supplier_organisation_id', type: 'uuid' })
  supplierOrganisationId!: string;

  @Column({ name: 'value_cents', type: 'bigint' })
  valueCents!: string;

  /** false when the coordinator chose another than the best-scored offer (then `reason` says why) */
  @Column({ name: 'best_ranked', type: 'boolean' })
  bestRanked!: boolean;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  /** the evaluation at the time of the award: every offer's score, with its parts */
  @Column({ type: 'jsonb' })
  evaluation!: unknown;

  @Column({ name: 'awarded_by', type: 'uuid', nullable: true })
  awardedBy!: string | null;

  @Column({ name: 'awarded_at', type: 'timestamptz' })
  awardedAt!: Date;

  /** the calendar days of the standstill (§ 134 GWB; 0 for a national procedure without one) */
  @Column({ name: 'standstill_days', type: 'integer', default: 0 })
  standstillDays!: number;

  /** the first instant the lot's contracts may be concluded (null for awards made before the standstill existed) */
  @Column({ name: 'earliest_conclusion_at', type: 'timestamptz', nullable: true })
  earliestConclusionAt!: Date | null;
}

/** Each participant's share of an awarded item: quantity and value, summing to the awarded totals. */
@Entity('tender_allocations')
@Index('IDX_tender_allocations_tender_org', ['tenderId', 'organisationId'])
export class TenderAllocationEntity {
  @PrimaryColumn({ name: 'item_id', type: 'uuid' })
  itemId!: string;

  @ManyToOne(() => TenderItemEntity, { nullable: false })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'FK_tender_allocations_item' })
  item?: TenderItemEntity;

  @PrimaryColumn({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Column({ name: 'tender_id', type: 'uuid' })
  tenderId!: string;

  @Column({ name: 'lot_id', type: 'uuid' })
  lotId!: string;

  @Column({ type: 'numeric', precision: 18, scale: 3 })
  quantity!: string;

  @Column({ name: 'value_cents', type: 'bigint' })
  valueCents!: string;
}
