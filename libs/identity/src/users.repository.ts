import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Role } from '@buendel/auth';

/** what runs a statement: the pool, or a transaction's manager */
type Db = DataSource | EntityManager;

/** the columns an admin may change of a user; a new password also refuses the older tokens */
export interface UserChanges {
  name?: string;
  active?: boolean;
  passwordHash?: string;
}

/**
 * The plain-SQL statements on users, one named method each (the entity reads stay with
 * TypeORM's repository of UserEntity where a whole user is read or written).
 */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** the stored mail preferences (a category not stored is on); empty for an unknown user */
  async mailPreferences(userId: string, db: Db = this.dataSource): Promise<Record<string, boolean>> {
    const [row] = await db.query<Array<{ preferences: Record<string, boolean> }>>(
      `SELECT mail_preferences AS preferences FROM users WHERE id = $1`,
      [userId],
    );
    return row?.preferences ?? {};
  }

  /** the users with these addresses (as stored: lower case), with their role and organisation */
  byEmails(emails: string[]): Promise<Array<{ id: string; email: string; role: Role; organisation_id: string }>> {
    return this.dataSource.query(`SELECT id, email, role, organisation_id FROM users WHERE email = ANY($1::text[])`, [
      emails,
    ]);
  }

  /** stores these categories, keeping the others */
  async mergeMailPreferences(manager: EntityManager, userId: string, changes: Record<string, boolean>): Promise<void> {
    await manager.query(`UPDATE users SET mail_preferences = mail_preferences || $2::jsonb WHERE id = $1`, [
      userId,
      JSON.stringify(changes),
    ]);
  }

  /** the display name of an active user, its row locked until the transaction ends; undefined if inactive or missing */
  async lockActiveName(manager: EntityManager, userId: string): Promise<string | undefined> {
    const [row] = await manager.query<Array<{ name: string }>>(
      `SELECT name FROM users WHERE id = $1 AND active FOR UPDATE`,
      [userId],
    );
    return row?.name;
  }

  async setName(manager: EntityManager, userId: string, name: string): Promise<void> {
    await manager.query(`UPDATE users SET name = $2, updated_at = now() WHERE id = $1`, [userId, name]);
  }

  /**
   * Changes the given columns; a new password hash also sets tokens_valid_after (to the second,
   * as tokens carry it), so that the tokens issued before it are refused.
   */
  async change(manager: EntityManager, userId: string, changes: UserChanges): Promise<void> {
    const sets: string[] = [];
    const params: unknown[] = [userId];
    if (changes.name !== undefined) sets.push(`name = $${params.push(changes.name)}`);
    if (changes.active !== undefined) sets.push(`active = $${params.push(changes.active)}`);
    if (changes.passwordHash !== undefined) {
      sets.push(
        `password_hash = $${params.push(changes.passwordHash)}`,
        `tokens_valid_after = date_trunc('second', now())`,
      );
    }
    await manager.query(`UPDATE users SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, params);
  }
}
