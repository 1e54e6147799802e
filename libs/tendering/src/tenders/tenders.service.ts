import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '@buendel/audit';
import { AuthUser, Role } from '@buendel/auth';
import { BundleChanges, ReferenceNames, ThresholdsService } from '@buendel/bundling';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import {
  canPublishTender,
  canTenderBundle,
  formatDateTime,
  isTenderDraft,
  isTenderPublished,
  LotToPlace,
  placeCriteria,
  PlacedCriterion,
  ScoringRule,
} from '@buendel/domain';
import { FieldError, isFieldWithin, NotFoundException, ValidationException } from '@buendel/errors';
import { Page, pageRequest } from '@buendel/http';
import { jobIdOf, JobName, OutboxEntry, OutboxWriter } from '@buendel/queue';
import { NoticesService } from '../notices/notices.service';
import { invalidTender, tenderingError, TenderingErrorCode, TenderingException } from '../tendering.exception';
import {
  CreateTenderDto,
  PublishCheckDto,
  RenameLotDto,
  TenderCriterionDto,
  TenderDto,
  TenderQueryDto,
  TenderSummaryDto,
  UpdateTenderDto,
} from './http/tender.dto';
import { checkableBody, orInvalid, tenderRefusal } from './tender-input';
import { PlannedLot, planLots } from './tender-lots';
import { TendersRepository } from './tenders.repository';
import { TenderRow, toTenderDto, toTenderSummaryDto } from './tender.view';

const DAY_MS = 86_400_000;

/**
 * Why this file has more than 400 lines: drafting and publishing a tender share one set of
 * checks on the draft (the criteria placement, the deadline's legal minimum period, the
 * regime), and the reads every other tendering service uses (owned, visible, view) live here;
 * the opening of the offers (TenderOpeningService) and the release of demands by cancelling or
 * an award (TenderReleasesService) are split off already along their seams.
 *
 * Joint tenders from closed bundles: drafting (lots, items, criteria in their phases, the
 * regime and the procedure it requires), publishing with the legal minimum period, changing a
 * published one, and cancelling. The opening of the offers is TenderOpeningService.
 */
