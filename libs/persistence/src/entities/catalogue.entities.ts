import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** EU thresholds with validity dates (§ 106 GWB, § 3 VgV), loaded from config/thresholds.json at start. */
@Entity('eu_thresholds')
@Check('CHK_eu_thresholds_period', `valid_to IS NULL OR valid_from <= valid_to`)
export class EuThresholdEntity {
  @PrimaryColumn({ type: 'text' })
  category!: string;

  @PrimaryColumn({ name: 'valid_from', type: 'date' })
  validFrom!: string;

  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo!: string | null;

  @Column({ name: 'threshold_cents', type: 'bigint' })
  thresholdCents!: string;

  @Column({ name: 'legal_basis', type: 'text' })
  legalBasis!: string;

  @Column({ type: 'text', nullable: true })
  label!: string | null;
}

/** The sustainability criteria catalogue: seeded from the domain catalogue, extensible by admins. */
@Entity('sustainability_criteria')
@Check('CHK_sustainability_criteria_code', `code ~ '^[A-Z][A-Z0-9_]{1,63}$'`)
export class SustainabilityCriterionEntity {
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @Column({ name: 'name_de', type: 'text' })
  nameDe!: string;

  @Column({ name: 'name_en', type: 'text' })
  nameEn!: string;

  /** specification, qualification, award, performance */
  @Column({ type: 'text', array: true })
  phases!: string[];

  @Column({ type: 'jsonb', nullable: true })
  parameter!: Record<string, unknown> | null;

  @Column({ name: 'cpv_prefixes', type: 'text', array: true, nullable: true })
  cpvPrefixes!: string[] | null;

  @Column({ name: 'legal_reference', type: 'text' })
  legalReference!: string;

  /** the dates of the law it follows, with their validity (CriterionLegalDate of @buendel/domain) */
  @Column({ name: 'legal_dates', type: 'jsonb', nullable: true })
  legalDates!: Array<Record<string, unknown>> | null;

  /** the kinds of suppliers' evidence that prove it; null: any kind */
  @Column({ name: 'evidence_kinds', type: 'text', array: true, nullable: true })
  evidenceKinds!: string[] | null;

  /** true for the criteria that ship with the product (re-seeded at start) */
  @Column({ type: 'boolean', default: false })
  builtin!: boolean;
}
