import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser } from '@buendel/auth';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import {
  AwardNoticeInput,
  berlinDate,
  buildAwardNotice,
  buildContractNotice,
  checkAwardNoticeInput,
  checkContractNoticeInput,
  CompanySize,
  ContractNoticeInput,
  EformsBuyerInput,
  EformsChangeInput,
  EformsLotInput,
  EformsOrganisationInput,
  EformsProblem,
  eformsFrameworkMethod,
  isCleanVehiclesCpv,
  lotPriceWeight,
  quantityToMilli,
} from '@buendel/domain';
import { NotFoundException } from '@buendel/errors';
import { frameworkShares, maximumValuePerLot, planQuantities } from '../frameworks/framework-plan';
import { FrameworksRepository } from '../frameworks/frameworks.repository';
import { TenderingErrorCode, tenderingError } from '../tendering.exception';
import { TendersRepository } from '../tenders/tenders.repository';
import { placedOf, TenderRow } from '../tenders/tender.view';
import { NoticeDto, NoticeListDto } from './http/notice.dto';
import { NoticeOrganisationRow, NoticeRow, NoticesRepository } from './notices.repository';
import { reviewBodyOfLand } from './review-bodies';

/** BT-98: how long tenders are binding, in days (the usual Bindefrist of a supplies tender) */
const TENDER_VALIDITY_DAYS = 60;
/** BT-99: the review deadlines of § 160 Abs. 3 GWB and § 135 Abs. 2 GWB */
const REVIEW_DEADLINES =
  'Ein Nachprüfungsantrag ist unzulässig, soweit der Antragsteller einen erkannten Verstoß nicht innerhalb von 10 Kalendertagen gerügt hat, ' +
  'Verstöße aus der Bekanntmachung oder den Vergabeunterlagen nicht bis zum Ablauf der Angebotsfrist gerügt hat oder mehr als 15 Kalendertage ' +
  'nach Eingang der Mitteilung des Auftraggebers, einer Rüge nicht abhelfen zu wollen, vergangen sind (§ 160 Abs. 3 GWB).';

/**
 * The eForms notices of EU-wide tenders, issued in the caller's transaction at publication
 * (contract notice, subtype 16), on a change of a published tender (change notice: a new
 * notice that references the one before) and after the contracts (award notice, subtype 29).
 * Each is stored as issued and never changed. Missing data (an address, a contact, a CPV code,
 * the Land's review body) is refused with one 400 naming every missing piece.
 */