@Injectable()
export class TendersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditLog,
    private readonly bundleChanges: BundleChanges,
    private readonly thresholds: ThresholdsService,
    private readonly names: ReferenceNames,
    private readonly outbox: OutboxWriter,
    private readonly repo: TendersRepository,
    private readonly notices: NoticesService,
  ) {}

  /** the legal minimum period from publication to the submission deadline for a regime */
  minimumPeriodMs(scope: 'EU' | 'NATIONAL'): number {
    if (this.config.TENDER_MIN_SUBMISSION_SECONDS !== undefined)
      return this.config.TENDER_MIN_SUBMISSION_SECONDS * 1000;
    return (scope === 'EU' ? this.config.TENDER_MIN_DAYS_EU : this.config.TENDER_MIN_DAYS_NATIONAL) * DAY_MS;
  }

  /** POST /bundles/{id}/tender: a draft from a closed bundle of the coordinator's organisation */
  async createFromBundle(user: AuthUser, bundleId: string, body: CreateTenderDto): Promise<TenderDto> {
    // the body's bad fields (the pipe keeps them): named whatever the bundle's state, as before;
    // where the draft can be planned, with the domain's problems of the valid fields
    const { dto, invalid } = checkableBody(body);
    return this.dataSource.transaction(async (manager) => {
      const bundle = await this.bundleChanges.lock(manager, bundleId);
      if (!bundle || bundle.coordinatorOrganisationId !== user.organisationId)
        throw orInvalid(invalid, new NotFoundException('Bundle', bundleId));
      const existing = await this.repo.idOfBundle(manager, bundleId);
      if (existing)
        throw orInvalid(
          invalid,
          tenderingError(TenderingErrorCode.TenderExists, `The bundle has a tender already (${existing})`, {
            extensions: { tenderId: existing },
          }),
        );
      if (!canTenderBundle(bundle.status)) {
        throw orInvalid(
          invalid,
          tenderingError(
            TenderingErrorCode.BundleNotClosed,
            `Only a closed bundle becomes a tender; this one is ${bundle.status}`,
          ),
        );
      }
      const meta = await this.repo.bundle(manager, bundleId);
      const shares = await this.repo.frozenShares(manager, bundleId);
      if (shares.length === 0)
        throw orInvalid(
          invalid,
          tenderingError(
            TenderingErrorCode.NoParticipants,
            'The bundle has no participants; there is nothing to tender',
          ),
        );

      const { lots, errors: lotErrors } = planLots(
        shares,
        dto.lots,
        await this.names.load(shares.map((r) => r.district_key)),
      );
      const placement = await this.placement(manager, bundle.mandatoryCriteria, dto, lotsToPlace(lots));
      const total = lots.reduce((s, l) => s + l.valueCents, 0);
      const regime = await this.thresholds.regime(total, meta.threshold_category, new Date());
      const errors: FieldError[] = [
        ...lotErrors,
        // criteria placed on lots other than the refused ones would name problems of no request
        ...(invalid.some((e) => isFieldWithin(e.field, 'lots')) ? [] : placement.problems),
        ...(dto.submissionDeadline === undefined
          ? []
          : this.deadlineProblems(dto.submissionDeadline, regime.scope, new Date())),
      ];
      const refusal = tenderRefusal('The tender cannot be drafted like this', invalid, errors);
      if (refusal) throw refusal;

      const id = await this.repo.insert(manager, {
        bundleId,
        coordinatorOrganisationId: user.organisationId,
        title: dto.title ?? meta.title,
        description: dto.description ?? null,
        procedureType: regime.scope === 'EU' ? 'open' : 'national-open',
        regime,
        estimatedValueCents: total,
        priceWeight: placement.priceWeight,
        submissionDeadline: new Date(dto.submissionDeadline),
        createdBy: user.id,
      });
      await this.repo.replaceLots(manager, id, lots);
      await this.repo.replaceCriteria(manager, id, placement.criteria);
      await this.repo.markBundleTendering(manager, bundleId);
      await this.repo.markBundleDemandsTendered(manager, bundleId);
      await this.audit.record(
        manager,
        {
          action: 'tender.created',
          entityType: 'tender',
          entityId: id,
          data: { bundleId, lots: lots.map((l) => l.key), estimatedValueCents: total, regime: regime.scope },
        },
        { action: 'bundle.tendering', entityType: 'bundle', entityId: bundleId, data: { tenderId: id } },
      );
      return this.view(manager, id);
    });
  }

  /**
   * GET /tenders: a coordinator's and a participant's tenders (drafts included), a supplier's the
   * published ones; a summary each, nothing of the offers.
   */
  async list(user: AuthUser, query: TenderQueryDto): Promise<Page<TenderSummaryDto>> {
    const page = await this.repo.page(
      this.dataSource.manager,
      { organisationId: user.organisationId, supplier: user.role === Role.Supplier },
      { status: query.status, bundleId: query.bundleId },
      pageRequest(query),
    );
    return { ...page, items: page.items.map(toTenderSummaryDto) };
  }

  async get(user: AuthUser, id: string): Promise<TenderDto> {
    const tender = await this.visible(this.dataSource.manager, user, id);
    return this.toDto(this.dataSource.manager, tender);
  }

  /**
   * A published tender (published, opened or awarded) as every supplier may read it: lots,
   * items with their delivery places, criteria per phase, deadline. A draft or a tender
   * cancelled before publication is 404, as for one that does not exist.
   */
  async published(id: string): Promise<TenderDto> {
    const tender = await this.repo.find(this.dataSource.manager, id);
    if (!tender || !tender.published_at || !['published', 'opened', 'awarded'].includes(tender.status))
      throw new NotFoundException('Tender', id);
    return this.toDto(this.dataSource.manager, tender);
  }

  /** the tender as the API shows it, with its lots, items and criteria */
  async toDto(db: EntityManager, tender: TenderRow): Promise<TenderDto> {
    const opening = tender.status === 'published' ? await this.repo.openingPeople(db, tender.id) : undefined;
    return {
      ...toTenderDto(tender, await this.repo.parts(db, tender.id)),
      opening:
        opening?.started_at && opening.started_by
          ? {
              startedAt: opening.started_at.toISOString(),
              startedBy: { id: opening.started_by, name: opening.started_by_name ?? '' },
              witness: opening.witness_id ? { id: opening.witness_id, name: opening.witness_name ?? '' } : null,
            }
          : null,
      submissionMinimum: {
        period: this.periodLabel(tender.regime.scope),
        seconds: this.minimumPeriodMs(tender.regime.scope) / 1000,
      },
    };
  }

  /** the tender by id as the API shows it; 404 if there is none */
  async view(db: EntityManager, id: string): Promise<TenderDto> {
    const tender = await this.repo.find(db, id);
    if (!tender) throw new NotFoundException('Tender', id);
    return this.toDto(db, tender);
  }

  /** Changes a draft: title, description, deadline, lots (re-planned), criteria and weights. */
  async update(user: AuthUser, id: string, body: UpdateTenderDto): Promise<TenderDto> {
    const { dto, invalid } = checkableBody(body); // as createFromBundle
    return this.dataSource.transaction(async (manager) => {
      const tender = await this.owned(manager, user, id, 'FOR UPDATE').catch((e: unknown) => {
        throw orInvalid(invalid, e);
      });
      if (invalid.length && !isTenderDraft(tender.status)) throw new ValidationException(invalid);
      if (isTenderPublished(tender.status)) return this.changePublished(manager, user, tender, dto);
      if (!isTenderDraft(tender.status)) throw wrongStatus(tender, 'Only a draft can be changed');
      const errors: FieldError[] = [];
      let lots: LotToPlace[] | undefined;
      if (dto.lots) {
        const shares = await this.repo.frozenShares(manager, tender.bundle_id);
        const { lots: planned, errors: lotErrors } = planLots(
          shares,
          dto.lots,
          await this.names.load(shares.map((r) => r.district_key)),
        );
        errors.push(...lotErrors);
        if (!lotErrors.length) {
          await this.repo.replaceLots(manager, id, planned);
          lots = lotsToPlace(planned);
        }
      }
      // new lots, criteria or weights: the criteria are placed again on the tender's lots (not
      // beside refused lots, on which no criterion was asked for)
      const lotsRefused = invalid.some((e) => isFieldWithin(e.field, 'lots'));
      if (!lotsRefused && (dto.criteria || dto.priceWeight !== undefined || lots)) {
        const { mandatory_criteria } = await this.repo.bundle(manager, tender.bundle_id);
        const placement = await this.placement(
          manager,
          mandatory_criteria,
          {
            criteria: dto.criteria ?? (await this.repo.placedCriteria(manager, id)),
            priceWeight: dto.priceWeight ?? Number(tender.price_weight),
          },
          lots ?? (await this.repo.lotsToPlace(manager, id)),
          Boolean(lots && !dto.criteria),
        );
        errors.push(...placement.problems);
        if (!placement.problems.length) {
          await this.repo.replaceCriteria(manager, id, placement.criteria);
          await this.repo.setPriceWeight(manager, id, placement.priceWeight);
        }
      }
      if (dto.submissionDeadline)
        errors.push(...this.deadlineProblems(dto.submissionDeadline, tender.regime.scope, new Date()));
      const refusal = tenderRefusal('The tender cannot be changed like this', invalid, errors);
      if (refusal) throw refusal;
      await this.repo.updateDraft(manager, id, {
        title: dto.title ?? null,
        description: dto.description ?? null,
        submissionDeadline: dto.submissionDeadline ? new Date(dto.submissionDeadline) : null,
      });
      await this.audit.record(manager, {
        action: 'tender.updated',
        entityType: 'tender',
        entityId: id,
        data: { fields: Object.keys(dto).filter((k) => dto[k as keyof UpdateTenderDto] !== undefined) },
      });
      return this.view(manager, id);
    });
  }

  /** Renames a lot of a draft (the proposal titles lots from their items; the coordinator may word it otherwise). */
  async renameLot(user: AuthUser, id: string, lotId: string, dto: RenameLotDto): Promise<TenderDto> {
    return this.dataSource.transaction(async (manager) => {
      const tender = await this.owned(manager, user, id, 'FOR UPDATE');
      if (!isTenderDraft(tender.status)) throw wrongStatus(tender, 'Only the lots of a draft can be renamed');
      const before = await this.repo.renameLot(manager, id, lotId, dto.title);
      if (before === undefined) throw new NotFoundException('Lot', lotId);
      if (before !== dto.title) {
        await this.audit.record(manager, {
          action: 'tender.lot.renamed',
          entityType: 'tender',
          entityId: id,
          data: { lotId, from: before, to: dto.title },
        });
      }
      return this.view(manager, id);
    });
  }

  /**
   * Publishes a draft. The regime is decided again for the day of publication (§ 3 Abs. 3 VgV),
   * the deadline must leave the legal minimum period, and the opening job waits for the deadline.
   */
  async publish(user: AuthUser, id: string): Promise<TenderDto> {
    return this.dataSource.transaction(async (manager) => {
      const tender = await this.owned(manager, user, id, 'FOR UPDATE');
      if (!canPublishTender(tender.status)) throw wrongStatus(tender, 'Only a draft can be published');
      const now = new Date();
      const { regime, problems } = await this.publishProblems(manager, tender, now);
      if (problems.length) throw invalidTender('The tender cannot be published yet', problems);
      await this.repo.markPublished(manager, id, regime, regime.scope === 'EU' ? 'open' : 'national-open');
      if (regime.scope === 'EU')
        await this.notices.issueContractNotice(manager, await this.found(manager, id), user.id, now);
      await this.outbox.add(manager, openJob(id, tender.submission_deadline), {
        name: JobName.TenderNotifySubscribers,
        payload: { tenderId: id },
        jobId: jobIdOf(JobName.TenderNotifySubscribers, id),
      });
      await this.audit.record(manager, {
        action: 'tender.published',
        entityType: 'tender',
        entityId: id,
        data: {
          submissionDeadline: tender.submission_deadline.toISOString(),
          regime: regime.scope,
          procedureType: regime.scope === 'EU' ? 'open' : 'national-open',
        },
      });
      return this.view(manager, id);
    });
  }

  /**
   * The dry run of publish (the draft page's last check): every problem publishing now would be
   * refused with, by the same rules, nothing written and nothing locked.
   */
  async publishCheck(user: AuthUser, id: string): Promise<PublishCheckDto> {
    const manager = this.dataSource.manager;
    const tender = await this.owned(manager, user, id);
    if (!canPublishTender(tender.status)) throw wrongStatus(tender, 'Only a draft can be published');
    const { problems } = await this.publishProblems(manager, tender, new Date());
    return {
      ready: problems.length === 0,
      problems: problems.map((p) => ({ field: p.field, code: p.code, reason: p.reason, de: p.de ?? p.reason })),
    };
  }

  /**
   * What stops a draft's publication at `now`: the regime is decided again for the day (§ 3
   * Abs. 3 VgV), the deadline must leave its minimum period, and an EU tender starts with its
   * contract notice (§ 10a VgV), so what the notice lacks is refused with the deadline.
   */
  private async publishProblems(manager: EntityManager, tender: TenderRow, now: Date) {
    const { threshold_category } = await this.repo.bundle(manager, tender.bundle_id);
    const regime = await this.thresholds.regime(Number(tender.estimated_value_cents), threshold_category, now);
    const problems: Array<FieldError & { code: string }> = this.deadlineProblems(
      tender.submission_deadline.toISOString(),
      regime.scope,
      now,
    ).map((p) => ({ ...p, code: 'SUBMISSION_PERIOD_TOO_SHORT' }));
    if (regime.scope === 'EU')
      for (const p of await this.notices.problems(manager, tender, now))
        problems.push({ ...p, code: 'EFORMS_MISSING' });
    return { regime, problems };
  }

  /** the delayed `tender.open` job of every published tender, as its publication wrote it to the outbox */
  async openJobsOfPublishedTenders(): Promise<Array<OutboxEntry<JobName.TenderOpen>>> {
    const published = await this.repo.publishedDeadlines(this.dataSource.manager);
    return published.map((t) => openJob(t.id, t.submission_deadline));
  }

  /** the tender if the user's organisation runs it or takes part in it; 404 otherwise */
  /**
   * A change of a published tender: only the title, the description and a later submission
   * deadline (the opening waits for the new one). An EU tender gets a change notice that
   * references its latest notice.
   */
  private async changePublished(
    manager: EntityManager,
    user: AuthUser,
    tender: TenderRow,
    dto: UpdateTenderDto,
  ): Promise<TenderDto> {
    const fixed = (['lots', 'criteria', 'priceWeight'] as const).filter((k) => dto[k] !== undefined);
    if (fixed.length)
      throw wrongStatus(
        tender,
        `After publication only title, description and a later deadline can change, not ${fixed.join(', ')}`,
      );
    const deadline = dto.submissionDeadline ? new Date(dto.submissionDeadline) : null;
    if (deadline && deadline.getTime() <= tender.submission_deadline.getTime())
      throw invalidTender('A published deadline can only be extended', [
        {
          field: 'submissionDeadline',
          reason: `must be after the published deadline (${tender.submission_deadline.toISOString()}); shortening it is not allowed`,
          de: `muss nach der bekannt gemachten Frist (${tender.submission_deadline.toISOString()}) liegen; eine Verkürzung ist nicht zulässig`,
        },
      ]);
    const changed: string[] = [];
    if (dto.title !== undefined && dto.title !== tender.title) changed.push('Titel');
    if (dto.description !== undefined && dto.description !== tender.description) changed.push('Beschreibung');
    if (deadline) changed.push(`Angebotsfrist verlängert auf ${deadline.toISOString()}`);
    if (!changed.length) return this.view(manager, tender.id);
    await this.repo.updateDraft(manager, tender.id, {
      title: dto.title ?? null,
      description: dto.description ?? null,
      submissionDeadline: deadline,
    });
    if (deadline)
      await this.outbox.add(manager, {
        name: JobName.TenderOpen,
        payload: { tenderId: tender.id },
        jobId: jobIdOf(JobName.TenderOpen, tender.id, deadline.getTime()),
        runAt: deadline,
      });
    await this.audit.record(manager, {
      action: 'tender.changed',
      entityType: 'tender',
      entityId: tender.id,
      data: { changed, submissionDeadline: deadline?.toISOString() ?? null },
    });
    if (tender.regime.scope === 'EU') {
      const lots = deadline ? (await this.repo.parts(manager, tender.id)).lots.map((l) => l.id) : [];
      await this.notices.issueChangeNotice(
        manager,
        await this.found(manager, tender.id),
        { description: `Geändert: ${changed.join('; ')}.`, changedLotIds: lots },
        user.id,
        new Date(),
      );
    }
    return this.view(manager, tender.id);
  }

  private async found(manager: EntityManager, id: string): Promise<TenderRow> {
    const tender = await this.repo.find(manager, id);
    if (!tender) throw new NotFoundException('Tender', id);
    return tender;
  }

  async visible(manager: EntityManager, user: AuthUser, id: string): Promise<TenderRow> {
    const tender = await this.repo.find(manager, id);
    if (!tender) throw new NotFoundException('Tender', id);
    if (tender.coordinator_organisation_id === user.organisationId) return tender;
    if (!(await this.repo.isParticipant(manager, id, user.organisationId))) throw new NotFoundException('Tender', id);
    return tender;
  }

  /** the tender if the user's organisation runs it; 404 otherwise */
  async owned(manager: EntityManager, user: AuthUser, id: string, lock: '' | 'FOR UPDATE' = ''): Promise<TenderRow> {
    const tender = await this.repo.find(manager, id, lock);
    if (!tender || tender.coordinator_organisation_id !== user.organisationId)
      throw new NotFoundException('Tender', id);
    return tender;
  }

  private async placement(
    manager: EntityManager,
    mandatory: string[],
    dto: { criteria?: Array<PlacedCriterion | TenderCriterionDto>; priceWeight?: number },
    lots: LotToPlace[],
    lotsReplanned = false,
  ) {
    const catalogue = await this.repo.criterionCatalogue(manager);
    return placeCriteria({
      mandatory,
      // a valued award criterion without a rule of the tender's own is scored by the catalogue's rule
      requested: dto.criteria?.map(toPlaced).map((c) => {
        const rule = catalogue.get(c.code)?.parameter?.scoring;
        return c.phase === 'award' && !c.scoring && rule ? { ...c, scoring: rule } : c;
      }),
      priceWeight: dto.priceWeight,
      parameterOf: (code) => catalogue.get(code)?.parameter,
      phasesOf: (code) => catalogue.get(code)?.phases,
      cpvPrefixesOf: (code) => catalogue.get(code)?.cpvPrefixes ?? undefined,
      lots,
      lotsReplanned,
    });
  }

  /** the minimum period in German words (the draft's form shows it, a 400 names it) */
  private periodLabel(scope: 'EU' | 'NATIONAL'): string {
    if (this.config.TENDER_MIN_SUBMISSION_SECONDS !== undefined)
      return `${this.config.TENDER_MIN_SUBMISSION_SECONDS} Sekunden (TENDER_MIN_SUBMISSION_SECONDS)`;
    return scope === 'EU'
      ? `${this.config.TENDER_MIN_DAYS_EU} Tage (EU-weites offenes Verfahren mit elektronischer Angebotsabgabe, § 15 VgV)`
      : `${this.config.TENDER_MIN_DAYS_NATIONAL} Tage (nationales Verfahren, § 9 UVgO)`;
  }

  private deadlineProblems(deadline: string, scope: 'EU' | 'NATIONAL', publication: Date): FieldError[] {
    const min = publication.getTime() + this.minimumPeriodMs(scope);
    if (new Date(deadline).getTime() >= min) return [];
    const period =
      this.config.TENDER_MIN_SUBMISSION_SECONDS !== undefined
        ? `${this.config.TENDER_MIN_SUBMISSION_SECONDS} seconds (TENDER_MIN_SUBMISSION_SECONDS)`
        : scope === 'EU'
          ? `${this.config.TENDER_MIN_DAYS_EU} days (EU open procedure with electronic submission, § 15 VgV)`
          : `${this.config.TENDER_MIN_DAYS_NATIONAL} days (national procedure, § 9 UVgO)`;
    return [
      {
        field: 'submissionDeadline',
        code: 'BEFORE_MINIMUM_PERIOD',
        reason: `must leave at least ${period} after publication: not before ${new Date(min).toISOString()}`,
        de: `muss mindestens ${this.periodLabel(scope)} nach der Veröffentlichung liegen: frühestens am ${formatDateTime(min)}`,
      },
    ];
  }
}

