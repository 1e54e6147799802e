import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum OrganisationType {
  Municipality = 'municipality',
  District = 'district',
  /** kreisfreie Stadt: a municipality that is its own district */
  City = 'city',
  CentralPurchasingBody = 'central_purchasing_body',
  Supplier = 'supplier',
}

export const PUBLIC_BODY_TYPES: readonly OrganisationType[] = [
  OrganisationType.Municipality,
  OrganisationType.District,
  OrganisationType.City,
  OrganisationType.CentralPurchasingBody,
];

export interface PostalAddress {
  street: string;
  postalCode: string;
  city: string;
  country: string;
}

@Entity('organisations')
@Check('CHK_organisations_type', `type IN ('municipality', 'district', 'city', 'central_purchasing_body', 'supplier')`)
@Check('CHK_organisations_join_mandate', `join_mandate_above_cents IS NULL OR join_mandate_above_cents >= 0`)
@Index('IDX_organisations_type_district', ['type', 'districtKey'])
// trigram (GIN) index for the name search on the folded name; made by the migration (expression beyond TypeORM)
@Index('IDX_organisations_name_trgm', { synchronize: false })
export class OrganisationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  type!: OrganisationType;

  @Column({ type: 'text' })
  name!: string;

  /** Amtlicher Gemeindeschlüssel (8 digits) of a municipality or kreisfreie Stadt */
  @Index({ unique: true, where: 'ags IS NOT NULL' })
  @Column({ type: 'char', length: 8, nullable: true })
  ags!: string | null;

  /** Kreisschlüssel (5 digits): a district's own key, or the district a municipality lies in */
  @Index()
  @Column({ name: 'district_key', type: 'char', length: 5, nullable: true })
  districtKey!: string | null;

  @Column({ type: 'text', nullable: true })
  nuts3!: string | null;

  @Column({ type: 'integer', nullable: true })
  population!: number | null;

  @Column({ name: 'land_key', type: 'char', length: 2, nullable: true })
  landKey!: string | null;

  /** Destatis type label, e.g. "Landkreis", "Große Kreisstadt" */
  @Column({ name: 'official_type', type: 'text', nullable: true })
  officialType!: string | null;

  /** stable key of reference-data rows (`ags:14524010`, `kreis:14524`); null for organisations made in the app */
  @Index({ unique: true, where: 'reference_key IS NOT NULL' })
  @Column({ name: 'reference_key', type: 'text', nullable: true })
  referenceKey!: string | null;

  @Index({ unique: true, where: 'vat_id IS NOT NULL' })
  @Column({ name: 'vat_id', type: 'text', nullable: true })
  vatId!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  address!: PostalAddress | null;

  @Column({ name: 'contact_name', type: 'text', nullable: true })
  contactName!: string | null;

  /** the procurement office's e-mail and telephone, as public notices name them (eForms BT-506, BT-503) */
  @Column({ name: 'contact_email', type: 'text', nullable: true })
  contactEmail!: string | null;

  @Column({ name: 'contact_phone', type: 'text', nullable: true })
  contactPhone!: string | null;

  @Column({ type: 'text', nullable: true })
  website!: string | null;

  /** suppliers: `micro`, `small`, `medium` or `large` (eForms BT-165, for award notices) */
  @Column({ name: 'company_size', type: 'text', nullable: true })
  companySize!: string | null;

  /**
   * public bodies: a join to a bundle worth more than this (net cents) needs a decision of the
   * council or the mayor; until it is recorded the join is provisional. Null: no mandate needed.
   */
  @Column({ name: 'join_mandate_above_cents', type: 'bigint', nullable: true })
  joinMandateAboveCents!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
