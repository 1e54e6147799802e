import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '@buendel/audit';
import { AuthUser } from '@buendel/auth';
import { Clock } from '@buendel/clock';
import {
  BundleStatus,
  centsToEur,
  checkDemandAgainstBundle,
  cpvContractNature,
  cpvPrefixToCode,
  eurToCents,
  Mismatch,
  normalizeCpvPrefix,
  thresholdCategoryFor,
} from '@buendel/domain';
import { FieldError, NotFoundException } from '@buendel/errors';
import { Page, pageRequest } from '@buendel/http';
import { queryPage } from '@buendel/persistence';
import { queryOne, queryRows } from '@buendel/persistence';
import { jobIdOf, JobName, OutboxEntry, OutboxWriter } from '@buendel/queue';
import { bundlingError, BundlingErrorCode, BundlingException, unknownReferences } from '../bundling.exception';
import { CriteriaService } from '../catalogue/criteria.service';
import { DEMAND_COLUMNS, DEMAND_FROM, DemandRow } from '../demands/demand.view';
import { PlacesService } from '../places.service';
import { BundleChanges, LockedBundle } from './bundle-changes';
import { BUNDLE_COLUMNS, BUNDLE_FROM, BundleRow, toBundleDto } from './bundle.view';
import { BundleDto, BundleMatchListDto, BundleQueryDto, CreateBundleDto, UpdateBundleDto } from './http/dto/bundle.dto';

/** who is looking: the organisation and the districts of its region (its own and those it coordinates) */
export interface Viewer {
  user: AuthUser;
  regionKeys: string[];
}

/**
 * The SQL condition under which a bundle is visible: its coordinator, public bodies of a
 * district it covers, and every organisation taking part. Pushes its parameters.
 */
export function visibleTo(params: unknown[], viewer: Viewer): string {
  const org = `$${params.push(viewer.user.organisationId)}`;
  const keys = `$${params.push(viewer.regionKeys)}::text[]`;
  return `(b.coordinator_organisation_id = ${org} OR b.district_keys && ${keys}
    OR EXISTS (SELECT 1 FROM bundle_participations vp WHERE vp.bundle_id = b.id AND vp.organisation_id = ${org}))`;
}

export function isVisible(
  bundle: Pick<LockedBundle, 'coordinatorOrganisationId' | 'districtKeys'>,
  viewer: Viewer,
  participates: boolean,
): boolean {
  return (
    bundle.coordinatorOrganisationId === viewer.user.organisationId ||
    participates ||
    bundle.districtKeys.some((k) => viewer.regionKeys.includes(k))
  );
}

/** the viewer's region: the districts it coordinates and its own */
function viewerOf(user: AuthUser, places: { districtKey: string | null; coordinatedDistrictKeys: string[] }): Viewer {
  const keys = new Set(places.coordinatedDistrictKeys);
  if (places.districtKey) keys.add(places.districtKey);
  return { user, regionKeys: [...keys].sort() };
}

/** why a demand in this status cannot join, or undefined */
export function demandStatusProblem(
  demand: Pick<DemandRow, 'status' | 'bundle_id'>,
  bundleId: string,
): string | undefined {
  if (demand.bundle_id === bundleId) return undefined;
  if (demand.bundle_id) return `takes part in another bundle (${demand.bundle_id})`;
  if (demand.status === 'draft') return 'is a draft; open it first (PATCH status open)';
  if (demand.status !== 'open') return `is ${demand.status}`;
  return undefined;
}

/** A demand row against a bundle: the domain check plus the status. */
export function demandMismatches(demand: DemandRow, bundle: LockedBundle | BundleDtoLike): Mismatch[] {
  const statusProblem = demandStatusProblem(demand, bundle.id);
  return [
    ...(statusProblem ? [{ field: 'status' as Mismatch['field'], reason: `The demand ${statusProblem}` }] : []),
    ...checkDemandAgainstBundle({
      demand: {
        cpvCode: demand.cpv_code,
        deliveryAgs: demand.delivery_ags,
        deliveryFrom: demand.delivery_from,
        deliveryTo: demand.delivery_to,
        criteria: demand.criteria,
      },
      bundle,
    }),
  ];
}
type BundleDtoLike = Pick<BundleDto, 'id' | 'districtKeys' | 'deliveryFrom' | 'deliveryTo' | 'mandatoryCriteria'> & {
  cpvPrefix: string | string[];
};

