import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OrganisationEntity } from './organisation.entity';

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
