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
import { OrganisationEntity } from './organisation.entity';
import { OfferEntity, TenderEntity, TenderItemEntity, TenderLotEntity } from './tender.entities';

/*
 * Why this file has more than 400 lines: the entities of framework agreements and their call-offs
 * are the tables of one migration (1796217591984-Frameworks) and refer to each other; most of the
 * lines are the column declarations with their comments and checks, one file per context as
 * tender.entities.ts.
 */

/**
 * The plan of a framework agreement on a tender (§ 21 VgV): its term (at most four years, longer
 * with a written reason), how many suppliers per lot join it (in the ranking of the
 * evaluation), and the maximum of every participant and item: `maximum_percent` of the
 * estimate unless `maxima` names one.
 */
@Entity('tender_frameworks')
@Check('CHK_tender_frameworks_term', `term_to >= term_from`)
@Check('CHK_tender_frameworks_suppliers', `suppliers_per_lot BETWEEN 1 AND 10`)
@Check('CHK_tender_frameworks_percent', `maximum_percent BETWEEN 100 AND 1000`)
export class TenderFrameworkEntity {
  @PrimaryColumn({ name: 'tender_id', type: 'uuid' })
  tenderId!: string;

  @ManyToOne(() => TenderEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tender_id', foreignKeyConstraintName: 'FK_tender_frameworks_tender' })
  tender?: TenderEntity;

  @Column({ name: 'term_from', type: 'date' })
  termFrom!: string;

  @Column({ name: 'term_to', type: 'date' })
  termTo!: string;

  @Column({ name: 'term_reason', type: 'text', nullable: true })
  termReason!: string | null;

  @Column({ name: 'suppliers_per_lot', type: 'integer', default: 1 })
  suppliersPerLot!: number;

  @Column({ name: 'maximum_percent', type: 'integer', default: 120 })
  maximumPercent!: number;

  /** maxima named per participant and item: `[{ organisationId, itemId, maximumQuantity }]` */
  @Column({ type: 'jsonb', default: () => `'[]'` })
  maxima!: Array<{ organisationId: string; itemId: string; maximumQuantity: number }>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** A framework agreement in force: made when the first lot's contracts of a framework tender are concluded. */
@Entity('frameworks')
@Check('CHK_frameworks_status', `status IN ('active', 'expired', 'exhausted')`)
@Check('CHK_frameworks_term', `term_to >= term_from`)
@Index('IDX_frameworks_status_term', ['status', 'termTo'])
export class FrameworkEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('IDX_frameworks_tender', { unique: true })
  @Column({ name: 'tender_id', type: 'uuid' })
  tenderId!: string;

  @ManyToOne(() => TenderEntity, { nullable: false })
  @JoinColumn({ name: 'tender_id', foreignKeyConstraintName: 'FK_frameworks_tender' })
  tender?: TenderEntity;

  /** e.g. BUENDEL-1A2B3C4D-RV */
  @Index('IDX_frameworks_number', { unique: true })
  @Column({ type: 'text' })
  number!: string;

  @Index('IDX_frameworks_coordinator')
  @Column({ name: 'coordinator_organisation_id', type: 'uuid' })
  coordinatorOrganisationId!: string;

  @ManyToOne(() => OrganisationEntity, { nullable: false })
  @JoinColumn({ name: 'coordinator_organisation_id', foreignKeyConstraintName: 'FK_frameworks_coordinator' })
  coordinator?: OrganisationEntity;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', default: 'active' })
  status!: 'active' | 'expired' | 'exhausted';

  @Column({ name: 'term_from', type: 'date' })
  termFrom!: string;

  @Column({ name: 'term_to', type: 'date' })
  termTo!: string;

  @Column({ name: 'term_reason', type: 'text', nullable: true })
  termReason!: string | null;

  @Column({ name: 'suppliers_per_lot', type: 'integer' })
  suppliersPerLot!: number;

  @Column({ name: 'concluded_at', type: 'timestamptz' })
  concludedAt!: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  /** term: the term passed; exhausted: every maximum is called off */
  @Column({ name: 'end_reason', type: 'text', nullable: true })
  endReason!: string | null;

  @Column({ name: 'expiry_warned_at', type: 'timestamptz', nullable: true })
  expiryWarnedAt!: Date | null;

  /** the running number of the last call-off */
  @Column({ name: 'call_off_count', type: 'integer', default: 0 })
  callOffCount!: number;
}

/** A supplier of a framework lot with its rank (1 = the awarded offer) and the unit prices of its offer. */
@Entity('framework_suppliers')
@Index('IDX_framework_suppliers_rank', ['frameworkId', 'lotId', 'rank'], { unique: true })
@Index('IDX_framework_suppliers_supplier', ['supplierOrganisationId'])
export class FrameworkSupplierEntity {
  @PrimaryColumn({ name: 'framework_id', type: 'uuid' })
  frameworkId!: string;

  @ManyToOne(() => FrameworkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'framework_id', foreignKeyConstraintName: 'FK_framework_suppliers_framework' })
  framework?: FrameworkEntity;

