import { Injectable } from '@nestjs/common';
import { AuthUser } from '@buendel/auth';
import { NotFoundException } from '@buendel/errors';
import { Page, pageRequest } from '@buendel/http';
import { NotificationDto, NotificationQueryDto } from './http/notification.dto';
import { NotificationRow, NotificationsRepository } from './notifications.repository';

function toDto(r: NotificationRow): NotificationDto {
  return {
    id: r.id,
    kind: r.kind,
    subjectId: r.subject_id,
    title: r.title,
    data: r.data,
    createdAt: r.created_at.toISOString(),
    readAt: r.read_at?.toISOString() ?? null,
  };
}

/** Notifications of the user's organisation (every user of it sees the same ones). */
@Injectable()
export class NotificationsService {
  constructor(private readonly repo: NotificationsRepository) {}

  list(user: AuthUser, query: NotificationQueryDto): Promise<Page<NotificationDto>> {
    return this.repo.page(user.organisationId, Boolean(query.unread), pageRequest(query), toDto);
  }

  async markRead(user: AuthUser, id: string): Promise<NotificationDto> {
    const row = await this.repo.markRead(user.organisationId, id);
    if (!row) throw new NotFoundException('Notification', id);
    return toDto(row);
  }

  /**
   * When a bundle opens: one notification per organisation with open demands that fit it
   * (checkDemandAgainstBundle, in SQL), idempotent.
   */
  notifyMatchingBuyers(bundleId: string): Promise<number> {
    return this.repo.notifyMatchingBuyers(bundleId);
  }
}
