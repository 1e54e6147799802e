import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLog } from '@buendel/audit';
import { AuthUser, Role } from '@buendel/auth';
import { NotFoundException } from '@buendel/errors';
import { MailService } from '@buendel/mail';
import { allocateItem, canAwardTender, centsToEur, lineValueCents, quantityToMilli } from '@buendel/domain';
import { InformationLettersService } from '../contracts/information-letters.service';
import { EvidenceVerificationService } from '../evidence/evidence-verification.service';
import { OffersService } from '../offers/offers.service';
import { tenderingError, TenderingErrorCode } from '../tendering.exception';
import { TenderReleasesService } from '../tenders/tender-releases.service';
import { TendersService, wrongStatus } from '../tenders/tenders.service';
import { AllocationsDto, AwardLotDto, AwardResultDto } from './award.dto';
import { AllocationScope, AllocationToStore, AwardRepository } from './award.repository';
import { toContactDto } from './contact';

/** a departure from the best-scored offer needs a written reason of at least this length */
export const MIN_AWARD_REASON_LENGTH = 20;

/**
 * The award (Zuschlag) per lot and each participant's allocation. The allocation splits every
 * awarded item: each organisation gets the quantity it brought, and the value is split in
 * proportion with the largest-remainder method, so the shares sum exactly to the awarded total.
 */