@Injectable()
export class NoticesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: NoticesRepository,
    private readonly tenders: TendersRepository,
    private readonly frameworks: FrameworksRepository,
  ) {}

  /** The coordinator sees the notices of its tender; everyone once the tender is published. */
  async list(user: AuthUser, tenderId: string): Promise<NoticeListDto> {
    const db = this.dataSource.manager;
    await this.visible(db, user, tenderId);
    return { items: (await this.repo.list(db, tenderId)).map((n) => this.toDto(n)) };
  }

  async xml(user: AuthUser, tenderId: string, noticeId: string): Promise<string> {
    const db = this.dataSource.manager;
    await this.visible(db, user, tenderId);
    const xml = await this.repo.xml(db, tenderId, noticeId);
    if (xml === undefined) throw new NotFoundException('Notice', noticeId);
    return xml;
  }

  /** The contract notice of a tender being published (EU procedures only). */
  async issueContractNotice(db: EntityManager, tender: TenderRow, userId: string | null, now: Date): Promise<void> {
    const input = await this.contractInput(db, tender, now, null);
    this.refuseIncomplete(input.problems, checkContractNoticeInput(input.notice));
    await this.store(db, tender.id, 'contract', '16', input.notice, buildContractNotice(input.notice), userId);
  }

  /** A change notice after a published tender changed: a new notice that references the latest one. */
  async issueChangeNotice(
    db: EntityManager,
    tender: TenderRow,
    change: Pick<EformsChangeInput, 'description' | 'changedLotIds'>,
    userId: string | null,
    now: Date,
  ): Promise<void> {
    const latest = await this.repo.latest(db, tender.id);
    if (!latest || latest.kind === 'award') return;
    const input = await this.contractInput(db, tender, now, { ...change, previousNoticeId: latest.id });
    this.refuseIncomplete(input.problems, checkContractNoticeInput(input.notice));
    await this.store(db, tender.id, 'change', '16', input.notice, buildContractNotice(input.notice), userId);
  }

  /** The award notice once every lot is decided and its contracts are concluded (after the standstill), from the contracts. */
  async issueAwardNotice(db: EntityManager, tender: TenderRow, userId: string | null, now: Date): Promise<void> {
    const base = await this.contractInput(db, tender, now, null);
    const awards = await this.repo.awards(db, tender.id);
    const offers = await this.repo.offersPerLot(db, tender.id);
    const contracts = await this.repo.contractsPerBuyer(db, tender.id);
    const suppliers = new Map(
      (
        await this.repo.organisations(
          db,
          awards.map((a) => a.supplier_organisation_id),
        )
      ).map((o) => [o.id, o]),
    );
    const input: AwardNoticeInput = {
      ...base.notice,
      results: base.notice.procedure.lots.map((lot) => {
        const award = awards.find((a) => a.lot_id === lot.id);
        const supplier = award ? suppliers.get(award.supplier_organisation_id) : undefined;
        const decided = award ? berlinDate(award.awarded_at) : null;
        const vehicles = lot.items.filter((i) => isCleanVehiclesCpv(i.cpvCode) && i.unit === 'H87');
        const total = Math.round(vehicles.reduce((s, i) => s + i.quantityMilli, 0) / 1000);
        const zeroEmission = lot.criteria.some((c) => c.code === 'ZERO_EMISSION_VEHICLE') ? total : 0;
        return {
          lotId: lot.id,
          tendersReceived: offers.get(lot.id) ?? 0,
          awardDecisionDate: decided,
          winner:
            award && supplier
              ? {
                  id: award.offer_id,
                  supplier: { ...toOrganisation(supplier), size: (supplier.company_size ?? '') as CompanySize },
                  valueCents: Number(award.value_cents),
                }
              : null,
          contracts: award
            ? contracts
                .filter((c) => c.lot_id === lot.id)
                .map((c) => ({
                  id: c.id,
                  reference: c.number,
                  buyerId: c.organisation_id,
                  concludedOn: berlinDate(c.concluded_at),
                }))
            : [],
          // the Clean Vehicles Directive's light-duty class (M1, M2, N1) for cars and vans bought by the piece
          vehicles: award && total > 0 ? { category: 'm1-m2-n1', total, zeroEmission, clean: zeroEmission } : null,
        };
      }),
    };
    this.refuseIncomplete(base.problems, checkAwardNoticeInput(input));
    await this.store(db, tender.id, 'award', '29', input, buildAwardNotice(input), userId);
  }

  /** The problems that would stop the contract notice of a tender (nothing is stored). */
  async problems(db: EntityManager, tender: TenderRow, now: Date): Promise<EformsProblem[]> {
    const input = await this.contractInput(db, tender, now, null);
    return [...input.problems, ...checkContractNoticeInput(input.notice)];
  }

  private refuseIncomplete(own: EformsProblem[], checked: EformsProblem[]): void {
    const problems = [...own, ...checked];
    if (problems.length)
      throw tenderingError(
        TenderingErrorCode.NoticeIncomplete,
        'The EU notice (eForms) lacks details; please complete them and try again',
        {
          de: 'Für die EU-Bekanntmachung (eForms) fehlen Angaben; bitte ergänzen und erneut versuchen.',
          errors: problems.map((p) => ({ field: p.field, reason: p.reason, de: p.de })),
        },
      );
  }

  private async store(
    db: EntityManager,
    tenderId: string,
    kind: NoticeRow['kind'],
    subtype: string,
    input: ContractNoticeInput,
    xml: string,
    userId: string | null,
  ): Promise<void> {
    const latest = await this.repo.latest(db, tenderId);
    await this.repo.insert(db, {
      id: input.notice.noticeId,
      tenderId,
      kind,
      version: (latest?.version ?? 0) + 1,
      subtype,
      changesNoticeId: input.notice.change?.previousNoticeId ?? null,
      xml,
      createdBy: userId,
    });
  }

  private async contractInput(
    db: EntityManager,
    tender: TenderRow,
    now: Date,
    change: EformsChangeInput | null,
  ): Promise<{ notice: ContractNoticeInput; problems: EformsProblem[] }> {
    const problems: EformsProblem[] = [];
    const parts = await this.tenders.parts(db, tender.id);
    const participantIds = await this.repo.participantIds(db, tender.id);
    const orgs = new Map(
      (await this.repo.organisations(db, [tender.coordinator_organisation_id, ...participantIds])).map((o) => [
        o.id,
        o,
      ]),
    );
    const coordinator = orgs.get(tender.coordinator_organisation_id);
    if (!coordinator) throw new Error(`coordinator of tender ${tender.id} missing`);
    const buyer = (o: NoticeOrganisationRow, leader: boolean): EformsBuyerInput => ({
      organisation: toOrganisation(o),
      legalType: o.type === 'central_purchasing_body' ? 'body-pl-la' : 'la',
      mainActivity: 'gen-pub',
      groupLeader: leader,
      centralPurchasingBody: leader && o.type === 'central_purchasing_body' ? 'awarding' : null,
    });
    const buyers = [
      buyer(coordinator, true),
      ...participantIds
        .filter((id) => id !== coordinator.id)
        .flatMap((id) => {
          const o = orgs.get(id);
          return o ? [buyer(o, false)] : [];
        }),
    ];
    const land = coordinator.land_key ?? (coordinator.ags ?? coordinator.district_key)?.slice(0, 2) ?? null;
    const reviewBody = reviewBodyOfLand(land);
    if (!reviewBody)
      problems.push({
        field: 'reviewBody',
        reason: `No public procurement tribunal (Vergabekammer) is configured for the coordinator's Land ${land ?? '(unknown)'} (config/review-bodies.json)`,
        de: `Für das Land ${land ?? '(unbekannt)'} des Koordinators ist keine Vergabekammer eingetragen (config/review-bodies.json).`,
      });
    const period = await this.tenders.bundlePeriod(db, tender.bundle_id);
    // a framework tender: the term is every lot's period, each lot states its suppliers and maximum value
    const plan = await this.frameworks.plan(db, tender.id);
    const planned = plan ? planQuantities(plan, await this.frameworks.shares(db, tender.id)) : [];
    const maxima = maximumValuePerLot(planned);
    const places = await this.repo.nutsOfPlaces(db, [...new Set(parts.items.flatMap((i) => i.delivery_ags))]);
    const lots: EformsLotInput[] = parts.lots.map((l) => {
      const items = parts.items.filter((i) => i.lot_id === l.id);
      return {
        id: l.id,
        internalId: l.key,
        title: l.title,
        items: items.map((i) => ({
          cpvCode: i.cpv_code,
          label: i.cpv_label,
          unit: i.unit,
          unitName: i.unit_name,
          quantityMilli: quantityToMilli(i.quantity),
        })),
        estimatedValueCents: Number(l.estimated_value_cents),
        placesNuts3: [
          ...new Set(
            items.flatMap((i) => i.delivery_ags.map((a) => places.get(a)).filter((n): n is string => Boolean(n))),
          ),
        ],
        period: plan
          ? { startDate: plan.term_from, endDate: plan.term_to }
          : { startDate: period.delivery_from, endDate: period.delivery_to },
        framework: plan
          ? {
              method: eformsFrameworkMethod(plan.suppliers_per_lot),
              maximumParticipants: plan.suppliers_per_lot,
              maximumValueCents: Math.max(maxima.get(l.id) ?? 0, Number(l.estimated_value_cents)),
              justification: plan.term_reason,
              shares: frameworkShares(planned, l.id),
            }
          : null,
        criteria: parts.criteria
          .filter((c) => !c.lot_keys || c.lot_keys.includes(l.key))
          .map((c) => ({
            code: c.code,
            name: c.name,
            phase: c.phase,
            detail: c.detail,
            weight: c.weight === null ? null : Number(c.weight),
          })),
        // the rest of 100 after the lot's own award criteria
        priceWeight: lotPriceWeight(placedOf(parts.criteria), l.key),
      };
    });
    const publicUrl = (this.config.PUBLIC_URL ?? `http://localhost:${this.config.PORT}`).replace(/\/$/, '');
    return {
      problems,
      notice: {
        notice: { noticeId: randomUUID(), issuedAt: now, change },
        buyers,
        reviewBody: reviewBody ?? { id: 'review-body', name: '' },
        procedure: {
          procedureId: tender.id,
          internalId: `BUENDEL-${tender.id.slice(0, 8).toUpperCase()}`,
          title: tender.title,
          description: tender.description,
          estimatedValueCents: Number(tender.estimated_value_cents),
          submissionDeadline: tender.submission_deadline,
          submissionUrl: `${publicUrl}/api/v1/tenders/${tender.id}/offers`,
          documentsUrl: `${publicUrl}/tenders/${tender.id}`,
          tenderValidityDays: TENDER_VALIDITY_DAYS,
          reviewDeadlineInfo: REVIEW_DEADLINES,
          lots,
        },
      },
    };
  }

  private async visible(db: EntityManager, user: AuthUser, tenderId: string): Promise<TenderRow> {
    const tender = await this.tenders.find(db, tenderId);
    if (!tender || (!tender.published_at && tender.coordinator_organisation_id !== user.organisationId))
      throw new NotFoundException('Tender', tenderId);
    return tender;
  }

  private toDto(n: NoticeRow): NoticeDto {
    return {
      id: n.id,
      kind: n.kind,
      version: n.version,
      subtype: n.subtype,
      status: n.status,
      changesNoticeId: n.changes_notice_id,
      createdAt: n.created_at.toISOString(),
      xmlPath: `/api/v1/tenders/${n.tender_id}/notices/${n.id}.xml`,
    };
  }
}

function toOrganisation(o: NoticeOrganisationRow): EformsOrganisationInput {
  return {
    id: o.id,
    name: o.name,
    identifier: o.ags ?? o.district_key ?? o.vat_id,
    address: o.address
      ? {
          street: o.address.street,
          postalCode: o.address.postalCode,
          city: o.address.city,
          country: o.address.country,
          nuts3: o.nuts3,
        }
      : null,
    contact: { name: o.contact_name, email: o.contact_email, telephone: o.contact_phone },
    website: o.website,
  };
}
