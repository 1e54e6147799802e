import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '@buendel/audit';
import { AuthUser, Role } from '@buendel/auth';
import { Clock } from '@buendel/clock';
import {
  addDays,
  berlinDate,
  callOffMethodsFor,
  centsToEur,
  daysBetween,
  dayAfter,
  FRAMEWORK_EXPIRY_WARNING_DAYS,
  FRAMEWORK_DEFAULT_MAXIMUM_PERCENT,
  FrameworkShare,
  frameworkTermErrors,
  isTenderDraft,
  milliToQuantity,
  nextTermEstimateMilli,
  quantityLeftMilli,
  quantityToMilli,
  rankFrameworkSuppliers,
} from '@buendel/domain';
import { FieldError, isFieldWithin, NotFoundException, ValidationException } from '@buendel/errors';
import { MailService } from '@buendel/mail';
import { OffersService } from '../offers/offers.service';
import { TendersRepository } from '../tenders/tenders.repository';
import { TendersService } from '../tenders/tenders.service';
import { TenderRow } from '../tenders/tender.view';
import { frameworkError, FrameworkErrorCode, invalidFramework } from './frameworks.exception';
import { checkableBody, orInvalid } from '../tenders/tender-input';
import { frameworkShares, planQuantities } from './framework-plan';
import { FrameworkRow, FrameworkScope, FrameworksRepository, QuantityRow, ShareRow } from './frameworks.repository';
import {
  ConsumptionDto,
  ConsumptionRowDto,
  FrameworkDto,
  FrameworkPlanDto,
  FrameworkPlanViewDto,
  NextEstimateDto,
} from './http/framework.dto';

const toQuantity = (milli: number) => milliToQuantity(milli);
const toParam = (milli: number) => (milli / 1000).toFixed(3);

/** the reference of a tender in numbers and notices (as the contracts write it) */
function frameworkNumber(tenderId: string): string {
  return `BUENDEL-${tenderId.slice(0, 8).toUpperCase()}-RV`;
}

/**
 * Why this file has more than 400 lines: the plan, the framework made when a lot is contracted,
 * its reads and the sweep share the maxima rules (the participant's scope, the 80 % warning, the
 * end when every maximum is called off) and the views of one framework; the call-offs, the other
 * half of the context, are CallOffsService already.
 *
 * Framework agreements (§ 21 VgV): the plan on a draft tender (term, suppliers per lot,
 * maxima), the framework made when a lot's contracts are concluded (the lot's suppliers in the
 * ranking of the evaluation, each participant's estimate and maximum per item), reading it,
 * its consumption, its end at the term or when every maximum is called off, and the estimate a
 * next bundle starts from.
 */