  @PrimaryColumn({ name: 'lot_id', type: 'uuid' })
  lotId!: string;

  @ManyToOne(() => TenderLotEntity, { nullable: false })
  @JoinColumn({ name: 'lot_id', foreignKeyConstraintName: 'FK_framework_suppliers_lot' })
  lot?: TenderLotEntity;

  @PrimaryColumn({ name: 'supplier_organisation_id', type: 'uuid' })
  supplierOrganisationId!: string;

  @ManyToOne(() => OrganisationEntity, { nullable: false })
  @JoinColumn({ name: 'supplier_organisation_id', foreignKeyConstraintName: 'FK_framework_suppliers_supplier' })
  supplier?: OrganisationEntity;

  @Column({ type: 'integer' })
  rank!: number;

  @Column({ name: 'offer_id', type: 'uuid' })
  offerId!: string;

  @ManyToOne(() => OfferEntity, { nullable: false })
  @JoinColumn({ name: 'offer_id', foreignKeyConstraintName: 'FK_framework_suppliers_offer' })
  offer?: OfferEntity;

  /** the unit prices of its offer: `{ itemId: unitPriceEur }` */
  @Column({ type: 'jsonb' })
  prices!: Record<string, number>;
}

/**
 * A participant's estimated and maximum quantity of one item and what it called off so far.
 * The CHECK is the last guard: a call-off past the maximum cannot be stored.
 */
@Entity('framework_quantities')
@Index('IDX_framework_quantities_item_organisation', ['frameworkId', 'itemId', 'organisationId'], { unique: true })
@Index('IDX_framework_quantities_organisation', ['organisationId'])
@Check('CHK_framework_quantities_called_off', `called_off_quantity >= 0 AND called_off_quantity <= maximum_quantity`)
export class FrameworkQuantityEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'framework_id', type: 'uuid' })
  frameworkId!: string;

  @ManyToOne(() => FrameworkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'framework_id', foreignKeyConstraintName: 'FK_framework_quantities_framework' })
  framework?: FrameworkEntity;

  @Column({ name: 'lot_id', type: 'uuid' })
  lotId!: string;

  @ManyToOne(() => TenderLotEntity, { nullable: false })
  @JoinColumn({ name: 'lot_id', foreignKeyConstraintName: 'FK_framework_quantities_lot' })
  lot?: TenderLotEntity;

  @Column({ name: 'item_id', type: 'uuid' })
  itemId!: string;

  @ManyToOne(() => TenderItemEntity, { nullable: false })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'FK_framework_quantities_item' })
  item?: TenderItemEntity;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { nullable: false })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'FK_framework_quantities_organisation' })
  organisation?: OrganisationEntity;

  @Column({ name: 'estimated_quantity', type: 'numeric', precision: 18, scale: 3 })
  estimatedQuantity!: string;

  @Column({ name: 'maximum_quantity', type: 'numeric', precision: 18, scale: 3 })
  maximumQuantity!: string;

  /** ordered and pending call-offs (a failed or cancelled one gives its quantity back) */
  @Column({ name: 'called_off_quantity', type: 'numeric', precision: 18, scale: 3, default: 0 })
  calledOffQuantity!: string;

  /** when the 80 % warning went out */
  @Column({ name: 'warned_at', type: 'timestamptz', nullable: true })
  warnedAt!: Date | null;
}

/**
 * A call-off (Abruf, Einzelauftrag): a contract between the participant and one framework
 * supplier with its own number; directly, by ranking (the first that accepts) or after a
 * mini-competition among the lot's suppliers.
 */
@Entity('framework_call_offs')
@Index('IDX_framework_call_offs_number', ['number'], { unique: true })
@Index('IDX_framework_call_offs_framework', ['frameworkId', 'createdAt'])
@Index('IDX_framework_call_offs_supplier', ['supplierOrganisationId'])
@Check('CHK_framework_call_offs_method', `method IN ('direct', 'ranking', 'mini-competition')`)
@Check('CHK_framework_call_offs_status', `status IN ('offered', 'competition', 'ordered', 'failed', 'cancelled')`)
export class FrameworkCallOffEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'framework_id', type: 'uuid' })
  frameworkId!: string;

  @ManyToOne(() => FrameworkEntity, { nullable: false })
  @JoinColumn({ name: 'framework_id', foreignKeyConstraintName: 'FK_framework_call_offs_framework' })
  framework?: FrameworkEntity;

  @Column({ name: 'lot_id', type: 'uuid' })
  lotId!: string;

  @ManyToOne(() => TenderLotEntity, { nullable: false })
  @JoinColumn({ name: 'lot_id', foreignKeyConstraintName: 'FK_framework_call_offs_lot' })
  lot?: TenderLotEntity;

  @Column({ type: 'text' })
  number!: string;

  /** the buyer: the participating organisation that calls off */
  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { nullable: false })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'FK_framework_call_offs_organisation' })
  organisation?: OrganisationEntity;

  @Column({ type: 'text' })
  method!: string;

  @Column({ type: 'text' })
  status!: string;

  /** the supplier asked (ranking), chosen (direct) or awarded (mini-competition); null while a competition runs */
  @Column({ name: 'supplier_organisation_id', type: 'uuid', nullable: true })
  supplierOrganisationId!: string | null;

  @ManyToOne(() => OrganisationEntity, { nullable: true })
  @JoinColumn({ name: 'supplier_organisation_id', foreignKeyConstraintName: 'FK_framework_call_offs_supplier' })
  supplier?: OrganisationEntity;

  /** ranking: the rank of the supplier asked now */
  @Column({ name: 'offered_rank', type: 'integer', nullable: true })
  offeredRank!: number | null;

  /** mini-competition: offers are sealed until this instant */
  @Column({ name: 'submission_deadline', type: 'timestamptz', nullable: true })
  submissionDeadline!: Date | null;

  @Column({ name: 'value_cents', type: 'bigint', nullable: true })
  valueCents!: string | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'ordered_at', type: 'timestamptz', nullable: true })
  orderedAt!: Date | null;
}

