import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TenderEntity } from './tender.entities';

export type EformsNoticeKind = 'contract' | 'change' | 'award';

/**
 * An eForms notice of a tender, stored as issued: the XML is never changed (a trigger of the
 * migration refuses every UPDATE); a change of the tender makes a new notice with the next
 * version that references the one before.
 */
@Entity('eforms_notices')
@Index('IDX_eforms_notices_tender_version', ['tenderId', 'version'], { unique: true })
@Check('CHK_eforms_notices_kind', `kind IN ('contract', 'change', 'award')`)
@Check('CHK_eforms_notices_status', `status IN ('ready')`)
export class EformsNoticeEntity {
  /** the notice identifier (BT-701), a UUID v4 */
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tender_id', type: 'uuid' })
  tenderId!: string;

  @ManyToOne(() => TenderEntity, { nullable: false })
  @JoinColumn({ name: 'tender_id', foreignKeyConstraintName: 'FK_eforms_notices_tender' })
  tender?: TenderEntity;

  @Column({ type: 'text' })
  kind!: EformsNoticeKind;

  /** 1, 2, 3, ... per tender, in the order issued */
  @Column({ type: 'integer' })
  version!: number;

  /** eForms notice subtype: 16 (contract notice and its changes) or 29 (award notice) */
  @Column({ type: 'text' })
  subtype!: string;

  /** `ready`: complete and valid, to be submitted to the Datenservice Öffentlicher Einkauf */
  @Column({ type: 'text', default: 'ready' })
  status!: 'ready';

  /** the notice this one changes (BT-758) */
  @Column({ name: 'changes_notice_id', type: 'uuid', nullable: true })
  changesNoticeId!: string | null;

  @Column({ type: 'text' })
  xml!: string;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