@Injectable()
export class BundlesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly places: PlacesService,
    private readonly criteria: CriteriaService,
    private readonly changes: BundleChanges,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {}

  async viewer(user: AuthUser): Promise<Viewer> {
    return viewerOf(user, await this.places.of(user));
  }

  /** A coordinator opens a bundle for districts its organisation coordinates. */
  async create(user: AuthUser, dto: CreateBundleDto): Promise<BundleDto> {
    const places = await this.places.of(user);
    const coordinated = places.coordinatedDistrictKeys;
    const errors: FieldError[] = [];
    const districtKeys = [...(dto.districtKeys ?? coordinated)].sort();
    if (coordinated.length === 0) {
      errors.push({
        field: 'districtKeys',
        reason: 'your organisation coordinates no district; an admin assigns districts',
      });
    }
    (dto.districtKeys ?? []).forEach((key, i) => {
      if (!coordinated.includes(key)) {
        errors.push({ field: `districtKeys.${i}`, reason: `your organisation does not coordinate district ${key}` });
      }
    });
    const given = [
      { field: 'cpvPrefix', prefix: normalizeCpvPrefix(dto.cpvPrefix) },
      ...(dto.additionalCpvPrefixes ?? []).map((p, i) => ({
        field: `additionalCpvPrefixes.${i}`,
        prefix: normalizeCpvPrefix(p),
      })),
    ];
    const cpvPrefixes = [...new Set(given.map((g) => g.prefix))];
    const heads = await this.dataSource.query<Array<{ digits: string }>>(
      `SELECT digits FROM cpv_codes WHERE digits = ANY($1::text[])`,
      [cpvPrefixes.map((p) => p.padEnd(8, '0'))],
    );
    const known = new Set(heads.map((h) => h.digits));
    for (const g of given) {
      if (!known.has(g.prefix.padEnd(8, '0')))
        errors.push({ field: g.field, reason: `no CPV code heads the prefix ${g.prefix}` });
    }
    if (
      errors.length === 0 &&
      new Set(cpvPrefixes.map((p) => cpvContractNature(cpvPrefixToCode(p)) === 'works')).size > 1
    ) {
      errors.push({
        field: 'additionalCpvPrefixes',
        reason: 'works (division 45) and supplies or services cannot share a bundle',
      });
    }
    errors.push(...(await this.criteria.unknownCodes(dto.mandatoryCriteria ?? [], 'mandatoryCriteria')));
    const deadline = new Date(dto.joinDeadline);
    if (!(deadline.getTime() > this.clock.nowMs()))
      errors.push({ field: 'joinDeadline', reason: 'must be in the future' });
    if (dto.deliveryFrom > dto.deliveryTo) {
      errors.push({ field: 'deliveryTo', reason: `must not be before deliveryFrom (${dto.deliveryFrom})` });
    }
    if (errors.length) throw unknownReferences(errors);

    const category = thresholdCategoryFor(cpvContractNature(cpvPrefixToCode(cpvPrefixes[0] ?? '')), 'sub-central');
    return this.dataSource.transaction(async (manager) => {
      const { id } = await queryOne<{ id: string }>(
        manager,
        `INSERT INTO bundles (title, description, status, coordinator_organisation_id, cpv_prefixes, district_keys, join_deadline,
           delivery_from, delivery_to, mandatory_criteria, min_participants, target_value_cents, threshold_category, created_by)
         VALUES ($1, $2, 'open', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
        [
          dto.title,
          dto.description ?? null,
          user.organisationId,
          cpvPrefixes,
          districtKeys,
          deadline,
          dto.deliveryFrom,
          dto.deliveryTo,
          dto.mandatoryCriteria ?? [],
          dto.minParticipants ?? null,
          dto.targetValueEur === undefined ? null : eurToCents(dto.targetValueEur),
          category,
          user.id,
        ],
      );
      await this.audit.record(manager, {
        action: 'bundle.created',
        entityType: 'bundle',
        entityId: id,
        data: {
          title: dto.title,
          cpvPrefixes,
          districtKeys,
          joinDeadline: deadline.toISOString(),
          mandatoryCriteria: dto.mandatoryCriteria ?? [],
        },
      });
      await this.outbox.add(manager, closeJob(id, deadline), {
        name: JobName.BundleNotifyMatches,
        payload: { bundleId: id },
        jobId: jobIdOf(JobName.BundleNotifyMatches, id),
      });
      await this.changes.aggregate(manager, id, 0);
      return this.readDto(manager, id, viewerOf(user, places));
    });
  }

  async list(user: AuthUser, query: BundleQueryDto): Promise<Page<BundleDto>> {
    const viewer = await this.viewer(user);
    const request = pageRequest(query);
    const params: unknown[] = [];
    const conditions = [visibleTo(params, viewer)];
    if (query.status) conditions.push(`b.status = $${params.push(query.status)}`);
    if (query.districtKey) conditions.push(`$${params.push(query.districtKey)} = ANY(b.district_keys)`);
    if (query.cpv) {
      const p = `$${params.push(normalizeCpvPrefix(query.cpv))}::text`;
      conditions.push(
        `EXISTS (SELECT 1 FROM unnest(b.cpv_prefixes) s(prefix) WHERE s.prefix LIKE ${p} || '%' OR ${p} LIKE s.prefix || '%')`,
      );
    }
    return queryPage(
      this.dataSource,
      request,
      {
        select: `SELECT ${BUNDLE_COLUMNS} FROM ${BUNDLE_FROM}`,
        countFrom: 'bundles b',
        where: conditions.join(' AND '),
        whereParams: params,
        orderBy: `(b.status = 'open') DESC, b.join_deadline, b.id`,
      },
      toBundleDto,
    );
  }

  async get(user: AuthUser, id: string): Promise<BundleDto> {
    return this.readDto(this.dataSource.manager, id, await this.viewer(user));
  }

  /** Title, description, deadline and targets of an open bundle (its coordinator only). */
  async update(user: AuthUser, id: string, dto: UpdateBundleDto): Promise<BundleDto> {
    return this.dataSource.transaction(async (manager) => {
      const bundle = await this.lockOwned(manager, user, id);
      if (!bundle.acceptsChanges) throw notOpen(bundle);
      const deadline = dto.joinDeadline ? new Date(dto.joinDeadline) : undefined;
      if (deadline && !(deadline.getTime() > this.clock.nowMs())) {
        throw unknownReferences([{ field: 'joinDeadline', reason: 'must be in the future' }]);
      }
      const sets: string[] = [];
      const params: unknown[] = [id];
      const set = (column: string, value: unknown) => sets.push(`${column} = $${params.push(value)}`);
      if (dto.title !== undefined) set('title', dto.title);
      if (dto.description !== undefined) set('description', dto.description);
      if (deadline) set('join_deadline', deadline);
      if (dto.minParticipants !== undefined) set('min_participants', dto.minParticipants);
      if (dto.targetValueEur !== undefined) set('target_value_cents', eurToCents(dto.targetValueEur));
      if (sets.length) {
        await manager.query(`UPDATE bundles SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, params);
        await this.audit.record(manager, {
          action: 'bundle.updated',
          entityType: 'bundle',
          entityId: id,
          data: {
            fields: Object.keys(dto).filter((k) => dto[k as keyof UpdateBundleDto] !== undefined),
            ...(deadline ? { joinDeadline: deadline.toISOString() } : {}),
          },
        });
      }
      // the closing job moves with the deadline: a new delayed job; the old one finds the deadline ahead and does nothing
      if (deadline && deadline.getTime() !== bundle.joinDeadline.getTime()) {
        await this.outbox.add(manager, closeJob(id, deadline));
        await this.changes.aggregate(manager, id, `d${deadline.getTime()}`);
      }
      return this.readDto(manager, id, await this.viewer(user));
    });
  }

  /** The coordinator closes early: volumes frozen, participations binding. */
  async close(user: AuthUser, id: string): Promise<BundleDto> {
    return this.dataSource.transaction(async (manager) => {
      const bundle = await this.lockOwned(manager, user, id);
      if (bundle.status !== 'open') throw notOpen(bundle);
      await this.closeLocked(manager, bundle, 'coordinator');
      return this.readDto(manager, id, await this.viewer(user));
    });
  }

  /** Closes the bundle if it is open and its deadline has passed (the delayed job and the sweep). */
  async closeIfDue(id: string, trigger: 'deadline' | 'sweep'): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const bundle = await this.changes.lock(manager, id);
      if (!bundle || bundle.status !== 'open' || bundle.acceptsChanges) return false;
      await this.closeLocked(manager, bundle, trigger);
      return true;
    });
  }

  /** open bundles whose deadline has passed (by the Clock) */
  async dueForClosing(limit = 500): Promise<string[]> {
    const rows = await this.dataSource.query<Array<{ id: string }>>(
      `SELECT id FROM bundles WHERE status = 'open' AND join_deadline <= $2 ORDER BY join_deadline LIMIT $1`,
      [limit, this.clock.now()],
    );
    return rows.map((r) => r.id);
  }

  /** Cancels an open or closed bundle: every demand is released and can join another. */
  async cancel(user: AuthUser, id: string): Promise<BundleDto> {
    return this.dataSource.transaction(async (manager) => {
      const bundle = await this.lockOwned(manager, user, id);
      if (bundle.status !== 'open' && bundle.status !== 'closed') throw notOpen(bundle);
      const released = await queryRows<{ demand_id: string }>(
        manager,
        `DELETE FROM bundle_participations WHERE bundle_id = $1 RETURNING demand_id`,
        [id],
      );
      const demandIds = released.map((r) => r.demand_id);
      await manager.query(`UPDATE demands SET status = 'open', updated_at = now() WHERE id = ANY($1::uuid[])`, [
        demandIds,
      ]);
      await manager.query(`UPDATE bundles SET status = 'cancelled', updated_at = now() WHERE id = $1`, [id]);
      await this.audit.record(manager, {
        action: 'bundle.cancelled',
        entityType: 'bundle',
        entityId: id,
        data: { from: bundle.status, releasedDemandIds: demandIds },
      });
      await this.changes.participationsChanged(manager, id);
      return this.readDto(manager, id, await this.viewer(user));
    });
  }

  /** Open bundles a demand could join, each with the reasons it cannot (if any). */
  async matches(user: AuthUser, demandId: string): Promise<BundleMatchListDto> {
    const viewer = await this.viewer(user);
    const [demand] = await this.dataSource.query<DemandRow[]>(
      `SELECT ${DEMAND_COLUMNS} FROM ${DEMAND_FROM} WHERE d.id = $1 AND d.organisation_id = $2`,
      [demandId, user.organisationId],
    );
    if (!demand) throw new NotFoundException('Demand', demandId);
    const params: unknown[] = [];
    const visible = visibleTo(params, viewer);
    const code = `$${params.push(demand.cpv_code.slice(0, 8))}::text`;
    const district = `$${params.push(demand.district_key)}::text`;
    const now = `$${params.push(this.clock.now())}::timestamptz`;
    // candidates: open bundles before their deadline that share the region or the CPV scope
    const rows = await this.dataSource.query<BundleRow[]>(
      `SELECT ${BUNDLE_COLUMNS} FROM ${BUNDLE_FROM}
       WHERE b.status = 'open' AND b.join_deadline > ${now} AND ${visible}
         AND (${district} = ANY(b.district_keys)
              OR EXISTS (SELECT 1 FROM unnest(b.cpv_prefixes) s(prefix) WHERE ${code} LIKE s.prefix || '%'))
       ORDER BY b.join_deadline, b.id LIMIT 200`,
      params,
    );
    const items = rows
      .map((row) => {
        const bundle = toBundleDto(row);
        const mismatches = demandMismatches(demand, { ...bundle, cpvPrefix: bundle.cpvPrefixes });
        return { bundle, canJoin: mismatches.length === 0, mismatches };
      })
      .sort((a, b) => Number(b.canJoin) - Number(a.canJoin));
    return { items, total: items.length };
  }

  /**
   * A bundle as the viewer may see it (404 otherwise), with the viewer's own participation and,
   * for its coordinator, the participants: one statement.
   */
  async readDto(manager: EntityManager, id: string, viewer: Viewer): Promise<BundleDto> {
    const params: unknown[] = [id, viewer.user.organisationId];
    const [row] = await manager.query<
      Array<
        BundleRow & {
          mine: Array<{ demand_id: string; joined_at: string }>;
          participants: Array<{ organisation_id: string; name: string; demand_count: number; value: string }> | null;
        }
      >
    >(
      `SELECT ${BUNDLE_COLUMNS},
         ARRAY(SELECT json_build_object('demand_id', mp.demand_id, 'joined_at', mp.joined_at)
               FROM bundle_participations mp WHERE mp.bundle_id = b.id AND mp.organisation_id = $2
               ORDER BY mp.joined_at, mp.demand_id) AS mine,
         CASE WHEN b.coordinator_organisation_id = $2 THEN ARRAY(
           SELECT json_build_object('organisation_id', p.organisation_id, 'name', po.name, 'demand_count', count(*),
                                    'value', sum(d.estimated_value_cents)::text)
           FROM bundle_participations p JOIN demands d ON d.id = p.demand_id JOIN organisations po ON po.id = p.organisation_id
           WHERE p.bundle_id = b.id GROUP BY p.organisation_id, po.name ORDER BY po.name, p.organisation_id) END AS participants
       FROM ${BUNDLE_FROM} WHERE b.id = $1 AND ${visibleTo(params, viewer)}`,
      params,
    );
    if (!row) throw new NotFoundException('Bundle', id);
    const dto = toBundleDto(row);
    const [first] = row.mine;
    if (first) {
      dto.myParticipation = {
        demandIds: row.mine.map((m) => m.demand_id),
        joinedAt: new Date(first.joined_at).toISOString(),
        binding: dto.status !== 'open' || new Date(dto.joinDeadline).getTime() <= this.clock.nowMs(),
      };
    }
    if (row.participants) {
      dto.participants = row.participants.map((p) => ({
        organisationId: p.organisation_id,
        name: p.name,
        demandCount: p.demand_count,
        estimatedValueEur: centsToEur(Number(p.value)),
      }));
    }
    return dto;
  }

  /** locks a bundle of the user's organisation; another's answers like a missing one */
  private async lockOwned(manager: EntityManager, user: AuthUser, id: string): Promise<LockedBundle> {
    const bundle = await this.changes.lock(manager, id);
    if (!bundle || bundle.coordinatorOrganisationId !== user.organisationId) throw new NotFoundException('Bundle', id);
    return bundle;
  }

  private async closeLocked(
    manager: EntityManager,
    bundle: LockedBundle,
    trigger: 'coordinator' | 'deadline' | 'sweep',
  ): Promise<void> {
    await manager.query(`UPDATE bundles SET status = 'closed', closed_at = $2, updated_at = now() WHERE id = $1`, [
      bundle.id,
      this.clock.now(),
    ]);
    const [counts] = await manager.query<Array<{ organisations: number; demands: number }>>(
      `SELECT count(DISTINCT organisation_id)::int AS organisations, count(*)::int AS demands
       FROM bundle_participations WHERE bundle_id = $1`,
      [bundle.id],
    );
    await this.audit.record(manager, {
      action: 'bundle.closed',
      entityType: 'bundle',
      entityId: bundle.id,
      data: { trigger, participants: counts?.organisations ?? 0, demands: counts?.demands ?? 0 },
      ...(trigger === 'coordinator' ? {} : { actorUserId: null, actorOrganisationId: null }),
    });
    // the final aggregate, computed after the close
    await this.changes.aggregate(manager, bundle.id, 'closed');
  }
}

function closeJob(bundleId: string, deadline: Date): OutboxEntry<JobName.BundleClose> {
  return {
    name: JobName.BundleClose,
    payload: { bundleId },
    jobId: jobIdOf(JobName.BundleClose, bundleId, deadline.getTime()),
    runAt: deadline,
  };
}

export function notOpen(bundle: Pick<LockedBundle, 'id' | 'status' | 'acceptsChanges'>): BundlingException {
  if (bundle.status === 'open') {
    return bundlingError(
      BundlingErrorCode.DeadlinePassed,
      'The opt-in deadline has passed; participations are binding',
      {
        extensions: {
          bundleId: bundle.id,
        },
      },
    );
  }
  return bundlingError(BundlingErrorCode.BundleNotOpen, `The bundle is ${bundle.status as BundleStatus}`, {
    extensions: {
      bundleId: bundle.id,
      status: bundle.status,
    },
  });
}