/** An item of a call-off: its quantity, the unit price once a supplier holds it, and what was delivered. */
@Entity('framework_call_off_items')
@Check('CHK_framework_call_off_items_quantity', `quantity > 0`)
@Check('CHK_framework_call_off_items_delivered', `delivered_quantity >= 0 AND delivered_quantity <= quantity`)
export class FrameworkCallOffItemEntity {
  @PrimaryColumn({ name: 'call_off_id', type: 'uuid' })
  callOffId!: string;

  @ManyToOne(() => FrameworkCallOffEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'call_off_id', foreignKeyConstraintName: 'FK_framework_call_off_items_call_off' })
  callOff?: FrameworkCallOffEntity;

  @PrimaryColumn({ name: 'item_id', type: 'uuid' })
  itemId!: string;

  @ManyToOne(() => TenderItemEntity, { nullable: false })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'FK_framework_call_off_items_item' })
  item?: TenderItemEntity;

  @Column({ type: 'numeric', precision: 18, scale: 3 })
  quantity!: string;

  @Column({ name: 'unit_price_eur', type: 'numeric', precision: 14, scale: 4, nullable: true })
  unitPriceEur!: string | null;

  @Column({ name: 'delivered_quantity', type: 'numeric', precision: 18, scale: 3, default: 0 })
  deliveredQuantity!: string;
}

/** A framework supplier's sealed offer for a mini-competition call-off (sealed like a tender's offers). */
@Entity('framework_call_off_offers')
@Index('IDX_framework_call_off_offers_supplier', ['callOffId', 'supplierOrganisationId'], { unique: true })
export class FrameworkCallOffOfferEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'call_off_id', type: 'uuid' })
  callOffId!: string;

  @ManyToOne(() => FrameworkCallOffEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'call_off_id', foreignKeyConstraintName: 'FK_framework_call_off_offers_call_off' })
  callOff?: FrameworkCallOffEntity;

  @Column({ name: 'supplier_organisation_id', type: 'uuid' })
  supplierOrganisationId!: string;

  @ManyToOne(() => OrganisationEntity, { nullable: false })
  @JoinColumn({ name: 'supplier_organisation_id', foreignKeyConstraintName: 'FK_framework_call_off_offers_supplier' })
  supplier?: OrganisationEntity;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'bytea' })
  ciphertext!: Buffer;

  @Column({ type: 'bytea' })
  iv!: Buffer;

  @Column({ name: 'auth_tag', type: 'bytea' })
  authTag!: Buffer;

  @Column({ name: 'key_id', type: 'text' })
  keyId!: string;

  @Column({ type: 'text' })
  digest!: string;

  @Column({ name: 'digest_salt', type: 'text' })
  digestSalt!: string;

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt!: Date;
}

/** A delivery a supplier reports against a call-off item. */
@Entity('framework_deliveries')
@Index('IDX_framework_deliveries_call_off', ['callOffId'])
@Check('CHK_framework_deliveries_quantity', `quantity > 0`)
export class FrameworkDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'call_off_id', type: 'uuid' })
  callOffId!: string;

  @ManyToOne(() => FrameworkCallOffEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'call_off_id', foreignKeyConstraintName: 'FK_framework_deliveries_call_off' })
  callOff?: FrameworkCallOffEntity;

  @Column({ name: 'item_id', type: 'uuid' })
  itemId!: string;

  @ManyToOne(() => TenderItemEntity, { nullable: false })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'FK_framework_deliveries_item' })
  item?: TenderItemEntity;

  @Column({ type: 'numeric', precision: 18, scale: 3 })
  quantity!: string;

  @Column({ name: 'delivered_on', type: 'date' })
  deliveredOn!: string;

  @Column({ name: 'reported_by', type: 'uuid', nullable: true })
  reportedBy!: string | null;

  @Column({ name: 'reported_at', type: 'timestamptz' })
  reportedAt!: Date;
}
