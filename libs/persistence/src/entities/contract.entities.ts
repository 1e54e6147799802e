import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OrganisationEntity } from './organisation.entity';
import { OfferEntity, TenderEntity, TenderLotEntity } from './tender.entities';

/**
 * The information letter of § 134 GWB: after the award decision of a lot every bidder of the lot
 * is told the winner's name, why its own offer lost (or that it won) and the earliest date of
 * conclusion. One per lot and bidder; stored as sent.
 */
@Entity('tender_information_letters')
@Index('IDX_tender_information_letters_lot_supplier', ['lotId', 'supplierOrganisationId'], { unique: true })
@Index('IDX_tender_information_letters_supplier', ['supplierOrganisationId'])
@Check('CHK_tender_information_letters_outcome', `outcome IN ('awarded', 'not-awarded')`)
@Check('CHK_tender_information_letters_channel', `channel IN ('electronic', 'other')`)
export class TenderInformationLetterEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('IDX_tender_information_letters_tender')
  @Column({ name: 'tender_id', type: 'uuid' })
  tenderId!: string;

  @ManyToOne(() => TenderEntity, { nullable: false })
  @JoinColumn({ name: 'tender_id', foreignKeyConstraintName: 'FK_tender_information_letters_tender' })
  tender?: TenderEntity;

  @Column({ name: 'lot_id', type: 'uuid' })
  lotId!: string;

  @ManyToOne(() => TenderLotEntity, { nullable: false })
  @JoinColumn({ name: 'lot_id', foreignKeyConstraintName: 'FK_tender_information_letters_lot' })
  lot?: TenderLotEntity;

  @Column({ name: 'offer_id', type: 'uuid' })
  offerId!: string;

  @ManyToOne(() => OfferEntity, { nullable: false })
  @JoinColumn({ name: 'offer_id', foreignKeyConstraintName: 'FK_tender_information_letters_offer' })
  offer?: OfferEntity;

  @Column({ name: 'supplier_organisation_id', type: 'uuid' })
  supplierOrganisationId!: string;

  @ManyToOne(() => OrganisationEntity, { nullable: false })
  @JoinColumn({ name: 'supplier_organisation_id', foreignKeyConstraintName: 'FK_tender_information_letters_supplier' })
  supplier?: OrganisationEntity;

  @Column({ type: 'text' })
  outcome!: 'awarded' | 'not-awarded';

  @Column({ name: 'winner_name', type: 'text' })
  winnerName!: string;

  /** the offer's rank in the evaluation (null when it was excluded) */
  @Column({ type: 'integer', nullable: true })
  rank!: number | null;

  @Column({ name: 'total_points', type: 'numeric', precision: 7, scale: 2, nullable: true })
  totalPoints!: string | null;

  /** why the offer lost: its rank and score, or the reasons of its exclusion (German) */
  @Column({ type: 'jsonb' })
  reasons!: string[];

  /** the letter as sent (German) */
  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'text', default: 'electronic' })
  channel!: 'electronic' | 'other';

  @Column({ name: 'sent_at', type: 'timestamptz' })
  sentAt!: Date;

  /** the first instant the contract may be concluded (§ 134 Abs. 2 GWB) */
  @Column({ name: 'earliest_conclusion_at', type: 'timestamptz' })
  earliestConclusionAt!: Date;
}

/**
 * The contract of one participating organisation for one lot, concluded by the coordinator
 * after the standstill; its items and quantities are the organisation's allocations of the lot.
 */
@Entity('tender_contracts')
@Index('IDX_tender_contracts_lot_organisation', ['lotId', 'organisationId'], { unique: true })
@Index('IDX_tender_contracts_number', ['number'], { unique: true })
@Index('IDX_tender_contracts_organisation', ['organisationId'])
@Index('IDX_tender_contracts_supplier', ['supplierOrganisationId'])
@Check('CHK_tender_contracts_term', `term_to >= term_from`)
export class TenderContractEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** e.g. BUENDEL-1A2B3C4D-L1-03 */
  @Column({ type: 'text' })
  number!: string;

  @Index('IDX_tender_contracts_tender')
  @Column({ name: 'tender_id', type: 'uuid' })
  tenderId!: string;

  @ManyToOne(() => TenderEntity, { nullable: false })
  @JoinColumn({ name: 'tender_id', foreignKeyConstraintName: 'FK_tender_contracts_tender' })
  tender?: TenderEntity;

  @Column({ name: 'lot_id', type: 'uuid' })
  lotId!: string;

  @ManyToOne(() => TenderLotEntity, { nullable: false })
  @JoinColumn({ name: 'lot_id', foreignKeyConstraintName: 'FK_tender_contracts_lot' })
  lot?: TenderLotEntity;

  /** the buyer: the participating organisation */
  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { nullable: false })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'FK_tender_contracts_organisation' })
  organisation?: OrganisationEntity;

  @Column({ name: 'supplier_organisation_id', type: 'uuid' })
  supplierOrganisationId!: string;

  @ManyToOne(() => OrganisationEntity, { nullable: false })
  @JoinColumn({ name: 'supplier_organisation_id', foreignKeyConstraintName: 'FK_tender_contracts_supplier' })
  supplier?: OrganisationEntity;

  @Column({ name: 'offer_id', type: 'uuid' })
  offerId!: string;

  @ManyToOne(() => OfferEntity, { nullable: false })
  @JoinColumn({ name: 'offer_id', foreignKeyConstraintName: 'FK_tender_contracts_offer' })
  offer?: OfferEntity;

  @Column({ name: 'value_cents', type: 'bigint' })
  valueCents!: string;

  @Column({ name: 'term_from', type: 'date' })
  termFrom!: string;

  @Column({ name: 'term_to', type: 'date' })
  termTo!: string;

  @Column({ name: 'concluded_at', type: 'timestamptz' })
  concludedAt!: Date;

  @Column({ name: 'concluded_by', type: 'uuid', nullable: true })
  concludedBy!: string | null;
}
