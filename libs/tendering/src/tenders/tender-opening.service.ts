import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '@buendel/audit';
import { AuthUser } from '@buendel/auth';
import { FieldError, NotFoundException } from '@buendel/errors';
import { MailService } from '@buendel/mail';
import { tenderingError, TenderingErrorCode } from '../tendering.exception';
import { TenderDto } from './http/tender.dto';
import { TendersRepository } from './tenders.repository';
import { TendersService, wrongStatus } from './tenders.service';

/**
 * The opening of a tender's offers (§ 55 VgV): by itself at the submission deadline (the
 * delayed job and the sweep) for national procedures, and by two people of the coordinating
 * organisation for EU procedures (§ 55 Abs. 2 VgV). Split from TendersService along that seam.
 */
@Injectable()
export class TenderOpeningService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly repo: TendersRepository,
    private readonly tenders: TendersService,
    private readonly mail: MailService,
  ) {}

  /** Opens the offers if the tender is published and its deadline has passed (the delayed job and the sweep). */
  async openIfDue(id: string, trigger: 'deadline' | 'sweep'): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.repo.lockDueForOpening(manager, id))) return false;
      await this.repo.markOpened(manager, id);
      // the opening record (§ 55 Abs. 2 VgV): how many offers per lot, not what they say
      const counts = await this.repo.offersPerLot(manager, id);
      await this.audit.record(manager, {
        action: 'tender.opened',
        entityType: 'tender',
        entityId: id,
        data: { trigger, offersPerLot: Object.fromEntries(counts.map((c) => [c.key, c.offers])) },
        actorUserId: null,
        actorOrganisationId: null,
      });
      await this.mailOffersOpened(manager, id, counts, []);
      return true;
    });
  }

  /**
   * POST /tenders/{id}/opening: the first of two people of the coordinating organisation opens an
   * EU procedure's offers after the deadline (§ 55 Abs. 2 VgV); it may name the second (a witness
   * of its own organisation, where it has one coordinator only). National procedures open by themselves.
   */
  async startOpening(user: AuthUser, id: string, witnessUserId?: string): Promise<TenderDto> {
    return this.dataSource.transaction(async (manager) => {
      const tender = await this.tenders.owned(manager, user, id, 'FOR UPDATE');
      if (tender.status !== 'published')
        throw wrongStatus(
          tender,
          'Only a published tender is opened',
          'Nur eine veröffentlichte Ausschreibung wird geöffnet',
        );
      if (tender.regime.scope !== 'EU')
        throw tenderingError(
          TenderingErrorCode.OpeningNotNeeded,
          'National procedures open their offers by themselves when the submission deadline has passed',
          {
            de: 'Nationale Verfahren öffnen die Angebote mit Ablauf der Angebotsfrist selbst',
            extensions: { tenderId: id },
          },
        );
      const opening = await this.repo.openingOf(manager, id);
      if (!opening.past_deadline)
        throw tenderingError(
          TenderingErrorCode.OffersSealed,
          'The submission deadline has not passed yet; the offers stay sealed (§ 55 VgV)',
          {
            de: 'Die Angebotsfrist läuft noch; die Angebote bleiben verschlossen (§ 55 VgV)',
            extensions: { submissionDeadline: tender.submission_deadline.toISOString() },
          },
        );
      if (opening.started_by)
        throw tenderingError(
          TenderingErrorCode.OpeningStarted,
          'The opening has been started already; a second person confirms it',
          {
            de: 'Die Öffnung ist bereits begonnen; eine zweite Person bestätigt sie',
            extensions: { startedBy: opening.started_by },
          },
        );
      if (witnessUserId !== undefined) {
        const witness = await this.repo.userOfOrganisation(manager, witnessUserId, user.organisationId);
        const errors: FieldError[] = [];
        if (!witness)
          errors.push({
            field: 'witnessUserId',
            code: 'NOT_OF_ORGANISATION',
            reason: 'is not a person of your organisation',
            de: 'ist keine Person Ihrer Organisation',
          });
        else if (witness.id === user.id)
          errors.push({
            field: 'witnessUserId',
            code: 'SAME_PERSON',
            reason: 'must be a second person, not yourself',
            de: 'muss eine zweite Person sein, nicht Sie selbst',
          });
        if (errors.length)
          throw tenderingError(TenderingErrorCode.InvalidOpeningWitness, 'The opening needs a second person', {
            errors,
          });
      }
      await this.repo.startOpening(manager, id, user.id, witnessUserId ?? null);
      await this.audit.record(manager, {
        action: 'tender.opening.started',
        entityType: 'tender',
        entityId: id,
        data: { startedBy: user.id, witnessUserId: witnessUserId ?? null },
      });
      return this.tenders.view(manager, id);
    });
  }

  /** POST /tenders/{id}/opening/confirm: a second, distinct person of the organisation confirms; the offers open */
  async confirmOpening(user: AuthUser, id: string): Promise<TenderDto> {
    return this.dataSource.transaction(async (manager) => {
      const tender = await this.repo.find(manager, id, 'FOR UPDATE');
      if (!tender || tender.coordinator_organisation_id !== user.organisationId)
        throw new NotFoundException('Tender', id);
      if (tender.status !== 'published')
        throw wrongStatus(tender, 'Only a started opening is confirmed', 'Nur eine begonnene Öffnung wird bestätigt');
      const opening = await this.repo.openingOf(manager, id);
      if (!opening.started_by)
        throw tenderingError(
          TenderingErrorCode.OpeningNotStarted,
          'The opening has not been started yet (POST /tenders/{id}/opening)',
          { de: 'Die Öffnung ist noch nicht begonnen (POST /tenders/{id}/opening)' },
        );
      if (opening.started_by === user.id)
        throw tenderingError(
          TenderingErrorCode.OpeningSamePerson,
          'A second, different person confirms the opening, not the one who started it (§ 55 Abs. 2 VgV)',
        );
      if (opening.witness_id && opening.witness_id !== user.id)
        throw tenderingError(TenderingErrorCode.OpeningNotWitness, 'The named second person confirms the opening', {
          extensions: { witnessUserId: opening.witness_id },
        });
      await this.repo.confirmOpening(manager, id, user.id);
      await this.repo.markOpened(manager, id);
      const counts = await this.repo.offersPerLot(manager, id);
      await this.audit.record(manager, {
        action: 'tender.opened',
        entityType: 'tender',
        entityId: id,
        data: {
          trigger: 'two-person',
          openedBy: [opening.started_by, user.id],
          startedAt: opening.started_at?.toISOString() ?? null,
          offersPerLot: Object.fromEntries(counts.map((c) => [c.key, c.offers])),
        },
      });
      await this.mailOffersOpened(manager, id, counts, [opening.started_by, user.id]);
      return this.tenders.view(manager, id);
    });
  }

  /**
   * "Offers opened" by e-mail, in the opening's transaction (category "offers-opened", as each
   * user chose): the participating organisations and the coordinator read how many offers each
   * lot has, each bidder only that its offers are there (the others' stay unknown to it).
   */
  private async mailOffersOpened(
    manager: EntityManager,
    tenderId: string,
    counts: ReadonlyArray<{ title: string; offers: number }>,
    openerIds: string[],
  ): Promise<void> {
    const tender = await this.repo.find(manager, tenderId);
    if (!tender) return;
    const common = {
      tenderTitle: tender.title,
      openedAt: (tender.opened_at ?? new Date()).toISOString(),
      openedBy: await this.repo.userNames(manager, openerIds),
      link: this.mail.link(`/tenders/${tenderId}`),
    };
    await this.mail.enqueueToOrganisations(
      manager,
      await this.repo.participatingOrganisations(manager, tenderId),
      {
        template: 'tender.offers-opened',
        params: { ...common, lots: counts.map((c) => ({ title: c.title, offers: c.offers })) },
        subjectId: tenderId,
        onceKey: `offers-opened|${tenderId}`,
      },
      ['buyer', 'coordinator'],
    );
    for (const bidder of await this.repo.bidders(manager, tenderId)) {
      await this.mail.enqueueToOrganisations(
        manager,
        [bidder.organisation_id],
        {
          template: 'tender.offers-opened',
          params: { ...common, lots: bidder.lots.map((title) => ({ title, offers: null })) },
          subjectId: tenderId,
          onceKey: `offers-opened|${tenderId}`,
        },
        ['supplier'],
      );
    }
  }

  async dueForOpening(limit = 200): Promise<string[]> {
    return this.repo.dueForOpening(this.dataSource.manager, limit);
  }
}
