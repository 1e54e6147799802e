import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser } from '@buendel/auth';
import { NotFoundException } from '@buendel/errors';
import { queryRows } from '@buendel/persistence';
import { Page, pageRequest } from '@buendel/http';
import { queryPage } from '@buendel/persistence';
import { NotificationDto, NotificationQueryDto } from './http/notification.dto';

interface NotificationRow {
  id: string;
  kind: string;
  subject_id: string;
  title: string;
  data: Record<string, unknown>;
  created_at: Date;
  read_at: Date | null;
}

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
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(user: AuthUser, query: NotificationQueryDto): Promise<Page<NotificationDto>> {
    const request = pageRequest(query);
    return queryPage(
      this.dataSource,
      request,
      {
        select: `SELECT id, kind, subject_id, title, data, created_at, read_at FROM notifications`,
        countFrom: 'notifications',
        where: `organisation_id = $1${query.unread ? ' AND read_at IS NULL' : ''}`,
        whereParams: [user.organisationId],
        orderBy: 'created_at DESC, id',
      },
      toDto,
    );
  }

  async markRead(user: AuthUser, id: string): Promise<NotificationDto> {
    const rows = await queryRows<NotificationRow>(
      this.dataSource,
      `UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = $1 AND organisation_id = $2
       RETURNING id, kind, subject_id, title, data, created_at, read_at`,
      [id, user.organisationId],
    );
    const row = rows[0];
    if (!row) throw new NotFoundException('Notification', id);
    return toDto(row);
  }

  /**
   * When a bundle opens: one notification per organisation with open demands that fit it
   * (scope, region, overlapping delivery window, no criterion beyond the bundle's), in one
   * statement; idempotent by the unique (organisation, kind, subject).
   */
  async notifyMatchingBuyers(bundleId: string): Promise<number> {
    const rows = await this.dataSource.query<Array<{ id: string }>>(
      `INSERT INTO notifications (organisation_id, kind, subject_id, title, data)
       SELECT d.organisation_id, 'bundle.matching-opened', b.id, 'Neues Bündel für Ihren Bedarf: ' || b.title,
              jsonb_build_object('bundleId', b.id, 'joinDeadline', b.join_deadline, 'demandIds', jsonb_agg(d.id ORDER BY d.id))
       FROM bundles b
       -- the cast keeps the index on (status, district_key): district_key is char(5), district_keys text[]
       JOIN demands d ON d.status = 'open' AND d.district_key = ANY(b.district_keys::bpchar[])
         AND EXISTS (SELECT 1 FROM unnest(b.cpv_prefixes) s(prefix) WHERE left(d.cpv_code, length(s.prefix)) = s.prefix)
         AND d.delivery_from <= b.delivery_to AND b.delivery_from <= d.delivery_to
         AND d.criteria <@ b.mandatory_criteria
       WHERE b.id = $1 AND b.status = 'open'
       GROUP BY d.organisation_id, b.id, b.title, b.join_deadline
       ON CONFLICT (organisation_id, kind, subject_id) DO NOTHING
       RETURNING id`,
      [bundleId],
    );
    return rows.length;
  }
}
