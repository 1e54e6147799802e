import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { OrganisationEntity } from './organisation.entity';

/** What a supplier wants to hear about: CPV prefixes and, optionally, districts. */
@Entity('supplier_subscriptions')
export class SupplierSubscriptionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('IDX_supplier_subscriptions_supplier')
  @Column({ name: 'supplier_organisation_id', type: 'uuid' })
  supplierOrganisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'supplier_organisation_id', foreignKeyConstraintName: 'FK_supplier_subscriptions_supplier' })
  supplier?: OrganisationEntity;

  @Column({ name: 'cpv_prefixes', type: 'text', array: true })
  cpvPrefixes!: string[];

  /** empty: every region */
  @Column({ name: 'district_keys', type: 'text', array: true, default: () => `'{}'` })
  districtKeys!: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/**
 * The anonymised market view (GET /market/demand): one snapshot of cells, replaced as a whole
 * by the market.refresh job. Cells never name an organisation or a bundle.
 */
@Entity('market_demand_cells')
@Index('IDX_market_demand_cells_cpv', ['cpvPrefix'])
@Index('IDX_market_demand_cells_nuts3', ['nuts3'])
@Index('IDX_market_demand_cells_district', ['districtKey'])
export class MarketDemandCellEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  /** significant CPV digits of the cell (its generalised product) */
  @Column({ name: 'cpv_prefix', type: 'text' })
  cpvPrefix!: string;

  @Column({ name: 'cpv_code', type: 'text' })
  cpvCode!: string;

  @Column({ name: 'cpv_level', type: 'text' })
  cpvLevel!: string;

  @Column({ name: 'region_level', type: 'text' })
  regionLevel!: string;

  @Column({ type: 'text', nullable: true })
  nuts1!: string | null;

  @Column({ type: 'text', nullable: true })
  nuts2!: string | null;

  @Column({ type: 'text', nullable: true })
  nuts3!: string | null;

  @Column({ name: 'district_key', type: 'text', nullable: true })
  districtKey!: string | null;

  @Column({ name: 'period_level', type: 'text' })
  periodLevel!: string;

  @Column({ type: 'text' })
  year!: string;

  @Column({ type: 'text', nullable: true })
  quarter!: string | null;

  @Column({ name: 'organisation_count', type: 'integer' })
  organisationCount!: number;

  @Column({ name: 'bundle_count', type: 'integer' })
  bundleCount!: number;

  /** [{ unit, quantity }] */
  @Column({ type: 'jsonb' })
  quantities!: unknown;

  @Column({ name: 'value_cents', type: 'bigint' })
  valueCents!: string;
}

/** When the market view was computed, from how much (one row). */
@Entity('market_snapshot')
export class MarketSnapshotEntity {
  @PrimaryColumn({ type: 'integer', default: 1 })
  id!: number;

  @Column({ name: 'computed_at', type: 'timestamptz' })
  computedAt!: Date;

  @Column({ name: 'cell_count', type: 'integer' })
  cellCount!: number;

  @Column({ name: 'contribution_count', type: 'integer' })
  contributionCount!: number;
}
