import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLog } from '@buendel/audit';
import { ALL_MAIL_CATEGORIES, MAIL_CATEGORIES, MailCategory, wantsMail } from '@buendel/mail';
import { MailPreferencesDto, MailPreferencesResponse } from './mail-preferences.dto';

/** Which mails a user gets, per category (users.mail_preferences; a category not stored is on). */
@Injectable()
export class MailPreferencesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async get(userId: string): Promise<MailPreferencesResponse> {
    const [row] = await this.dataSource.query<Array<{ preferences: Record<string, boolean> }>>(
      `SELECT mail_preferences AS preferences FROM users WHERE id = $1`,
      [userId],
    );
    return view(row?.preferences ?? {});
  }

  async update(userId: string, dto: MailPreferencesDto): Promise<MailPreferencesResponse> {
    const changes: Record<string, boolean> = {};
    for (const category of ALL_MAIL_CATEGORIES) {
      const value = dto[category];
      if (typeof value === 'boolean' && !MAIL_CATEGORIES[category].required) changes[category] = value;
    }
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE users SET mail_preferences = mail_preferences || $2::jsonb WHERE id = $1`, [
        userId,
        JSON.stringify(changes),
      ]);
      const [row] = await manager.query<Array<{ preferences: Record<string, boolean> }>>(
        `SELECT mail_preferences AS preferences FROM users WHERE id = $1`,
        [userId],
      );
      await this.audit.record(manager, {
        action: 'user.mail-preferences-changed',
        entityType: 'user',
        entityId: userId,
        data: { changes },
      });
      return view(row?.preferences ?? {});
    });
  }
}

function view(preferences: Record<string, boolean>): MailPreferencesResponse {
  return {
    items: ALL_MAIL_CATEGORIES.map((category: MailCategory) => ({
      category,
      label: MAIL_CATEGORIES[category].label,
      required: MAIL_CATEGORIES[category].required,
      enabled: wantsMail(preferences, category),
    })),
  };
}
