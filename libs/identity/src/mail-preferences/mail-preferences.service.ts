import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLog } from '@buendel/audit';
import { ALL_MAIL_CATEGORIES, MAIL_CATEGORIES, MailCategory, wantsMail } from '@buendel/mail';
import { UsersRepository } from '../users.repository';
import { MailPreferencesDto, MailPreferencesResponse } from './mail-preferences.dto';

/** Which mails a user gets, per category (users.mail_preferences; a category not stored is on). */
@Injectable()
export class MailPreferencesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly audit: AuditLog,
  ) {}

  async get(userId: string): Promise<MailPreferencesResponse> {
    return view(await this.users.mailPreferences(userId));
  }

  async update(userId: string, dto: MailPreferencesDto): Promise<MailPreferencesResponse> {
    const changes: Record<string, boolean> = {};
    for (const category of ALL_MAIL_CATEGORIES) {
      const value = dto[category];
      if (typeof value === 'boolean' && !MAIL_CATEGORIES[category].required) changes[category] = value;
    }
    return this.dataSource.transaction(async (manager) => {
      await this.users.mergeMailPreferences(manager, userId, changes);
      const preferences = await this.users.mailPreferences(userId, manager);
      await this.audit.record(manager, {
        action: 'user.mail-preferences-changed',
        entityType: 'user',
        entityId: userId,
        data: { changes },
      });
      return view(preferences);
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