/** what may not be done in the tender's status; `de` words it in German where the code's German says too little */
export function wrongStatus(
  tender: Pick<TenderRow, 'id' | 'status'>,
  message: string,
  de?: string,
): TenderingException {
  return tenderingError(TenderingErrorCode.WrongStatus, `${message}; the tender is ${tender.status}`, {
    ...(de === undefined ? {} : { de: `${de} (Stand der Ausschreibung: ${tender.status})` }),
    extensions: {
      tenderId: tender.id,
      status: tender.status,
    },
  });
}

/** a requested criterion as the domain places it: a rule with only its own fields */
function toPlaced(c: PlacedCriterion | TenderCriterionDto): PlacedCriterion {
  const { scoring, ...rest } = c;
  if (!scoring) return rest;
  const rule: ScoringRule =
    scoring.rule === 'linear'
      ? { rule: 'linear', floor: Number(scoring.floor), best: Number(scoring.best) }
      : {
          rule: 'thresholds',
          thresholds: (scoring.thresholds ?? []).map((t) => ({ value: t.value, points: t.points })),
        };
  return { ...rest, scoring: rule };
}

/** the planned lots as the criteria placement sees them */
function lotsToPlace(lots: PlannedLot[]): LotToPlace[] {
  return lots.map((l) => ({ key: l.key, title: l.title, cpvCodes: [...new Set(l.items.map((i) => i.cpvCode))] }));
}

/** opens the offers at the submission deadline */
function openJob(tenderId: string, deadline: Date): OutboxEntry<JobName.TenderOpen> {
  return {
    name: JobName.TenderOpen,
    payload: { tenderId },
    jobId: jobIdOf(JobName.TenderOpen, tenderId, deadline.getTime()),
    runAt: deadline,
  };
}
