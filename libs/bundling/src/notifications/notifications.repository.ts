import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
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
  async notifyMatchingBuyers(bundleId: string, manager?: EntityManager): Promise<number> {
    return (await this.notifyMatchingOrganisations(bundleId, manager)).length;
  }

  /** the same, returning each organisation it notified and its demands that fit */
  async notifyMatchingOrganisations(
    bundleId: string,
    manager?: EntityManager,
  ): Promise<Array<{ organisationId: string; demandIds: string[] }>> {
    const rows = await (manager ?? this.dataSource).query<
      Array<{ organisation_id: string; data: { demandIds: string[] } }>
    >(
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
       RETURNING organisation_id, data`,
      [bundleId],
    );
    return rows.map((r) => ({ organisationId: r.organisation_id, demandIds: r.data.demandIds }));
  }

  /**
   * The join-deadline reminders due at `now`, `days` before the deadline (and not yet `laterDays`
   * before it, when the next reminder takes over): one notification per organisation that joined
   * the bundle or was told it fits, idempotent by the notification's unique key, and only for
   * bundles that were open before the reminder's time (a bundle opened later had its opening
   * mail). Returns the organisations it added, with their joined and still matching demands.
   */
  async addDueReminders(
    manager: EntityManager,
    now: Date,
    days: number,
    laterDays: number,
    bundleIds?: string[],
  ): Promise<
    Array<{ organisationId: string; bundleId: string; joinedDemandTitles: string[]; matchingDemandTitles: string[] }>
  > {
    const rows = await manager.query<
      Array<{ organisation_id: string; subject_id: string; joined: string[] | null; matching: string[] | null }>
    >(
      `WITH added AS (
         INSERT INTO notifications (organisation_id, kind, subject_id, title, data)
         SELECT o.org, $4, b.id, 'Beitrittsfrist endet bald: ' || b.title,
                jsonb_build_object('bundleId', b.id, 'joinDeadline', b.join_deadline, 'daysLeft', $2::int)
         FROM bundles b
         CROSS JOIN LATERAL (
           SELECT p.organisation_id AS org FROM bundle_participations p WHERE p.bundle_id = b.id
           UNION
           SELECT n.organisation_id FROM notifications n WHERE n.subject_id = b.id AND n.kind = 'bundle.matching-opened'
         ) o
         WHERE b.status = 'open' AND b.join_deadline > $1
           AND ($5::uuid[] IS NULL OR b.id = ANY($5::uuid[]))
           AND b.join_deadline - make_interval(days => $2) <= $1
           AND b.join_deadline - make_interval(days => $3) > $1
           AND b.created_at < b.join_deadline - make_interval(days => $2)
         ON CONFLICT (organisation_id, kind, subject_id) DO NOTHING
         RETURNING organisation_id, subject_id
       )
       SELECT a.organisation_id, a.subject_id,
              (SELECT array_agg(d.title ORDER BY d.title) FROM bundle_participations p JOIN demands d ON d.id = p.demand_id
               WHERE p.bundle_id = a.subject_id AND p.organisation_id = a.organisation_id) AS joined,
              (SELECT array_agg(d.title ORDER BY d.title) FROM notifications n
               CROSS JOIN LATERAL jsonb_array_elements_text(n.data->'demandIds') AS i(id)
               JOIN demands d ON d.id = i.id::uuid AND d.status = 'open'
               WHERE n.subject_id = a.subject_id AND n.organisation_id = a.organisation_id
                 AND n.kind = 'bundle.matching-opened') AS matching
       FROM added a`,
      [now, days, laterDays, `bundle.join-deadline-reminder-${days}d`, bundleIds ?? null],
    );
    return rows.map((r) => ({
      organisationId: r.organisation_id,
      bundleId: r.subject_id,
      joinedDemandTitles: r.joined ?? [],
      matchingDemandTitles: r.matching ?? [],
    }));
  }

  /** what a mail about a bundle names: its title, deadline and coordinator, and the titles of these demands */
  async bundleMailFacts(
    manager: EntityManager,
    bundleId: string,
    demandIds: string[],
  ): Promise<{ title: string; joinDeadline: Date; coordinatorName: string; demandTitles: Map<string, string> }> {
    const [bundle] = await manager.query<Array<{ title: string; join_deadline: Date; coordinator_name: string }>>(
      `SELECT b.title, b.join_deadline, o.name AS coordinator_name
       FROM bundles b JOIN organisations o ON o.id = b.coordinator_organisation_id WHERE b.id = $1`,
      [bundleId],
    );
    const demands = await manager.query<Array<{ id: string; title: string }>>(
      `SELECT id, title FROM demands WHERE id = ANY($1::uuid[])`,
      [demandIds],
    );
    return {
      title: bundle?.title ?? '',
      joinDeadline: bundle?.join_deadline ?? new Date(0),
      coordinatorName: bundle?.coordinator_name ?? '',
      demandTitles: new Map(demands.map((d) => [d.id, d.title])),
    };
  }
}
