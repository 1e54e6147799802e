import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '@buendel/audit';
import { AuthUser } from '@buendel/auth';
import { Clock } from '@buendel/clock';
import {
  bundleAcceptsChanges,
  BundleStatus,
  BundleViewer,
  canCancelBundle,
  canCloseBundle,
  centsToEur,
  cpvContractNature,
  cpvPrefixToCode,
  demandMismatches,
  eurToCents,
  isBundleOpen,
  isBundleVisible,
  JoiningDemand,
  normalizeCpvPrefix,
  thresholdCategoryFor,
} from '@buendel/domain';
import { FieldError, NotFoundException } from '@buendel/errors';
import { Page, pageRequest } from '@buendel/http';
import { jobIdOf, JobName, OutboxEntry, OutboxWriter } from '@buendel/queue';
import { bundlingError, BundlingErrorCode, BundlingException, unknownReferences } from '../bundling.exception';
import { CriteriaService } from '../catalogue/criteria.service';
import { notBeforeDeliveryFrom } from '../demands/demand-fields';
import { DemandRow } from '../demands/demand.view';
import { PlacesService } from '../places.service';
import { BundleChanges, LockedBundle } from './bundle-changes';
import { changeRefusal, checkableBundle, notInFuture, refusalBeside } from './bundle-input';
import { toBundleDto } from './bundle.view';
import { BundlesRepository } from './bundles.repository';
import { JoinMandatesService } from './join-mandates.service';
import { BundleDto, BundleMatchListDto, BundleQueryDto, CreateBundleDto, UpdateBundleDto } from './http/dto/bundle.dto';

/** who is looking: the user, and the districts of its region (its own and those it coordinates) */
export interface Viewer extends BundleViewer {
  user: AuthUser;
}

/** A bundle the viewer may see (the rule lives in @buendel/domain). */
export function isVisible(
  bundle: Pick<LockedBundle, 'coordinatorOrganisationId' | 'districtKeys'>,
  viewer: Viewer,
  participates: boolean,
): boolean {
  return isBundleVisible(bundle, viewer, participates);
}

/** the viewer's region: the districts it coordinates and its own */
function viewerOf(user: AuthUser, places: { districtKey: string | null; coordinatedDistrictKeys: string[] }): Viewer {
  const keys = new Set(places.coordinatedDistrictKeys);
  if (places.districtKey) keys.add(places.districtKey);
  return { user, organisationId: user.organisationId, regionKeys: [...keys].sort() };
}

/** A demand row as the domain's join rule (demandMismatches) reads it. */
export function joiningDemand(demand: DemandRow): JoiningDemand {
  return {
    status: demand.status,
    bundleId: demand.bundle_id,
    cpvCode: demand.cpv_code,
    deliveryAgs: demand.delivery_ags,
    deliveryFrom: demand.delivery_from,
    deliveryTo: demand.delivery_to,
    criteria: demand.criteria,
  };
}

