import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '@buendel/audit';
import { AuthUser } from '@buendel/auth';
import { BundleChanges, ReferenceNames, ThresholdsService } from '@buendel/bundling';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import { placeCriteria, TenderPhase, ThresholdCategory } from '@buendel/domain';
import { ErrorKind, FieldError, NotFoundException } from '@buendel/errors';
import { queryOne, queryRows } from '@buendel/persistence';
import { JobName, jobIdOf, OutboxWriter } from '@buendel/queue';
import { TenderingErrorCode, TenderingException } from '../tendering.exception';
import { CreateTenderDto, TenderDto, UpdateTenderDto } from './http/tender.dto';
import { frozenShares, planLots, storeLots } from './tender-lots';
import { findTenderRow, readTenderRow, TenderRow, toTenderDto } from './tender.view';

const DAY_MS = 86_400_000;

/**
 * Joint tenders from closed bundles: drafting (lots, items, criteria in their phases, the
 * regime and the procedure it requires), publishing with the legal minimum period, opening at
 * the submission deadline (a delayed job) and cancelling.
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
  ) {}

  /** the legal minimum period from publication to the submission deadline for a regime */
  minimumPeriodMs(scope: 'EU' | 'NATIONAL'): number {
    if (this.config.TENDER_MIN_SUBMISSION_SECONDS !== undefined)
      return this.config.TENDER_MIN_SUBMISSION_SECONDS * 1000;
    return (scope === 'EU' ? this.config.TENDER_MIN_DAYS_EU : this.config.TENDER_MIN_DAYS_NATIONAL) * DAY_MS;
  }

  /** POST /bundles/{id}/tender: a draft from a closed bundle of the coordinator's organisation */
  async createFromBundle(user: AuthUser, bundleId: string, dto: CreateTenderDto): Promise<TenderDto> {
    return this.dataSource.transaction(async (manager) => {
      const bundle = await this.bundleChanges.lock(manager, bundleId);
      if (!bundle || bundle.coordinatorOrganisationId !== user.organisationId)
        throw new NotFoundException('Bundle', bundleId);
      const [existing] = await manager.query<Array<{ id: string }>>(`SELECT id FROM tenders WHERE bundle_id = $1`, [
        bundleId,
      ]);
      if (existing)
        throw TenderingException.conflict(
          TenderingErrorCode.TenderExists,
          `The bundle has a tender already (${existing.id})`,
          { tenderId: existing.id },
        );
      if (bundle.status !== 'closed') {
        throw TenderingException.conflict(
          TenderingErrorCode.BundleNotClosed,
          `Only a closed bundle becomes a tender; this one is ${bundle.status}`,
        );
      }
      const meta = await queryOne<{ title: string; threshold_category: ThresholdCategory }>(
        manager,
        `SELECT title, threshold_category FROM bundles WHERE id = $1`,
        [bundleId],
      );
      const shares = await frozenShares(manager, bundleId);
      if (shares.length === 0)
        throw TenderingException.conflict(
          TenderingErrorCode.NoParticipants,
          'The bundle has no participants; there is nothing to tender',
        );

      const { lots, errors: lotErrors } = planLots(shares, dto.lots, await this.names.load());
      const placement = await this.placement(manager, bundle.mandatoryCriteria, dto);
      const total = lots.reduce((s, l) => s + l.valueCents, 0);
      const regime = await this.thresholds.regime(total, meta.threshold_category, new Date());
      const errors: FieldError[] = [
        ...lotErrors,
        ...placement.problems,
        ...this.deadlineProblems(dto.submissionDeadline, regime.scope, new Date()),
      ];
      if (errors.length) throw TenderingException.invalid('The tender cannot be drafted like this', errors);

      const { id } = await queryOne<{ id: string }>(
        manager,
        `INSERT INTO tenders (bundle_id, coordinator_organisation_id, status, title, description, procedure_type, regime,
           estimated_value_cents, price_weight, submission_deadline, created_by)
         VALUES ($1, $2, 'draft', $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [
          bundleId,
          user.organisationId,
          dto.title ?? meta.title,
          dto.description ?? null,
          regime.scope === 'EU' ? 'open' : 'national-open',
          JSON.stringify(regime),
          total,
          placement.priceWeight,
          new Date(dto.submissionDeadline),
          user.id,
        ],
      );
      await storeLots(manager, id, lots);
      await this.storeCriteria(manager, id, placement.criteria);
      await manager.query(`UPDATE bundles SET status = 'tendering', updated_at = now() WHERE id = $1`, [bundleId]);
      await manager.query(
        `UPDATE demands SET status = 'tendered', updated_at = now() WHERE id IN (SELECT demand_id FROM bundle_participations WHERE bundle_id = $1)`,
        [bundleId],
      );
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
      return toTenderDto(manager, await readTenderRow(manager, id));
    });
  }

  async get(user: AuthUser, id: string): Promise<TenderDto> {
    const tender = await this.visible(this.dataSource.manager, user, id);
    return toTenderDto(this.dataSource.manager, tender);
  }

  /** Changes a draft: title, description, deadline, lots (re-planned), criteria and weights. */
  async update(user: AuthUser, id: string, dto: UpdateTenderDto): Promise<TenderDto> {
    return this.dataSource.transaction(async (manager) => {
      const tender = await this.owned(manager, user, id, 'FOR UPDATE');
      if (tender.status !== 'draft') throw wrongStatus(tender, 'Only a draft can be changed');
      const errors: FieldError[] = [];
      if (dto.lots) {
        const { lots, errors: lotErrors } = planLots(
          await frozenShares(manager, tender.bundle_id),
          dto.lots,
          await this.names.load(),
        );
        errors.push(...lotErrors);
        if (!lotErrors.length) await storeLots(manager, id, lots);
      }
      if (dto.criteria || dto.priceWeight !== undefined) {
        const [{ mandatory_criteria }] = await manager.query<Array<{ mandatory_criteria: string[] }>>(
          `SELECT mandatory_criteria FROM bundles WHERE id = $1`,
          [tender.bundle_id],
        );
        const current = await manager.query<
          Array<{ code: string; phase: TenderPhase; weight: string | null; detail: string | null }>
        >(`SELECT code, phase, weight::text AS weight, detail FROM tender_criteria WHERE tender_id = $1`, [id]);
        const placement = await this.placement(manager, mandatory_criteria, {
          criteria:
            dto.criteria ??
            current.map((c) => ({
              code: c.code,
              phase: c.phase,
              weight: c.weight === null ? undefined : Number(c.weight),
              detail: c.detail ?? undefined,
            })),
          priceWeight: dto.priceWeight ?? Number(tender.price_weight),
        });
        errors.push(...placement.problems);
        if (!placement.problems.length) {
          await this.storeCriteria(manager, id, placement.criteria);
          await manager.query(`UPDATE tenders SET price_weight = $2 WHERE id = $1`, [id, placement.priceWeight]);
        }
      }
      if (dto.submissionDeadline)
        errors.push(...this.deadlineProblems(dto.submissionDeadline, tender.regime.scope, new Date()));
      if (errors.length) throw TenderingException.invalid('The tender cannot be changed like this', errors);
      await manager.query(
        `UPDATE tenders SET title = coalesce($2, title), description = coalesce($3, description),
           submission_deadline = coalesce($4, submission_deadline),
           estimated_value_cents = (SELECT coalesce(sum(estimated_value_cents), 0) FROM tender_lots WHERE tender_id = $1),
           updated_at = now()
         WHERE id = $1`,
        [
          id,
          dto.title ?? null,
          dto.description ?? null,
          dto.submissionDeadline ? new Date(dto.submissionDeadline) : null,
        ],
      );
      await this.audit.record(manager, {
        action: 'tender.updated',
        entityType: 'tender',
        entityId: id,
        data: { fields: Object.keys(dto).filter((k) => dto[k as keyof UpdateTenderDto] !== undefined) },
      });
      return toTenderDto(manager, await readTenderRow(manager, id));
    });
  }

  /**
   * Publishes a draft. The regime is decided again for the day of publication (§ 3 Abs. 3 VgV),
   * the deadline must leave the legal minimum period, and the opening job waits for the deadline.
   */
  async publish(user: AuthUser, id: string): Promise<TenderDto> {
    return this.dataSource.transaction(async (manager) => {
      const tender = await this.owned(manager, user, id, 'FOR UPDATE');
      if (tender.status !== 'draft') throw wrongStatus(tender, 'Only a draft can be published');
      const [{ threshold_category }] = await manager.query<Array<{ threshold_category: ThresholdCategory }>>(
        `SELECT threshold_category FROM bundles WHERE id = $1`,
        [tender.bundle_id],
      );
      const now = new Date();
      const regime = await this.thresholds.regime(Number(tender.estimated_value_cents), threshold_category, now);
      const problems = this.deadlineProblems(tender.submission_deadline.toISOString(), regime.scope, now);
      if (problems.length)
        throw TenderingException.invalid('The submission deadline is too early for publication now', problems);
      await manager.query(
        `UPDATE tenders SET status = 'published', published_at = now(), regime = $2, procedure_type = $3, updated_at = now() WHERE id = $1`,
        [id, JSON.stringify(regime), regime.scope === 'EU' ? 'open' : 'national-open'],
      );
      await this.outbox.add(
        manager,
        {
          name: JobName.TenderOpen,
          payload: { tenderId: id },
          jobId: jobIdOf(JobName.TenderOpen, id, tender.submission_deadline.getTime()),
          runAt: tender.submission_deadline,
        },
        {
          name: JobName.TenderNotifySubscribers,
          payload: { tenderId: id },
          jobId: jobIdOf(JobName.TenderNotifySubscribers, id),
        },
      );
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
      return toTenderDto(manager, await readTenderRow(manager, id));
    });
  }

  /** Cancels the procedure (Aufhebung, § 63 VgV) with a reason; the bundle is cancelled and its demands released. */
  async cancel(user: AuthUser, id: string, reason: string): Promise<TenderDto> {
    return this.dataSource.transaction(async (manager) => {
      const tender = await this.owned(manager, user, id, 'FOR UPDATE');
      if (!['draft', 'published', 'opened'].includes(tender.status))
        throw wrongStatus(tender, `A ${tender.status} tender cannot be cancelled`);
      await this.bundleChanges.lock(manager, tender.bundle_id);
      const released = await queryRows<{ demand_id: string }>(
        manager,
        `DELETE FROM bundle_participations WHERE bundle_id = $1 RETURNING demand_id`,
        [tender.bundle_id],
      );
      await manager.query(`UPDATE demands SET status = 'open', updated_at = now() WHERE id = ANY($1::uuid[])`, [
        released.map((r) => r.demand_id),
      ]);
      await manager.query(`UPDATE bundles SET status = 'cancelled', updated_at = now() WHERE id = $1`, [
        tender.bundle_id,
      ]);
      await manager.query(
        `UPDATE tenders SET status = 'cancelled', cancelled_at = now(), updated_at = now() WHERE id = $1`,
        [id],
      );
      await this.audit.record(
        manager,
        { action: 'tender.cancelled', entityType: 'tender', entityId: id, data: { from: tender.status, reason } },
        {
          action: 'bundle.cancelled',
          entityType: 'bundle',
          entityId: tender.bundle_id,
          data: { reason: 'tender cancelled', tenderId: id, releasedDemandIds: released.map((r) => r.demand_id) },
        },
      );
      await this.bundleChanges.participationsChanged(manager, tender.bundle_id);
      return toTenderDto(manager, await readTenderRow(manager, id));
    });
  }

  /** Opens the offers if the tender is published and its deadline has passed (the delayed job and the sweep). */
  async openIfDue(id: string, trigger: 'deadline' | 'sweep'): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const [due] = await manager.query<Array<{ id: string }>>(
        `SELECT id FROM tenders WHERE id = $1 AND status = 'published' AND submission_deadline <= now() FOR UPDATE`,
        [id],
      );
      if (!due) return false;
      await manager.query(`UPDATE tenders SET status = 'opened', opened_at = now(), updated_at = now() WHERE id = $1`, [
        id,
      ]);
      // the opening record (§ 55 Abs. 2 VgV): how many offers per lot, not what they say
      const counts = await manager.query<Array<{ key: string; offers: number }>>(
        `SELECT l.key, count(o.id)::int AS offers FROM tender_lots l LEFT JOIN offers o ON o.lot_id = l.id
         WHERE l.tender_id = $1 GROUP BY l.key, l.position ORDER BY l.position`,
        [id],
      );
      await this.audit.record(manager, {
        action: 'tender.opened',
        entityType: 'tender',
        entityId: id,
        data: { trigger, offersPerLot: Object.fromEntries(counts.map((c) => [c.key, c.offers])) },
        actorUserId: null,
        actorOrganisationId: null,
      });
      return true;
    });
  }

  async dueForOpening(limit = 200): Promise<string[]> {
    const rows = await this.dataSource.query<Array<{ id: string }>>(
      `SELECT id FROM tenders WHERE status = 'published' AND submission_deadline <= now() ORDER BY submission_deadline LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.id);
  }

  /** the tender if the user's organisation runs it or takes part in it; 404 otherwise */
  async visible(manager: EntityManager, user: AuthUser, id: string): Promise<TenderRow> {
    const tender = await findTenderRow(manager, id);
    if (!tender) throw new NotFoundException('Tender', id);
    if (tender.coordinator_organisation_id === user.organisationId) return tender;
    const [share] = await manager.query<Array<{ one: number }>>(
      `SELECT 1 AS one FROM tender_item_shares WHERE tender_id = $1 AND organisation_id = $2 LIMIT 1`,
      [id, user.organisationId],
    );
    if (!share) throw new NotFoundException('Tender', id);
    return tender;
  }

  /** the tender if the user's organisation runs it; 404 otherwise */
  async owned(manager: EntityManager, user: AuthUser, id: string, lock = ''): Promise<TenderRow> {
    const tender = await findTenderRow(manager, id, lock);
    if (!tender || tender.coordinator_organisation_id !== user.organisationId)
      throw new NotFoundException('Tender', id);
    return tender;
  }

  private async placement(
    manager: EntityManager,
    mandatory: string[],
    dto: Pick<CreateTenderDto, 'criteria' | 'priceWeight'>,
  ) {
    const catalogue = await manager.query<Array<{ code: string; phases: TenderPhase[] }>>(
      `SELECT code, phases FROM sustainability_criteria`,
    );
    const phases = new Map(catalogue.map((c) => [c.code, c.phases]));
    return placeCriteria({
      mandatory,
      requested: dto.criteria,
      priceWeight: dto.priceWeight,
      phasesOf: (code) => phases.get(code),
    });
  }

  private async storeCriteria(
    manager: EntityManager,
    tenderId: string,
    criteria: ReturnType<typeof placeCriteria>['criteria'],
  ): Promise<void> {
    await manager.query(`DELETE FROM tender_criteria WHERE tender_id = $1`, [tenderId]);
    await manager.query(
      `INSERT INTO tender_criteria (tender_id, code, phase, weight, detail)
       SELECT $1, c, p, w, d FROM unnest($2::text[], $3::text[], $4::numeric[], $5::text[]) AS s(c, p, w, d)`,
      [
        tenderId,
        criteria.map((c) => c.code),
        criteria.map((c) => c.phase),
        criteria.map((c) => c.weight ?? null),
        criteria.map((c) => c.detail ?? null),
      ],
    );
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
        reason: `must leave at least ${period} after publication: not before ${new Date(min).toISOString()}`,
      },
    ];
  }
}

export function wrongStatus(tender: Pick<TenderRow, 'id' | 'status'>, message: string): TenderingException {
  return new TenderingException(
    ErrorKind.Conflict,
    TenderingErrorCode.WrongStatus,
    `${message}; the tender is ${tender.status}`,
    undefined,
    {
      tenderId: tender.id,
      status: tender.status,
    },
  );
}
