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

/**
 * The PostgreSQL channel on which a trigger announces (payload: the user id) that a user's
 * active state, role, organisation or token validity changed, or that the user was deleted.
 */
export const USER_CHANGED_CHANNEL = 'buendel_user_changed';

export type UserRole = 'buyer' | 'coordinator' | 'supplier' | 'admin';

@Entity('users')
@Check('CHK_users_role', `role IN ('buyer', 'coordinator', 'supplier', 'admin')`)
@Check('CHK_users_email_lower', `email = lower(email)`)
@Check('CHK_users_name', `btrim(name) <> ''`)
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index()
  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { nullable: false })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'FK_users_organisation' })
  organisation?: OrganisationEntity;

  /** stored lower-case; unique */
  @Index({ unique: true })
  @Column({ type: 'text' })
  email!: string;

  /** the display name the record and the audit trail show ("Katrin Weber") */
  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'password_hash', type: 'text', select: false })
  passwordHash!: string;

  @Column({ type: 'text' })
  role!: UserRole;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /**
   * Access tokens issued before this moment (whole seconds) are refused: set when the user is
   * deactivated (by a trigger, whoever does it) or gets a new password.
   */
  @Column({ name: 'tokens_valid_after', type: 'timestamptz', nullable: true })
  tokensValidAfter!: Date | null;

  /**
   * the mails the user switched off or on, by category (`{ "bundle-matches": false }`); a
   * category not named is on; the legally required ones (information letters) are sent anyway
   */
  @Column({ name: 'mail_preferences', type: 'jsonb', default: () => `'{}'` })
  mailPreferences!: Record<string, boolean>;

  @Column({ name: 'last_login_at', type: 'timestamptz', nullable: true })
  lastLoginAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
