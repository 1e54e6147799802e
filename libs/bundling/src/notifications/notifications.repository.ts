import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Page, PageRequest } from '@buendel/http';
import { queryPage, queryRows } from '@buendel/persistence';

export interface NotificationRow {
  id: string;
  kind: string;
  subject_id: string;
  title: string;
  data: Record<string, unknown>;
  created_at: Date;
  read_at: Date | null;
}

const COLUMNS = `id, kind, subject_id, title, data, created_at, read_at`;

/** The statements of notifications, one named method each. */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** an organisation's notifications, newest first; only the unread ones if asked */
  page<T>(
    organisationId: string,
    unreadOnly: boolean,
    request: PageRequest,
    toItem: (r: NotificationRow) => T,
  ): Promise<Page<T>> {
    return queryPage(
      this.dataSource,
      request,
      {
        select: `SELECT ${COLUMNS} FROM notifications`,
        countFrom: 'notifications',
        where: `organisation_id = $1${unreadOnly ? ' AND read_at IS NULL' : ''}`,
        whereParams: [organisationId],
        orderBy: 'created_at DESC, id',
      },
      toItem,
    );
  }

  /** marks it read (the first time counts); undefined when the organisation has no such notification */
  async markRead(organisationId: string, id: string): Promise<NotificationRow | undefined> {
    const [row] = await queryRows<NotificationRow>(
      this.dataSource,
      `UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = $1 AND organisation_id = $2
       RETURNING ${COLUMNS}`,
      [id, organisationId],
    );
    return row;
  }

  /**
   * When a bundle opens: one notification per organisation with open demands that fit it, in
   * one statement; idempotent by the unique (organisation, kind, subject). "Fit" is the SQL form
   * of checkDemandAgainstBundle in @buendel/domain (the one source: scope, region, overlapping
   * delivery window, no criterion beyond the bundle's); test/integration/notifications.repository
   * .integration-spec.ts checks it against the rule. Returns how many it added.
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