@Injectable()
export class FrameworksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly mail: MailService,
    private readonly tenders: TendersService,
    private readonly tenderRows: TendersRepository,
    private readonly offers: OffersService,
    private readonly repo: FrameworksRepository,
  ) {}

  // ---- the plan

  /** PUT /tenders/{id}/framework: the tender becomes (or stays) a framework agreement; only while a draft */
  async plan(user: AuthUser, tenderId: string, body: FrameworkPlanDto): Promise<FrameworkPlanViewDto> {
    // the body's bad fields (the pipe keeps them): named whatever the tender's state, as before;
    // for a draft, beside the term's and the maxima's problems of the valid fields
    const { dto, invalid } = checkableBody(body);
    const refused = (field: string) => invalid.some((e) => isFieldWithin(e.field, field));
    return this.dataSource.transaction(async (manager) => {
      const tender = await this.tenders.owned(manager, user, tenderId, 'FOR UPDATE').catch((e: unknown) => {
        throw orInvalid(invalid, e);
      });
      if (!isTenderDraft(tender.status))
        throw orInvalid(
          invalid,
          frameworkError(
            FrameworkErrorCode.TenderNotDraft,
            'A framework agreement is set before publication; the tender is no longer a draft.',
            {
              de: 'Eine Rahmenvereinbarung wird vor der Veröffentlichung festgelegt; die Ausschreibung ist nicht mehr im Entwurf.',
              extensions: { tenderStatus: tender.status },
            },
          ),
        );
      const shares = await this.repo.shares(manager, tenderId);
      const errors: FieldError[] = frameworkTermErrors(dto.termFrom, dto.termTo, dto.termReason).filter(
        (e) => !refused(e.field),
      );
      const byPair = new Map(shares.map((s) => [`${s.organisation_id}|${s.item_id}`, s]));
      const seen = new Set<string>();
      // the entries of the body's list, each by its place: one with a bad quantity keeps its item checked
      (Array.isArray(body.maxima) ? body.maxima : []).forEach((m, i) => {
        if (
          refused(`maxima.${i}.organisationId`) ||
          refused(`maxima.${i}.itemId`) ||
          invalid.some((e) => e.field === `maxima.${i}`)
        )
          return;
        const key = `${m.organisationId}|${m.itemId}`;
        const share = byPair.get(key);
        if (!share) {
          errors.push({
            field: `maxima.${i}.itemId`,
            code: 'NOT_AN_ITEM',
            reason: 'is not an item this organisation needs in the tender',
            de: 'ist keine Position, die diese Organisation in der Ausschreibung bedarf',
          });
          return;
        }
        if (seen.has(key))
          errors.push({
            field: `maxima.${i}`,
            code: 'STATED_TWICE',
            reason: 'names this organisation and item a second time',
            de: 'nennt diese Organisation und Position ein zweites Mal',
          });
        seen.add(key);
        if (
          !refused(`maxima.${i}.maximumQuantity`) &&
          quantityToMilli(m.maximumQuantity) < quantityToMilli(share.quantity)
        )
          errors.push({
            field: `maxima.${i}.maximumQuantity`,
            code: 'BELOW_ESTIMATE',
            reason: `must not be below the estimated quantity (${Number(share.quantity)})`,
            de: `darf nicht unter der geschätzten Menge (${Number(share.quantity)}) liegen`,
          });
      });
      if (errors.length)
        throw invalidFramework(
          'The framework agreement is not allowed like this',
          'Die Rahmenvereinbarung ist so nicht zulässig.',
          [...invalid, ...errors],
        );
      if (invalid.length) throw new ValidationException(invalid);
      const plan = {
        tender_id: tenderId,
        term_from: dto.termFrom,
        term_to: dto.termTo,
        term_reason: dto.termReason?.trim() || null,
        suppliers_per_lot: dto.suppliersPerLot ?? 1,
        maximum_percent: dto.maximumPercent ?? FRAMEWORK_DEFAULT_MAXIMUM_PERCENT,
        maxima: dto.maxima ?? [],
      };
      await this.repo.savePlan(manager, plan);
      await this.audit.record(manager, {
        action: 'tender.framework.planned',
        entityType: 'tender',
        entityId: tenderId,
        data: { ...plan, maxima: plan.maxima.length },
      });
      return this.planView(manager, tender, plan, shares);
    });
  }

  /** GET /tenders/{id}/framework: its coordinator and the participants */
  async getPlan(user: AuthUser, tenderId: string): Promise<FrameworkPlanViewDto> {
    const db = this.dataSource.manager;
    const tender = await this.tenderRows.find(db, tenderId);
    if (
      !tender ||
      (tender.coordinator_organisation_id !== user.organisationId &&
        !(await this.tenderRows.isParticipant(db, tenderId, user.organisationId)))
    )
      throw new NotFoundException('Tender', tenderId);
    const plan = await this.repo.plan(db, tenderId);
    if (!plan) throw new NotFoundException('Framework', tenderId);
    return this.planView(db, tender, plan, await this.repo.shares(db, tenderId));
  }

  private async planView(
    db: EntityManager,
    tender: TenderRow,
    plan: Awaited<ReturnType<FrameworksRepository['plan']>> & object,
    shares: ShareRow[],
  ): Promise<FrameworkPlanViewDto> {
    const quantities = planQuantities(plan, shares);
    let estimatedCents = 0;
    let maximumCents = 0;
    for (const q of quantities) {
      estimatedCents += q.estimatedValueCents;
      maximumCents += q.maximumValueCents;
    }
    return {
      tenderId: tender.id,
      termFrom: plan.term_from,
      termTo: plan.term_to,
      termReason: plan.term_reason,
      suppliersPerLot: plan.suppliers_per_lot,
      maximumPercent: plan.maximum_percent,
      callOffMethods: callOffMethodsFor(plan.suppliers_per_lot),
      estimatedValueEur: centsToEur(estimatedCents),
      maximumValueEur: centsToEur(maximumCents),
      frameworkId: (await this.repo.idOfTender(db, tender.id)) ?? null,
      quantities: quantities.map((q) => q.dto),
    };
  }

  /** the plan of a tender for the OCDS export (undefined: no framework) */
  async ocdsFacts(
    db: EntityManager,
    tenderId: string,
  ): Promise<
    | {
        plan: NonNullable<Awaited<ReturnType<FrameworksRepository['plan']>>>;
        maximumValueCents: number;
        shares: FrameworkShare[];
        frameworkId: string | null;
      }
    | undefined
  > {
    const plan = await this.repo.plan(db, tenderId);
    if (!plan) return undefined;
    const quantities = planQuantities(plan, await this.repo.shares(db, tenderId));
    return {
      plan,
      maximumValueCents: quantities.reduce((s, q) => s + q.maximumValueCents, 0),
      shares: frameworkShares(quantities),
      frameworkId: (await this.repo.idOfTender(db, tenderId)) ?? null,
    };
  }

  // ---- the framework made with the contracts

  /**
   * After a lot's contracts are concluded (ContractsService, same transaction): a framework
   * tender's framework is made (once), with the lot's suppliers in the ranking of the
   * evaluation and every participant's estimate and maximum per item of the lot.
   */
  async onLotContracted(
    manager: EntityManager,
    tender: TenderRow,
    lotId: string,
    awardedOfferId: string,
    now: Date,
  ): Promise<string | null> {
    const plan = await this.repo.plan(manager, tender.id);
    if (!plan) return null;
    const { id } = await this.repo.ensureFramework(manager, {
      tenderId: tender.id,
      number: frameworkNumber(tender.id),
      coordinatorOrganisationId: tender.coordinator_organisation_id,
      title: tender.title,
      termFrom: plan.term_from,
      termTo: plan.term_to,
      termReason: plan.term_reason,
      suppliersPerLot: plan.suppliers_per_lot,
      concludedAt: now,
    });
    const lot = (await this.offers.evaluate(manager, tender)).find((l) => l.lotId === lotId);
    const offers = lot?.offers ?? [];
    const ranked = rankFrameworkSuppliers(
      offers.map((o) => ({
        offerId: o.row.id,
        supplierOrganisationId: o.row.supplier_organisation_id,
        rank: o.evaluation.score?.rank ?? null,
        excluded: o.evaluation.excluded,
      })),
      awardedOfferId,
      plan.suppliers_per_lot,
    );
    await this.repo.insertSuppliers(
      manager,
      id,
      lotId,
      ranked.map((r, k) => {
        const content = offers.find((o) => o.row.id === r.offerId)?.content;
        return {
          supplierOrganisationId: r.supplierOrganisationId,
          rank: k + 1,
          offerId: r.offerId,
          prices: Object.fromEntries((content?.prices ?? []).map((p) => [p.itemId, p.unitPriceEur])),
        };
      }),
    );
    const quantities = planQuantities(plan, await this.repo.shares(manager, tender.id, lotId));
    await this.repo.insertQuantities(
      manager,
      id,
      quantities.map((q) => ({
        lotId: q.dto.lotId,
        itemId: q.dto.itemId,
        organisationId: q.dto.organisationId,
        estimated: toParam(q.estimatedMilli),
        maximum: toParam(q.maximumMilli),
      })),
    );
    const organisations = [...new Set(quantities.map((q) => q.dto.organisationId))];
    await this.repo.notify(
      manager,
      [...organisations, ...ranked.map((r) => r.supplierOrganisationId)],
      'framework.concluded',
      lotId,
      `Rahmenvereinbarung geschlossen: ${tender.title}`,
      { frameworkId: id, tenderId: tender.id, lotId },
    );
    await this.audit.record(manager, {
      action: 'framework.lot.concluded',
      entityType: 'framework',
      entityId: id,
      data: {
        tenderId: tender.id,
        lotId,
        suppliers: ranked.map((r, k) => ({ rank: k + 1, supplierOrganisationId: r.supplierOrganisationId })),
        quantities: quantities.length,
      },
    });
    return id;
  }

  // ---- reading

  /** who the caller is to the framework; 404 for anyone else */
  async scopeOf(db: EntityManager, user: AuthUser, f: FrameworkRow): Promise<FrameworkScope> {
    if (user.role === Role.Supplier) {
      if (await this.repo.isSupplier(db, f.id, user.organisationId))
        return { kind: 'supplier', organisationId: user.organisationId };
    } else if (f.coordinator_organisation_id === user.organisationId) return { kind: 'coordinator' };
    else if (await this.repo.isParticipant(db, f.id, user.organisationId))
      return { kind: 'participant', organisationId: user.organisationId };
    throw new NotFoundException('Framework', f.id);
  }

  async readable(db: EntityManager, user: AuthUser, id: string): Promise<{ f: FrameworkRow; scope: FrameworkScope }> {
    const f = await this.repo.find(db, id);
    if (!f) throw new NotFoundException('Framework', id);
    return { f, scope: await this.scopeOf(db, user, f) };
  }

  async get(user: AuthUser, id: string): Promise<FrameworkDto> {
    const db = this.dataSource.manager;
    const { f } = await this.readable(db, user, id);
    return this.toDto(db, user, f);
  }

  async list(user: AuthUser, limit: number, offset: number): Promise<{ items: FrameworkDto[]; total: number }> {
    const db = this.dataSource.manager;
    const rows = await this.repo.ofOrganisation(db, user.organisationId, limit, offset);
    const items: FrameworkDto[] = [];
    for (const f of rows) items.push(await this.toDto(db, user, f));
    return { items, total: await this.repo.countOfOrganisation(db, user.organisationId) };
  }

  private async toDto(db: EntityManager, user: AuthUser, f: FrameworkRow): Promise<FrameworkDto> {
    const suppliers = await this.repo.suppliers(db, f.id);
    const lots = new Map<string, FrameworkDto['lots'][number]>();
    for (const s of suppliers) {
      const lot = lots.get(s.lot_id) ?? {
        id: s.lot_id,
        key: s.lot_key,
        title: s.lot_title,
        suppliers: [],
        callOffMethods: [],
      };
      lot.suppliers.push({ rank: s.rank, organisationId: s.supplier_organisation_id, name: s.supplier_name });
      lot.callOffMethods = callOffMethodsFor(lot.suppliers.length);
      lots.set(s.lot_id, lot);
    }
    return {
      id: f.id,
      number: f.number,
      tenderId: f.tender_id,
      title: f.title,
      status: f.status,
      coordinatorOrganisationId: f.coordinator_organisation_id,
      coordinatorName: f.coordinator_name,
      termFrom: f.term_from,
      termTo: f.term_to,
      termReason: f.term_reason,
      concludedAt: f.concluded_at.toISOString(),
      endedAt: f.ended_at?.toISOString() ?? null,
      endReason: f.end_reason,
      mayCallOff: user.role !== Role.Supplier && (await this.repo.isParticipant(db, f.id, user.organisationId)),
      lots: [...lots.values()],
    };
  }

  /** GET /frameworks/{id}/consumption: per lot, item and participant (the coordinator all, a participant its own) */
  async consumption(user: AuthUser, id: string): Promise<ConsumptionDto> {
    const db = this.dataSource.manager;
    const { f, scope } = await this.readable(db, user, id);
    const rows = await this.repo.quantities(db, id, scope);
    return { frameworkId: f.id, number: f.number, status: f.status, items: rows.map(toConsumptionRow) };
  }

  /**
   * GET /frameworks/{id}/next-estimate: what a new bundle can start from: every participant's
   * call-offs of the last term, scaled to the next term's length (the coordinator all, a
   * participant its own).
   */
  async nextEstimate(user: AuthUser, id: string, termFrom?: string, termTo?: string): Promise<NextEstimateDto> {
    const db = this.dataSource.manager;
    const { f, scope } = await this.readable(db, user, id);
    if (scope.kind === 'supplier') throw new NotFoundException('Framework', id);
    const from = termFrom ?? dayAfter(f.term_to);
    const lastDays = daysBetween(f.term_from, f.term_to) + 1;
    const nextTo = termTo ?? addDays(from, lastDays - 1);
    if (nextTo < from)
      throw invalidFramework('The next term ends before it begins', 'Die nächste Laufzeit endet vor ihrem Beginn.', [
        {
          field: 'termTo',
          reason: `must be on or after the start (${from})`,
          de: `muss am oder nach dem Beginn (${from}) liegen`,
        },
      ]);
    const today = berlinDate(this.clock.now());
    const elapsed = Math.min(lastDays, Math.max(0, daysBetween(f.term_from, today) + 1));
    const nextDays = daysBetween(from, nextTo) + 1;
    const rows = await this.repo.quantities(db, id, scope);
    const merged = new Map<string, NextEstimateDto['items'][number] & { milli: number }>();
    for (const r of rows) {
      const key = `${r.organisation_id}|${r.cpv_code}|${r.unit}`;
      const entry = merged.get(key) ?? {
        organisationId: r.organisation_id,
        organisationName: r.organisation_name,
        cpvCode: r.cpv_code,
        cpvLabel: r.cpv_label,
        unit: r.unit,
        calledOffQuantity: 0,
        estimatedQuantity: 0,
        milli: 0,
      };
      entry.milli += quantityToMilli(r.called_off_quantity);
      merged.set(key, entry);
    }
    return {
      frameworkId: f.id,
      termFrom: from,
      termTo: nextTo,
      elapsedDays: elapsed,
      items: [...merged.values()].map(({ milli, ...e }) => ({
        ...e,
        calledOffQuantity: toQuantity(milli),
        estimatedQuantity: toQuantity(nextTermEstimateMilli(milli, elapsed, nextDays)),
      })),
    };
  }

  // ---- expiry (the tenders sweep runs it)

  /**
   * Ends the frameworks whose term passed or whose every maximum is called off, and warns 90
   * days before a term ends (notification and mail to the coordinator and the participants).
   */
  async sweep(): Promise<{ ended: number; warned: number }> {
    const now = this.clock.now();
    const today = berlinDate(now);
    return this.dataSource.transaction(async (manager) => {
      const ended = await this.repo.endDue(manager, today, now);
      for (const e of ended) {
        const f = await this.repo.find(manager, e.id);
        if (!f) continue;
        const orgs = [
          f.coordinator_organisation_id,
          ...(await this.repo.participantIds(manager, f.id)),
          ...(await this.repo.supplierIds(manager, f.id)),
        ];
        const why = e.end_reason === 'term' ? 'Laufzeit abgelaufen' : 'alle Höchstmengen abgerufen';
        await this.repo.notify(
          manager,
          orgs,
          'framework.ended',
          f.id,
          `Rahmenvereinbarung beendet (${why}): ${f.title}`,
          {
            frameworkId: f.id,
            endReason: e.end_reason,
          },
        );
        await this.audit.record(manager, {
          action: 'framework.ended',
          entityType: 'framework',
          entityId: f.id,
          data: { endReason: e.end_reason, on: today },
          actorUserId: null,
          actorOrganisationId: null,
        });
      }
      const until = addDays(today, FRAMEWORK_EXPIRY_WARNING_DAYS);
      const warned = await this.repo.markExpiryWarned(manager, today, until, now);
      for (const id of warned) {
        const f = await this.repo.find(manager, id);
        if (!f) continue;
        const orgs = [f.coordinator_organisation_id, ...(await this.repo.participantIds(manager, f.id))];
        const daysLeft = daysBetween(today, f.term_to);
        await this.repo.notify(
          manager,
          orgs,
          'framework.expiry-warning',
          f.id,
          `Rahmenvereinbarung endet am ${f.term_to.split('-').reverse().join('.')}: ${f.title}`,
          { frameworkId: f.id, termTo: f.term_to, daysLeft },
        );
        await this.mail.enqueueToOrganisations(
          manager,
          orgs,
          {
            template: 'framework.expiry-warning',
            params: {
              frameworkTitle: f.title,
              frameworkNumber: f.number,
              termTo: f.term_to,
              daysLeft,
              link: this.mail.link(`/frameworks/${f.id}`),
            },
            subjectId: f.id,
            onceKey: `framework-expiry:${f.id}`,
          },
          ['buyer', 'coordinator'],
        );
        await this.audit.record(manager, {
          action: 'framework.expiry-warned',
          entityType: 'framework',
          entityId: f.id,
          data: { termTo: f.term_to, daysLeft },
          actorUserId: null,
          actorOrganisationId: null,
        });
      }
      return { ended: ended.length, warned: warned.length };
    });
  }
}

export function toConsumptionRow(r: QuantityRow): ConsumptionRowDto {
  const maximum = quantityToMilli(r.maximum_quantity);
  const calledOff = quantityToMilli(r.called_off_quantity);
  return {
    lotId: r.lot_id,
    lotKey: r.lot_key,
    itemId: r.item_id,
    cpvCode: r.cpv_code,
    cpvLabel: r.cpv_label,
    unit: r.unit,
    organisationId: r.organisation_id,
    organisationName: r.organisation_name,
    estimatedQuantity: toQuantity(quantityToMilli(r.estimated_quantity)),
    maximumQuantity: toQuantity(maximum),
    calledOffQuantity: toQuantity(calledOff),
    orderedQuantity: toQuantity(quantityToMilli(r.ordered_quantity)),
    deliveredQuantity: toQuantity(quantityToMilli(r.delivered_quantity)),
    leftQuantity: toQuantity(quantityLeftMilli(maximum, calledOff)),
    usedPercent: maximum > 0 ? Math.round((calledOff * 1000) / maximum) / 10 : 0,
  };
}