@Injectable()
export class BundlesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: BundlesRepository,
    private readonly audit: AuditLog,
    private readonly places: PlacesService,
    private readonly criteria: CriteriaService,
    private readonly changes: BundleChanges,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    private readonly mandates: JoinMandatesService,
  ) {}

  async viewer(user: AuthUser): Promise<Viewer> {
    return viewerOf(user, await this.places.of(user));
  }

  /** A coordinator opens a bundle for districts its organisation coordinates. */
  async create(user: AuthUser, body: CreateBundleDto): Promise<BundleDto> {
    const places = await this.places.of(user);
    const coordinated = places.coordinatedDistrictKeys;
    const { dto, invalid } = checkableBundle(body); // the fields the validation did not refuse
    const errors: FieldError[] = [];
    const districtKeys = [...(dto.districtKeys ?? coordinated)].sort();
    if (coordinated.length === 0) {
      errors.push({
        field: 'districtKeys',
        code: 'NO_COORDINATED_DISTRICT',
        reason: 'your organisation coordinates no district; an admin assigns districts',
        de: 'Ihre Organisation koordiniert keinen Landkreis; die Verwaltung weist Landkreise zu',
      });
    }
    (dto.districtKeys ?? []).forEach((key, i) => {
      if (!coordinated.includes(key)) {
        errors.push({
          field: `districtKeys.${i}`,
          code: 'DISTRICT_NOT_COORDINATED',
          reason: `your organisation does not coordinate district ${key}`,
          de: `Ihre Organisation koordiniert den Landkreis ${key} nicht`,
        });
      }
    });
    const given = [
      { field: 'cpvPrefix', prefix: dto.cpvPrefix },
      ...(dto.additionalCpvPrefixes ?? []).map((p, i) => ({ field: `additionalCpvPrefixes.${i}`, prefix: p })),
    ].flatMap((g) => (g.prefix ? [{ field: g.field, prefix: normalizeCpvPrefix(g.prefix) }] : []));
    const cpvPrefixes = [...new Set(given.map((g) => g.prefix))];
    const known = await this.repo.existingCpvDigits(cpvPrefixes.map((p) => p.padEnd(8, '0')));
    for (const g of given) {
      if (!known.has(g.prefix.padEnd(8, '0')))
        errors.push({
          field: g.field,
          code: 'UNKNOWN_CPV_PREFIX',
          reason: `no CPV code heads the prefix ${g.prefix}`,
          de: `kein CPV-Code beginnt mit ${g.prefix}`,
        });
    }
    if (
      errors.length === 0 &&
      new Set(cpvPrefixes.map((p) => cpvContractNature(cpvPrefixToCode(p)) === 'works')).size > 1
    ) {
      errors.push({
        field: 'additionalCpvPrefixes',
        code: 'WORKS_MIXED_WITH_SUPPLIES',
        reason: 'works (division 45) and supplies or services cannot share a bundle',
        de: 'Bauleistungen (Abteilung 45) und Liefer- oder Dienstleistungen gehören nicht in ein Bündel',
      });
    }
    errors.push(...(await this.criteria.unknownCodes(dto.mandatoryCriteria ?? [], 'mandatoryCriteria')));
    const deadline = new Date(dto.joinDeadline);
    if (dto.joinDeadline !== '' && !(deadline.getTime() > this.clock.nowMs())) errors.push(notInFuture());
    if (dto.deliveryFrom !== '' && dto.deliveryTo !== '' && dto.deliveryFrom > dto.deliveryTo) {
      errors.push(notBeforeDeliveryFrom(dto.deliveryFrom));
    }
    if (invalid.length) throw refusalBeside(invalid, errors);
    if (errors.length) throw unknownReferences(errors);

    const category = thresholdCategoryFor(cpvContractNature(cpvPrefixToCode(cpvPrefixes[0] ?? '')), 'sub-central');
    return this.dataSource.transaction(async (manager) => {
      const id = await this.repo.insert(manager, {
        title: dto.title,
        description: dto.description ?? null,
        coordinatorOrganisationId: user.organisationId,
        cpvPrefixes,
        districtKeys,
        joinDeadline: deadline,
        deliveryFrom: dto.deliveryFrom,
        deliveryTo: dto.deliveryTo,
        mandatoryCriteria: dto.mandatoryCriteria ?? [],
        provisionalJoins: dto.provisionalJoins ?? 'keep',
        minParticipants: dto.minParticipants ?? null,
        targetValueCents: dto.targetValueEur === undefined ? null : eurToCents(dto.targetValueEur),
        thresholdCategory: category,
        createdBy: user.id,
      });
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
    return this.repo.page(
      viewer,
      {
        status: query.status,
        districtKey: query.districtKey,
        cpvPrefix: query.cpv ? normalizeCpvPrefix(query.cpv) : undefined,
      },
      pageRequest(query),
      (row) => ({ ...toBundleDto(row), participating: row.participating }),
    );
  }

  async get(user: AuthUser, id: string): Promise<BundleDto> {
    return this.readDto(this.dataSource.manager, id, await this.viewer(user));
  }

  /** Title, description, deadline and targets of an open bundle (its coordinator only). */
  async update(user: AuthUser, id: string, dto: UpdateBundleDto): Promise<BundleDto> {
    const refused = changeRefusal(dto, this.clock.nowMs()); // its bad fields, before the bundle is looked up
    if (refused) throw refused;
    return this.dataSource.transaction(async (manager) => {
      const bundle = await this.lockOwned(manager, user, id);
      if (!bundle.acceptsChanges) throw notOpen(bundle);
      const deadline = dto.joinDeadline ? new Date(dto.joinDeadline) : undefined;
      if (deadline && !(deadline.getTime() > this.clock.nowMs())) throw unknownReferences([notInFuture()]);
      const changed = await this.repo.update(manager, id, {
        title: dto.title,
        description: dto.description,
        join_deadline: deadline,
        min_participants: dto.minParticipants,
        target_value_cents: dto.targetValueEur === undefined ? undefined : eurToCents(dto.targetValueEur),
        provisional_joins: dto.provisionalJoins,
      });
      if (changed) {
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
      if (!canCloseBundle(bundle.status)) throw notOpen(bundle);
      await this.closeLocked(manager, bundle, 'coordinator');
      return this.readDto(manager, id, await this.viewer(user));
    });
  }

  /** Closes the bundle if it is open and its deadline has passed (the delayed job and the sweep). */
  async closeIfDue(id: string, trigger: 'deadline' | 'sweep'): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const bundle = await this.changes.lock(manager, id);
      if (!bundle || !canCloseBundle(bundle.status) || bundle.acceptsChanges) return false;
      await this.closeLocked(manager, bundle, trigger);
      return true;
    });
  }

  /** the delayed `bundle.close` job of every open bundle, as its change wrote it to the outbox */
  async closeJobsOfOpenBundles(): Promise<Array<OutboxEntry<JobName.BundleClose>>> {
    const rows = await this.repo.openDeadlines();
    return rows.map((r) => closeJob(r.id, new Date(r.join_deadline)));
  }

  /** open bundles whose deadline has passed (by the Clock) */
  async dueForClosing(limit = 500): Promise<string[]> {
    return this.repo.dueForClosing(this.clock.now(), limit);
  }

  /** Cancels an open or closed bundle: every demand is released and can join another. */
  async cancel(user: AuthUser, id: string): Promise<BundleDto> {
    return this.dataSource.transaction(async (manager) => {
      const bundle = await this.lockOwned(manager, user, id);
      if (!canCancelBundle(bundle.status)) throw notOpen(bundle);
      const demandIds = await this.repo.deleteParticipations(manager, id);
      await this.repo.reopenDemands(manager, demandIds);
      await this.repo.markCancelled(manager, id);
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
    const demand = await this.repo.demandOf(demandId, user.organisationId);
    if (!demand) throw new NotFoundException('Demand', demandId);
    // candidates: open bundles before their deadline that share the region or the CPV scope
    const rows = await this.repo.joinCandidates(viewer, demand, this.clock.now());
    const items = rows
      .map((row) => {
        const bundle = toBundleDto(row);
        // the field and the English reason (the web app words it in German from the field)
        const mismatches = demandMismatches(joiningDemand(demand), { ...bundle, cpvPrefix: bundle.cpvPrefixes });
        return { bundle, canJoin: !mismatches.length, mismatches: mismatches.map(({ de: _, ...m }) => m) };
      })
      .sort((a, b) => Number(b.canJoin) - Number(a.canJoin));
    return { items, total: items.length };
  }

  /**
   * A bundle as the viewer may see it (404 otherwise), with the viewer's own participation and,
   * for its coordinator, the participants: one statement.
   */
  async readDto(manager: EntityManager, id: string, viewer: Viewer): Promise<BundleDto> {
    const row = await this.repo.detail(manager, id, viewer);
    if (!row) throw new NotFoundException('Bundle', id);
    const dto = toBundleDto(row);
    const [first] = row.mine;
    const mandates = first || row.participants ? await this.mandates.ofBundle(manager, id) : new Map();
    if (first) {
      dto.myParticipation = {
        demandIds: row.mine.map((m) => m.demand_id),
        joinedAt: new Date(first.joined_at).toISOString(),
        binding: !bundleAcceptsChanges(dto.status, new Date(dto.joinDeadline), this.clock.now()),
        mandate: mandates.get(viewer.organisationId) ?? null,
      };
    }
    if (row.participants) {
      dto.participants = row.participants.map((p) => ({
        organisationId: p.organisation_id,
        name: p.name,
        demandCount: p.demand_count,
        estimatedValueEur: centsToEur(Number(p.value)),
        mandate: mandates.get(p.organisation_id) ?? null,
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
    // joins still waiting for their mandate are dropped or kept, as the bundle says, before the volumes freeze
    await this.mandates.resolveAtDeadline(manager, bundle.id, bundle.provisionalJoins);
    await this.repo.markClosed(manager, bundle.id, this.clock.now());
    const counts = await this.repo.participationCounts(manager, bundle.id);
    await this.audit.record(manager, {
      action: 'bundle.closed',
      entityType: 'bundle',
      entityId: bundle.id,
      data: { trigger, participants: counts.organisations, demands: counts.demands },
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
  if (isBundleOpen(bundle.status)) {
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
