import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '@buendel/audit';
import { AuthUser, Role } from '@buendel/auth';
import { Clock } from '@buendel/clock';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import { informationLetter, Standstill, standstillAfter, standstillDays } from '@buendel/domain';
import { NotFoundException } from '@buendel/errors';
import { MailService } from '@buendel/mail';
import { LotEvaluation } from '../offers/offer-content';
import { TendersRepository } from '../tenders/tenders.repository';
import { TenderRow } from '../tenders/tender.view';
import { InformationLettersDto, InformationLetterDto } from './http/contract.dto';
import { InformationLettersRepository, LetterRow } from './information-letters.repository';

/**
 * The information letters of § 134 GWB. With the award decision of a lot every bidder of the lot
 * gets one, in the same transaction: stored as sent, in its notifications on the platform (the
 * electronic channel, so the standstill is 10 days in EU procedures) and by e-mail to its users
 * (libs/mail: queued with the decision, sent by the mail.send job, always, being required by law). The award
 * carries the standstill's days and the earliest instant of conclusion.
 */
@Injectable()
export class InformationLettersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly tenders: TendersRepository,
    private readonly repo: InformationLettersRepository,
    private readonly mail: MailService,
  ) {}

  /** sends the letters of a lot just decided; returns the standstill */
  async sendForLot(
    db: EntityManager,
    tender: TenderRow,
    lot: LotEvaluation,
    winnerOfferId: string,
    departureReason: string | null,
  ): Promise<Standstill> {
    const sentAt = this.clock.now();
    const days = standstillDays({
      scope: tender.regime.scope,
      electronic: true,
      nationalDays: this.config.STANDSTILL_DAYS_NATIONAL,
    });
    const standstill = standstillAfter(sentAt, days);
    const winner = lot.offers.find((o) => o.row.id === winnerOfferId);
    if (!winner) throw new Error(`offer ${winnerOfferId} is not an offer of lot ${lot.lotId}`);
    const authority = await this.repo.coordinatorName(db, tender.coordinator_organisation_id);
    const letters = lot.offers.map((o) => {
      const won = o.row.id === winnerOfferId;
      const text = informationLetter({
        tenderTitle: tender.title,
        lotKey: lot.key,
        lotTitle: lot.title,
        contractingAuthority: authority,
        recipientName: o.row.supplier_name,
        winnerName: winner.row.supplier_name,
        won,
        offer: {
          excluded: o.evaluation.excluded,
          exclusionReasons: o.evaluation.exclusionReasons,
          rank: o.evaluation.score?.rank ?? null,
          totalPoints: o.evaluation.score?.totalPoints ?? null,
        },
        winner: {
          rank: winner.evaluation.score?.rank ?? null,
          totalPoints: winner.evaluation.score?.totalPoints ?? null,
        },
        departureReason,
        offersInLot: lot.offers.length,
        earliestConclusionDate: standstill.earliestConclusionDate,
        standstillDays: days,
        sentOn: standstill.sentOn,
      });
      return {
        tenderId: tender.id,
        lotId: lot.lotId,
        offerId: o.row.id,
        supplierOrganisationId: o.row.supplier_organisation_id,
        outcome: won ? ('awarded' as const) : ('not-awarded' as const),
        winnerName: winner.row.supplier_name,
        rank: o.evaluation.score?.rank ?? null,
        totalPoints: o.evaluation.score?.totalPoints ?? null,
        reasons: text.reasons,
        subject: text.subject,
        body: text.body,
        sentAt,
        earliestConclusionAt: standstill.earliestConclusionAt,
      };
    });
    const ids = await this.repo.insert(db, letters);
    for (const [l, id] of letters.map((l, i) => [l, ids[i] ?? ''] as const)) {
      await this.repo.notify(db, {
        id,
        organisationId: l.supplierOrganisationId,
        lotId: l.lotId,
        tenderId: l.tenderId,
        subject: l.subject,
      });
      // and by e-mail to every supplier user of the bidder: legally required, whatever the preferences
      await this.mail.enqueueToOrganisations(
        db,
        [l.supplierOrganisationId],
        {
          template: 'tender.information-letter',
          params: { subject: l.subject, body: l.body, link: this.mail.link(`/tenders/${tender.id}`) },
          subjectId: l.lotId,
          onceKey: `information-letter|${id}`,
        },
        ['supplier'],
      );
    }
    await this.repo.setStandstill(db, lot.lotId, days, standstill.earliestConclusionAt);
    await this.audit.record(db, {
      action: 'tender.lot.information-sent',
      entityType: 'tender',
      entityId: tender.id,
      data: {
        lotId: lot.lotId,
        lotKey: lot.key,
        letters: letters.length,
        standstillDays: days,
        sentAt: sentAt.toISOString(),
        earliestConclusionAt: standstill.earliestConclusionAt.toISOString(),
      },
    });
    return standstill;
  }

  /** GET /tenders/{id}/information-letters: the coordinator sees every letter, a bidder its own */
  async list(user: AuthUser, tenderId: string): Promise<InformationLettersDto> {
    const db = this.dataSource.manager;
    const tender = await this.tenders.find(db, tenderId);
    if (!tender) throw new NotFoundException('Tender', tenderId);
    const own = tender.coordinator_organisation_id === user.organisationId && user.role === Role.Coordinator;
    if (!own && user.role !== Role.Supplier) throw new NotFoundException('Tender', tenderId);
    const rows = await this.repo.ofTender(db, tenderId, own ? undefined : user.organisationId);
    if (!own && rows.length === 0) throw new NotFoundException('Tender', tenderId);
    return { tenderId, items: rows.map(toLetterDto) };
  }
}

export function toLetterDto(r: LetterRow): InformationLetterDto {
  return {
    id: r.id,
    lotId: r.lot_id,
    lotKey: r.lot_key,
    offerId: r.offer_id,
    supplierOrganisationId: r.supplier_organisation_id,
    supplierName: r.supplier_name,
    outcome: r.outcome,
    winnerName: r.winner_name,
    rank: r.rank,
    totalPoints: r.total_points === null ? null : Number(r.total_points),
    reasons: r.reasons,
    subject: r.subject,
    body: r.body,
    channel: r.channel,
    sentAt: r.sent_at.toISOString(),
    earliestConclusionAt: r.earliest_conclusion_at.toISOString(),
    mailedAt: r.mailed_at?.toISOString() ?? null,
  };
}
