import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OrganisationEntity } from './organisation.entity';
import { UserEntity } from './user.entity';

/**
 * One upload of POST /demands/import. A small file is imported while it arrives and recorded
 * here done, with its report, in the same transaction as its demands. A large one is kept in
 * demand_import_chunks and imported by the worker, which reports its progress here; its
 * demands and its `done` are committed together, so that a failed or interrupted import
 * stores nothing.
 */
@Entity('demand_imports')
@Check('CHK_demand_imports_status', `status IN ('queued', 'running', 'done', 'failed')`)
@Check('CHK_demand_imports_format', `format IN ('csv', 'xlsx')`)
@Index('IDX_demand_imports_organisation', ['organisationId', 'createdAt'])
export class DemandImportEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { nullable: false })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'FK_demand_imports_organisation' })
  organisation?: OrganisationEntity;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @ManyToOne(() => UserEntity, { nullable: false })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'FK_demand_imports_created_by' })
  creator?: UserEntity;

  @Column({ type: 'text' })
  status!: 'queued' | 'running' | 'done' | 'failed';

  @Column({ type: 'text' })
  format!: 'csv' | 'xlsx';

  @Column({ name: 'dry_run', type: 'boolean' })
  dryRun!: boolean;

  @Column({ name: 'file_name', type: 'text', nullable: true })
  fileName!: string | null;

  /** XLSX: the sheet asked for */
  @Column({ type: 'text', nullable: true })
  sheet!: string | null;

  @Column({ name: 'bytes_total', type: 'bigint', default: 0 })
  bytesTotal!: string;

  @Column({ name: 'bytes_read', type: 'bigint', default: 0 })
  bytesRead!: string;

  @Column({ name: 'rows_read', type: 'integer', default: 0 })
  rowsRead!: number;

  @Column({ name: 'rows_stored', type: 'integer', default: 0 })
  rowsStored!: number;

  @Column({ name: 'rows_refused', type: 'integer', default: 0 })
  rowsRefused!: number;

  /** runs of the job so far (a crashed worker's run is repeated from the kept upload) */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ type: 'jsonb', nullable: true })
  report!: Record<string, unknown> | null;

  /** why a failed import stored nothing (status, code, detail, errors) */
  @Column({ type: 'jsonb', nullable: true })
  problem!: Record<string, unknown> | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}

/** the bytes of a queued import's upload, in order; removed when the import is done or failed */
@Entity('demand_import_chunks')
export class DemandImportChunkEntity {
  @PrimaryColumn({ name: 'import_id', type: 'uuid' })
  importId!: string;

  @PrimaryColumn({ type: 'integer' })
  seq!: number;

  @ManyToOne(() => DemandImportEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'import_id', foreignKeyConstraintName: 'FK_demand_import_chunks_import' })
  demandImport?: DemandImportEntity;

  @Column({ type: 'bytea' })
  data!: Buffer;
}
