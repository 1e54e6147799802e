import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '@buendel/clock';
import { MailService } from '@buendel/mail';
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
  constructor(
    private readonly repo: NotificationsRepository,
    private readonly mail: MailService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * The join-deadline reminders due now (by the Clock): 3 days and 1 day before a bundle's
   * deadline, to every organisation that joined it or was told it fits, as a notification and a
   * mail to its buyers and coordinators who want them. Run by every sweep (the database is the
   * source of truth: a reminder missed while no worker ran goes out at the next sweep, until the
   * next reminder or the deadline takes over); idempotent. Returns how many organisations it told.
   * `only`: these bundles alone (a test with a moved clock must not remind other tests' bundles).
   */
  async sendDueReminders(only?: { bundleIds: string[] }): Promise<number> {
    const now = this.clock.now();
    let told = 0;
    for (const [days, laterDays] of [
      [1, 0],
      [3, 1],
    ] as const) {
      told += await this.dataSource.transaction(async (manager) => {
        const due = await this.repo.addDueReminders(manager, now, days, laterDays, only?.bundleIds);
        for (const reminder of due) {
          const facts = await this.repo.bundleMailFacts(manager, reminder.bundleId, []);
          await this.mail.enqueueToOrganisations(
            manager,
            [reminder.organisationId],
            {
              template: 'bundle.join-deadline-reminder',
              params: {
                bundleTitle: facts.title,
                coordinatorName: facts.coordinatorName,
                joinDeadline: new Date(facts.joinDeadline).toISOString(),
                daysLeft: days,
                joinedDemandTitles: reminder.joinedDemandTitles,
                matchingDemandTitles: reminder.matchingDemandTitles,
                link: this.mail.link(`/buendel/${reminder.bundleId}`),
              },
              subjectId: reminder.bundleId,
              onceKey: `bundle.join-deadline-reminder:${reminder.bundleId}:${days}`,
            },
            ['buyer', 'coordinator'],
          );
        }
        return due.length;
      });
    }
    return told;
  }

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
   * (checkDemandAgainstBundle, in SQL), idempotent; and in the same transaction a mail to each
   * of its buyers and coordinators who want them (bundle matches), naming the demands that fit.
   */
  notifyMatchingBuyers(bundleId: string): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const added = await this.repo.notifyMatchingOrganisations(bundleId, manager);
      if (added.length === 0) return 0;
      const facts = await this.repo.bundleMailFacts(
        manager,
        bundleId,
        added.flatMap((a) => a.demandIds),
      );
      for (const { organisationId, demandIds } of added) {
        await this.mail.enqueueToOrganisations(
          manager,
          [organisationId],
          {
            template: 'bundle.matching-opened',
            params: {
              bundleTitle: facts.title,
              coordinatorName: facts.coordinatorName,
              joinDeadline: new Date(facts.joinDeadline).toISOString(),
              demandTitles: demandIds.map((id) => facts.demandTitles.get(id) ?? id),
              link: this.mail.link(`/buendel/${bundleId}`),
            },
            subjectId: bundleId,
            onceKey: `bundle.matching-opened:${bundleId}`,
          },
          ['buyer', 'coordinator'],
        );
      }
      return added.length;
    });
  }
}
