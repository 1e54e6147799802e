import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { OrganisationEntity } from './organisation.entity';
import { CpvCodeEntity, UnitEntity } from './reference.entities';

export type DemandStatusValue = 'draft' | 'open' | 'bundled' | 'tendered' | 'awarded' | 'withdrawn';

/**
 * A Bedarfsmeldung: one organisation's need. Quantities are exact decimals (numeric), the
 * estimated value is integer cents computed once from quantity x unit price (half up), so
 * that set-based sums in SQL are exact. pg returns numeric and bigint as strings.
 */
@Entity('demands')
@Check('CHK_demands_status', `status IN ('draft', 'open', 'bundled', 'tendered', 'awarded', 'withdrawn')`)
@Check('CHK_demands_quantity', `quantity > 0`)
@Check('CHK_demands_unit_price', `unit_price_eur >= 0`)
@Check('CHK_demands_value', `estimated_value_cents >= 0`)
@Check('CHK_demands_window', `delivery_from <= delivery_to`)
@Check('CHK_demands_district', `district_key = substr(delivery_ags, 1, 5)`)
@Check('CHK_demands_specification', `(specification_key IS NULL) = (specification_text IS NULL)`)
@Index('IDX_demands_organisation_status', ['organisationId', 'status'])
// an organisation's demand list, newest first, read from the index's end (no sort of all its demands)
@Index('IDX_demands_organisation_created', ['organisationId', 'createdAt', 'id'])
@Index('IDX_demands_import_key', ['organisationId', 'importKey'], { unique: true, where: 'import_key IS NOT NULL' })
// open demands by region, for matching new bundles
@Index('IDX_demands_status_district', ['status', 'districtKey'])
export class DemandEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { nullable: false })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'FK_demands_organisation' })
  organisation?: OrganisationEntity;

  /** with check digit; references cpv_codes */
  @Column({ name: 'cpv_code', type: 'text' })
  cpvCode!: string;

  @ManyToOne(() => CpvCodeEntity, { nullable: false })
  @JoinColumn({ name: 'cpv_code', referencedColumnName: 'code', foreignKeyConstraintName: 'FK_demands_cpv_code' })
  cpv?: CpvCodeEntity;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  /**
   * the product specification: a short key (`e-transporter-3-5t`) and its text ("E-Transporter
   * 3,5 t"); demands of one CPV code and unit with different keys are different tender items
   */
  @Column({ name: 'specification_key', type: 'text', nullable: true })
  specificationKey!: string | null;

  @Column({ name: 'specification_text', type: 'text', nullable: true })
  specificationText!: string | null;

  @Column({ type: 'numeric', precision: 15, scale: 3 })
  quantity!: string;

  /** UN/ECE Rec. 20 code; references units */
  @Column({ type: 'text' })
  unit!: string;

  @ManyToOne(() => UnitEntity, { nullable: false })
  @JoinColumn({ name: 'unit', referencedColumnName: 'code', foreignKeyConstraintName: 'FK_demands_unit' })
  unitRef?: UnitEntity;

  @Column({ name: 'unit_price_eur', type: 'numeric', precision: 14, scale: 4 })
  unitPriceEur!: string;

  @Column({ name: 'estimated_value_cents', type: 'bigint' })
  estimatedValueCents!: string;

  @Column({ name: 'delivery_from', type: 'date' })
  deliveryFrom!: string;

  @Column({ name: 'delivery_to', type: 'date' })
  deliveryTo!: string;

  /** AGS of the delivery place (8 digits) */
  @Column({ name: 'delivery_ags', type: 'char', length: 8 })
  deliveryAgs!: string;

  /** the district of the delivery place: the first five digits of the AGS (a CHECK keeps them equal) */
  @Column({ name: 'district_key', type: 'char', length: 5 })
  districtKey!: string;

  /** sustainability criterion codes the demand requires */
  @Column({ type: 'text', array: true, default: () => `'{}'` })
  criteria!: string[];

  @Column({ type: 'text' })
  status!: DemandStatusValue;

  /** the row key of a CSV import: a repeated upload updates instead of duplicating */
  @Column({ name: 'import_key', type: 'text', nullable: true })
  importKey!: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