@Injectable()
export class AwardService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly tenders: TendersService,
    private readonly releases: TenderReleasesService,
    private readonly offers: OffersService,
    private readonly repo: AwardRepository,
    private readonly letters: InformationLettersService,
    private readonly mail: MailService,
    private readonly evidence: EvidenceVerificationService,
  ) {}

  async award(user: AuthUser, tenderId: string, dto: AwardLotDto): Promise<AwardResultDto> {
    return this.dataSource.transaction(async (manager) => {
      const tender = await this.tenders.owned(manager, user, tenderId, 'FOR UPDATE');
      if (!canAwardTender(tender.status)) throw wrongStatus(tender, 'Lots are awarded once the offers are opened');
      const lots = await this.offers.evaluate(manager, tender);
      const lot = lots.find((l) => l.lotId === dto.lotId);
      if (!lot)
        throw tenderingError(TenderingErrorCode.InvalidAward, 'No such lot in this tender', {
          errors: [
            {
              field: 'lotId',
              code: 'NOT_A_LOT',
              reason: 'is not a lot of this tender',
              de: 'ist kein Los dieser Ausschreibung',
            },
          ],
        });
      const done = await this.repo.awardOfLot(manager, lot.lotId);
      if (done)
        throw tenderingError(TenderingErrorCode.LotAwarded, `Lot ${lot.key} is awarded already`, {
          extensions: {
            offerId: done.offer_id,
          },
        });
      const chosen = lot.offers.find((o) => o.row.id === dto.offerId);
      if (!chosen)
        throw tenderingError(TenderingErrorCode.InvalidAward, 'No such offer for this lot', {
          errors: [
            {
              field: 'offerId',
              code: 'NOT_AN_OFFER_OF_LOT',
              reason: 'is not an offer for this lot',
              de: 'ist kein Angebot für dieses Los',
            },
          ],
        });
      if (chosen.evaluation.excluded) {
        throw tenderingError(TenderingErrorCode.OfferExcluded, 'An excluded offer cannot be awarded', {
          errors: [
            {
              field: 'offerId',
              code: 'OFFER_EXCLUDED',
              reason: `the offer is excluded: ${chosen.evaluation.exclusionReasons.join('; ')}`,
              de: `das Angebot ist ausgeschlossen: ${chosen.evaluation.exclusionReasons.join('; ')}`,
            },
          ],
        });
      }
      const bestRanked = chosen.evaluation.score?.rank === 1;
      if (!bestRanked && (dto.reason ?? '').length < MIN_AWARD_REASON_LENGTH) {
        throw tenderingError(
          TenderingErrorCode.ReasonRequired,
          'Awarding another than the best-scored offer needs a written reason',
          {
            errors: [
              {
                field: 'reason',
                code: 'REQUIRED',
                params: { min: MIN_AWARD_REASON_LENGTH },
                reason: `is required (at least ${MIN_AWARD_REASON_LENGTH} characters): the offer ranks ${chosen.evaluation.score?.rank}`,
                de: `muss angegeben werden (mindestens ${MIN_AWARD_REASON_LENGTH} Zeichen): das Angebot steht auf Rang ${chosen.evaluation.score?.rank}`,
              },
            ],
          },
        );
      }

      // every item of the lot at the chosen unit price, split among the participants
      const price = new Map(chosen.content.prices.map((p) => [p.itemId, p.unitPriceEur]));
      const shares = await this.repo.sharesOfLot(manager, lot.lotId);
      const rows: AllocationToStore[] = [];
      for (const item of lot.items) {
        const totalQuantityMilli = quantityToMilli(item.quantity);
        const totalValueCents = lineValueCents(totalQuantityMilli, price.get(item.id) ?? 0);
        const parts = allocateItem({
          totalQuantityMilli,
          totalValueCents,
          participants: shares
            .filter((s) => s.item_id === item.id)
            .map((s) => ({ organisationId: s.organisation_id, quantityMilli: quantityToMilli(s.quantity) })),
        });
        rows.push(...parts.map((p) => ({ itemId: item.id, ...p })));
      }
      await this.repo.insertAward(manager, {
        lotId: lot.lotId,
        tenderId,
        offerId: chosen.row.id,
        supplierOrganisationId: chosen.row.supplier_organisation_id,
        valueCents: chosen.priceCents,
        bestRanked,
        reason: dto.reason ?? null,
        evaluation: lot.offers.map((o) => o.evaluation),
        awardedBy: user.id,
      });
      await this.repo.insertAllocations(manager, tenderId, lot.lotId, rows);
      // what the awarded offer claims, for the verification of its evidence and the report
      await this.evidence.record(
        manager,
        {
          tenderId,
          lotId: lot.lotId,
          offerId: chosen.row.id,
          supplierOrganisationId: chosen.row.supplier_organisation_id,
        },
        chosen.content,
      );
      await this.repo.markLotAwarded(manager, lot.lotId);
      await this.audit.record(manager, {
        action: 'tender.lot.awarded',
        entityType: 'tender',
        entityId: tenderId,
        data: {
          lotId: lot.lotId,
          lotKey: lot.key,
          offerId: chosen.row.id,
          supplierOrganisationId: chosen.row.supplier_organisation_id,
          valueCents: chosen.priceCents,
          bestRanked,
          reason: dto.reason ?? null,
        },
      });

      // § 134 GWB: every bidder of the lot is told now; the contract waits for the standstill
      const standstill = await this.letters.sendForLot(
        manager,
        tender,
        lot,
        chosen.row.id,
        bestRanked ? null : (dto.reason ?? null),
      );

      // the decision by e-mail (category "awards", as each user chose): every participant its share, the winner that it won
      const decidedAt = new Date().toISOString();
      const shareCents = new Map<string, number>();
      for (const r of rows) shareCents.set(r.organisationId, (shareCents.get(r.organisationId) ?? 0) + r.valueCents);
      const decision = {
        tenderTitle: tender.title,
        lotTitle: lot.title,
        supplierName: chosen.row.supplier_name,
        decidedAt,
        link: this.mail.link(`/tenders/${tenderId}`),
      };
      for (const [organisationId, cents] of shareCents) {
        await this.mail.enqueueToOrganisations(
          manager,
          [organisationId],
          {
            template: 'tender.lot-awarded',
            params: { ...decision, shareValueEur: centsToEur(cents), toWinner: false },
            subjectId: lot.lotId,
            onceKey: `lot-awarded|${lot.lotId}`,
          },
          ['buyer', 'coordinator'],
        );
      }
      await this.mail.enqueueToOrganisations(
        manager,
        [chosen.row.supplier_organisation_id],
        {
          template: 'tender.lot-awarded',
          params: { ...decision, shareValueEur: null, toWinner: true },
          subjectId: lot.lotId,
          onceKey: `lot-awarded|${lot.lotId}`,
        },
        ['supplier'],
      );

      // the tender is awarded when no lot with an admissible offer is left open; lots without one are unsuccessful
      const awarded = new Set(await this.repo.awardedLotIds(manager, tenderId));
      const pending = lots.filter((l) => !awarded.has(l.lotId) && l.offers.some((o) => !o.evaluation.excluded));
      let tenderStatus = 'opened';
      if (pending.length === 0) {
        tenderStatus = 'awarded';
        await this.repo.markOpenLotsUnsuccessful(manager, tenderId);
        // the demands of lots without an award are free again for another bundle
        await this.releases.releaseUnsuccessfulLots(manager, tender);
        await this.repo.markTenderAwarded(manager, tenderId);
        await this.repo.markBundleAwarded(manager, tender.bundle_id);
        await this.repo.markBundleDemandsAwarded(manager, tender.bundle_id);
        await this.repo.notifyParticipantsAwarded(manager, tenderId, tender.title);
        await this.audit.record(
          manager,
          { action: 'tender.awarded', entityType: 'tender', entityId: tenderId, data: { lots: awarded.size } },
          { action: 'bundle.awarded', entityType: 'bundle', entityId: tender.bundle_id, data: { tenderId } },
        );
      }
      return {
        tenderId,
        tenderStatus,
        award: {
          lotId: lot.lotId,
          offerId: chosen.row.id,
          supplierOrganisationId: chosen.row.supplier_organisation_id,
          supplierName: chosen.row.supplier_name,
          valueEur: centsToEur(chosen.priceCents),
          bestRanked,
          reason: dto.reason ?? null,
          awardedAt: new Date().toISOString(),
          standstill: {
            days: standstill.days,
            sentOn: standstill.sentOn,
            earliestConclusionDate: standstill.earliestConclusionDate,
            earliestConclusionAt: standstill.earliestConclusionAt.toISOString(),
          },
        },
      };
    });
  }

  /**
   * The coordinator sees every participant's allocation; a participant its own; the supplier
   * those of the lots whose contracts it holds (to deliver: places and each buyer's contact);
   * anyone else 404.
   */
  async allocations(user: AuthUser, tenderId: string): Promise<AllocationsDto> {
    const db = this.dataSource.manager;
    let scope: AllocationScope;
    if (user.role === Role.Supplier) {
      if (!(await this.repo.holdsContract(db, tenderId, user.organisationId)))
        throw new NotFoundException('Tender', tenderId);
      scope = { kind: 'supplier', organisationId: user.organisationId };
    } else {
      const tender = await this.tenders.visible(db, user, tenderId);
      scope =
        tender.coordinator_organisation_id === user.organisationId
          ? { kind: 'all' }
          : { kind: 'organisation', organisationId: user.organisationId };
    }
    const rows = await this.repo.allocations(db, tenderId, scope);
    const totals = await this.repo.allocationTotals(db, tenderId);
    return {
      tenderId,
      items: rows.map((r) => ({
        organisationId: r.organisation_id,
        organisationName: r.name,
        lotId: r.lot_id,
        itemId: r.item_id,
        cpvCode: r.cpv_code,
        specificationText: r.specification_text,
        unit: r.unit,
        quantity: Number(r.quantity),
        valueEur: centsToEur(Number(r.value_cents)),
        deliveryAgs: r.delivery_ags,
        procurementOffice: toContactDto(r),
      })),
      totals: totals.map((t) => ({
        lotId: t.lot_id,
        itemId: t.item_id,
        quantity: Number(t.quantity),
        valueEur: centsToEur(Number(t.value_cents)),
      })),
    };
  }
}
