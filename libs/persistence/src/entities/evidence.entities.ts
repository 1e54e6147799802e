import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OrganisationEntity } from './organisation.entity';
import { TenderEntity, TenderLotEntity } from './tender.entities';

/**
 * A piece of a supplier's evidence (certificate, label, LkSG or battery document), kept once
 * and referred to by its offers. The file itself lies outside the database, in the evidence
 * directory under its SHA-256 (content-addressed); the row lists it.
 */
@Entity('supplier_evidence')
@Index('IDX_supplier_evidence_organisation', ['organisationId', 'createdAt'])
@Index('IDX_supplier_evidence_valid_to', ['validTo'])
@Check('CHK_supplier_evidence_validity', `valid_to IS NULL OR valid_from <= valid_to`)
@Check('CHK_supplier_evidence_sha256', `file_sha256 ~ '^[0-9a-f]{64}$'`)
@Check('CHK_supplier_evidence_media_type', `media_type IN ('application/pdf', 'image/png', 'image/jpeg')`)
export class SupplierEvidenceEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'FK_supplier_evidence_organisation' })
  organisation?: OrganisationEntity;

  /** EVIDENCE_KINDS of @buendel/domain */
  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  issuer!: string;

  /** the certificate's, licence's or register's number */
  @Column({ type: 'text' })
  number!: string;

  @Column({ name: 'valid_from', type: 'date' })
  validFrom!: string;

  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo!: string | null;

  @Column({ name: 'file_sha256', type: 'char', length: 64 })
  fileSha256!: string;

  @Column({ name: 'file_name', type: 'text' })
  fileName!: string;

  @Column({ name: 'media_type', type: 'text' })
  mediaType!: string;

  @Column({ name: 'size_bytes', type: 'integer' })
  sizeBytes!: number;

  @Column({ name: 'uploaded_by', type: 'uuid', nullable: true })
  uploadedBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** withdrawn by its owner: no new offer refers to it; offers that did keep it */
  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt!: Date | null;
}

/**
 * What the awarded offer of a lot claims, written at the award (when the offer is open): one row
 * per criterion and piece of evidence it referred to, and one without evidence for a criterion it
 * declared only (self-declared). The coordinator marks each piece of evidence checked, doubtful
 * or refused, with a note; the sustainability report counts a value as sustainable only for
 * evidence checked.
 */
@Entity('award_evidence_claims')
@Index('IDX_award_evidence_claims_lot', ['lotId'])
@Index('IDX_award_evidence_claims_tender_evidence', ['tenderId', 'evidenceId'])
@Check('CHK_award_evidence_claims_verification', `verification IN ('pending', 'checked', 'doubtful', 'refused')`)
@Check('CHK_award_evidence_claims_self_declared', `evidence_id IS NOT NULL OR verification = 'pending'`)
export class AwardEvidenceClaimEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tender_id', type: 'uuid' })
  tenderId!: string;

  @ManyToOne(() => TenderEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tender_id', foreignKeyConstraintName: 'FK_award_evidence_claims_tender' })
  tender?: TenderEntity;

  @Column({ name: 'lot_id', type: 'uuid' })
  lotId!: string;

  @ManyToOne(() => TenderLotEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lot_id', foreignKeyConstraintName: 'FK_award_evidence_claims_lot' })
  lot?: TenderLotEntity;

  @Column({ name: 'offer_id', type: 'uuid' })
  offerId!: string;

  @Column({ name: 'supplier_organisation_id', type: 'uuid' })
  supplierOrganisationId!: string;

  @Column({ type: 'text' })
  code!: string;

  /** null: the criterion was declared without evidence */
  @Column({ name: 'evidence_id', type: 'uuid', nullable: true })
  evidenceId!: string | null;

  @ManyToOne(() => SupplierEvidenceEntity)
  @JoinColumn({ name: 'evidence_id', foreignKeyConstraintName: 'FK_award_evidence_claims_evidence' })
  evidence?: SupplierEvidenceEntity;

  @Column({ type: 'text', default: 'pending' })
  verification!: string;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'verified_by', type: 'uuid', nullable: true })
  verifiedBy!: string | null;

  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true })
  verifiedAt!: Date | null;
}
