import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '@buendel/audit';
import { AuthUser } from '@buendel/auth';
import { Clock } from '@buendel/clock';
import { centsToEur, demandMismatches } from '@buendel/domain';
import { FieldError, NotFoundException } from '@buendel/errors';
import { OneTripTransactions } from '@buendel/persistence';
import { bundlingError, BundlingErrorCode, unknownReferences } from '../bundling.exception';
import { BundleAggregator, ComputedAggregate } from '../aggregation/bundle-aggregator';
import { BundleChanges, LockedBundle } from './bundle-changes';
import { BundlesRepository, JoiningDemandRow } from './bundles.repository';
import { BundlesService, isVisible, joiningDemand, notOpen, Viewer } from './bundles.service';
import { toAggregateDto } from './bundle.view';
import { JoinMandatesService } from './join-mandates.service';
import { AggregatePreviewDto, ParticipationDto, ParticipationPreviewDto } from './http/dto/bundle.dto';

/**
 * Joining and leaving. Each runs in one transaction that locks the bundle row, so that
 * concurrent joins to one bundle serialise (none is lost, none counted twice: a demand is in
 * at most one bundle, by a unique index), a join never slips past the deadline or a close,
 * and the participation version and the outbox row commit with the change. A join locks its
 * demands first and holds the bundle's lock only for the version (its checks come before, and
 * are made good under the lock by the statement that bumps it; in one trip its other rows are
 * written before the lock, in the same transaction), so that joins to one bundle follow each
 * other quickly.
 */
@Injectable()
export class ParticipationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: BundlesRepository,
    private readonly audit: AuditLog,
    private readonly bundles: BundlesService,
    private readonly changes: BundleChanges,
    private readonly aggregator: BundleAggregator,
    private readonly mandates: JoinMandatesService,
    private readonly trips: OneTripTransactions,
    private readonly clock: Clock,
  ) {}

  /**
   * Joins with demands of the user's organisation. All or nothing: a demand that does not
   * fit answers 422 naming each mismatch; demands already in this bundle are left as they
   * are (joining twice is idempotent). `created` is false when nothing was added. A join worth
   * more than the organisation's value for a mandate is provisional (`mandate`) until the
   * decision of its council or mayor is recorded.
   */
  async join(
    user: AuthUser,
    bundleId: string,
    demandIds: string[],
  ): Promise<{ participation: ParticipationDto; created: boolean }> {
    const viewer = await this.bundles.viewer(user);
    // every check first, without a lock: a refusal does not wait for the bundle, and under the
    // lock a join only writes (joinLocked); if anything changed meanwhile, the join is checked
    // again under the lock, as it always was (joinChecked)
    const checked = await this.checkJoin(this.dataSource.manager, viewer, bundleId, demandIds, 'read');
    const toAdd = checked.demands.filter((d) => d.bundle_id !== bundleId);
    const quick = toAdd.length ? await this.joinInOneTrip(viewer, checked.bundle, toAdd) : undefined;
    if (quick) return quick;
    return this.dataSource.transaction(async (manager) => {
      // the demands' locks first, as the one trip takes them (before the bundle's), so that a
      // join in one trip and one in this transaction never wait for each other's locks in a cycle
      await this.repo.lockDemands(manager, demandIds, viewer.user.organisationId);
      const fast = toAdd.length ? await this.joinLocked(manager, viewer, bundleId, toAdd) : undefined;
      return fast ?? this.joinChecked(manager, viewer, bundleId, demandIds);
    });
  }

  /**
   * The join of demands checked before the lock, in one trip to PostgreSQL: the writes, the
   * lock, the version and the commit leave together (BundlesRepository.joinInOneTrip checks in
   * SQL what joinLocked checks after the lock), so the lock is held only while PostgreSQL bumps
   * the version and commits. Undefined (nothing written) when something changed or a mandate
   * may be needed: the transaction of joinLocked and joinChecked follows.
   */
  private async joinInOneTrip(
    viewer: Viewer,
    bundle: LockedBundle,
    toAdd: JoiningDemandRow[],
  ): Promise<{ participation: ParticipationDto; created: boolean } | undefined> {
    const user = viewer.user;
    const added = toAdd.map((d) => d.id);
    const written = await this.repo.joinInOneTrip(
      this.trips,
      this.joinWritesOf(viewer, bundle, toAdd),
      bundle,
      this.clock.now(),
    );
    if (!written.ok) return undefined;
    return joined(bundle.id, user.organisationId, written.before, added, null);
  }

  /** what a join of checked demands writes (BundlesRepository.joinWrites) */
  private joinWritesOf(viewer: Viewer, bundle: LockedBundle, toAdd: JoiningDemandRow[]) {
    return {
      bundleId: bundle.id,
      organisationId: viewer.user.organisationId,
      joinedBy: viewer.user.id,
      demands: toAdd,
      visibleWithoutParticipation: isVisible(bundle, viewer, false),
      job: this.changes.aggregateJob(bundle.id),
      audit: this.audit.row({
        action: 'bundle.joined',
        entityType: 'bundle',
        entityId: bundle.id,
        data: { demandIds: toAdd.map((d) => d.id) },
      }),
    };
  }

  /**
   * The join of demands checked before the lock: the lock, the bundle's state checked again
   * (still accepting changes, the demands still fit its rules), then every write in one
   * statement, which writes only if the demands and the visibility are as checked. Undefined
   * (nothing written) when something changed: the caller checks everything again under the lock.
   */
  private async joinLocked(
    manager: EntityManager,
    viewer: Viewer,
    bundleId: string,
    toAdd: JoiningDemandRow[],
  ): Promise<{ participation: ParticipationDto; created: boolean } | undefined> {
    const user = viewer.user;
    const bundle = await this.changes.lock(manager, bundleId);
    if (!bundle?.acceptsChanges) return undefined;
    if (toAdd.some((d) => demandMismatches(joiningDemand(d), bundle).length > 0)) return undefined;
    const added = toAdd.map((d) => d.id);
    const written = await this.repo.joinWrites(manager, this.joinWritesOf(viewer, bundle, toAdd));
    if (!written.ok) return undefined;
    // a mandate only for an organisation with a rule for one, or with one for this bundle already
    const mandate =
      written.has_mandate || written.mandate_above !== null
        ? await this.mandates.afterJoin(manager, bundleId, user.organisationId)
        : null;
    return joined(bundleId, user.organisationId, written.before, added, mandate);
  }

  /** the join with every check under the bundle's lock */
  private async joinChecked(
    manager: EntityManager,
    viewer: Viewer,
    bundleId: string,
    demandIds: string[],
  ): Promise<{ participation: ParticipationDto; created: boolean }> {
    const user = viewer.user;
    const { demands } = await this.checkJoin(manager, viewer, bundleId, demandIds, 'lock');
    const toAdd = demands.filter((d) => d.bundle_id !== bundleId).map((d) => d.id);
    if (toAdd.length) {
      await this.repo.addParticipations(manager, bundleId, toAdd, user.organisationId, user.id);
      await this.audit.record(manager, {
        action: 'bundle.joined',
        entityType: 'bundle',
        entityId: bundleId,
        data: { demandIds: toAdd },
      });
      await this.changes.participationsChanged(manager, bundleId);
    }
    const mandate = await this.mandates.afterJoin(manager, bundleId, user.organisationId);
    const all = await this.repo.participatingDemandIds(manager, bundleId, user.organisationId);
    return {
      created: toAdd.length > 0,
      participation: {
        bundleId,
        organisationId: user.organisationId,
        demandIds: all,
        added: toAdd,
        mandate,
      },
    };
  }

  /** Leaves with every demand of the organisation, until the deadline; the demands are open again. */
  async leave(user: AuthUser, bundleId: string): Promise<void> {
    const viewer = await this.bundles.viewer(user);
    await this.dataSource.transaction(async (manager) => {
      await this.checkLeave(manager, viewer, bundleId, 'lock');
      const demandIds = await this.repo.deleteParticipationsOf(manager, bundleId, user.organisationId);
      await this.repo.reopenDemands(manager, demandIds);
      await this.mandates.afterLeave(manager, bundleId, user.organisationId);
      await this.audit.record(manager, {
        action: 'bundle.left',
        entityType: 'bundle',
        entityId: bundleId,
        data: { demandIds },
      });
      await this.changes.participationsChanged(manager, bundleId);
    });
  }

  /**
   * What joining with these demands would change (total, regime, lots), without changing
   * anything: the same checks as the join (400 for demands that are not the organisation's,
   * 422 for demands that do not fit, 409 after the deadline) and the same aggregation.
   */
  async previewJoin(user: AuthUser, bundleId: string, demandIds: string[]): Promise<ParticipationPreviewDto> {
    const viewer = await this.bundles.viewer(user);
    const { demands } = await this.checkJoin(this.dataSource.manager, viewer, bundleId, demandIds, 'read');
    const toAdd = demands.filter((d) => d.bundle_id !== bundleId).map((d) => d.id);
    return this.preview(bundleId, 'join', toAdd, { addDemandIds: toAdd });
  }

  /** What leaving would change, without changing anything: the same checks as the leave. */
  async previewLeave(user: AuthUser, bundleId: string): Promise<ParticipationPreviewDto> {
    const viewer = await this.bundles.viewer(user);
    const demandIds = await this.checkLeave(this.dataSource.manager, viewer, bundleId, 'read');
    return this.preview(bundleId, 'leave', demandIds, { removeOrganisationId: user.organisationId });
  }

  private async preview(
    bundleId: string,
    action: 'join' | 'leave',
    demandIds: string[],
    change: { addDemandIds?: string[]; removeOrganisationId?: string },
  ): Promise<ParticipationPreviewDto> {
    const result = await this.aggregator.preview(bundleId, change);
    if (!result) throw new NotFoundException('Bundle', bundleId);
    const before = toAggregatePreviewDto(result.before);
    const after = toAggregatePreviewDto(result.after);
    return {
      bundleId,
      action,
      demandIds,
      before,
      after,
      totalChangeEur: signedCentsToEur(result.after.total - result.before.total),
      regimeChanges: before.regime.scope !== after.regime.scope,
    };
  }

  /** the bundle and whether the organisation takes part: after the lock, or in one read without it */
  private async stateFor(
    manager: EntityManager,
    bundleId: string,
    organisationId: string,
    mode: 'lock' | 'read',
  ): Promise<{ bundle: LockedBundle | undefined; participates: boolean }> {
    if (mode === 'read') return this.changes.readWithParticipation(manager, bundleId, organisationId);
    const bundle = await this.changes.lock(manager, bundleId);
    return { bundle, participates: await this.repo.participates(manager, bundleId, organisationId) };
  }

  /** the join's checks, in order; `lock` takes the bundle's and the demands' row locks (the join itself) */
  private async checkJoin(
    manager: EntityManager,
    viewer: Viewer,
    bundleId: string,
    demandIds: string[],
    mode: 'lock' | 'read',
  ): Promise<{ bundle: LockedBundle; demands: JoiningDemandRow[] }> {
    const user = viewer.user;
    const { bundle, participates } = await this.stateFor(manager, bundleId, user.organisationId, mode);
    if (!bundle || !isVisible(bundle, viewer, participates)) throw new NotFoundException('Bundle', bundleId);
    if (!bundle.acceptsChanges) throw notOpen(bundle);

    const rows = await this.repo.ownDemands(manager, demandIds, user.organisationId, mode === 'lock');
    const byId = new Map(rows.map((r) => [r.id, r]));
    const unknown: FieldError[] = demandIds.flatMap((id, i) =>
      byId.has(id)
        ? []
        : [
            {
              field: `demandIds.${i}`,
              reason: `no demand of your organisation has the id ${id}`,
              de: `kein Bedarf Ihrer Organisation hat die ID ${id}`,
            },
          ],
    );
    if (unknown.length) throw unknownReferences(unknown);

    const demands = demandIds.map((id) => byId.get(id) as JoiningDemandRow);
    const mismatches: FieldError[] = demands.flatMap((demand, i) =>
      demandMismatches(joiningDemand(demand), bundle).map((m) => ({
        field: `demandIds.${i}.${m.field}`,
        reason: m.reason,
        de: m.de,
      })),
    );
    if (mismatches.length) {
      throw bundlingError(
        BundlingErrorCode.DemandDoesNotFit,
        `${mismatches.length === 1 ? 'A demand does' : 'Demands do'} not fit the bundle`,
        { errors: mismatches },
      );
    }
    return { bundle, demands };
  }

  /** the leave's checks, in order; answers the organisation's demands in the bundle */
  private async checkLeave(
    manager: EntityManager,
    viewer: Viewer,
    bundleId: string,
    mode: 'lock' | 'read',
  ): Promise<string[]> {
    const user = viewer.user;
    const { bundle, participates } = await this.stateFor(manager, bundleId, user.organisationId, mode);
    if (!bundle || !isVisible(bundle, viewer, participates)) throw new NotFoundException('Bundle', bundleId);
    if (!participates) {
      throw bundlingError(BundlingErrorCode.NotParticipating, 'Your organisation does not take part in this bundle');
    }
    if (!bundle.acceptsChanges) throw notOpen(bundle);
    return this.repo.participatingDemandIds(manager, bundleId, user.organisationId);
  }
}

/** a computed aggregate as the previews show it (the stored aggregate's mapping, without its version and time) */
function toAggregatePreviewDto(a: ComputedAggregate): AggregatePreviewDto {
  const dto = toAggregateDto({
    source_version: '0',
    participation_version: '0',
    participant_count: a.participantCount,
    demand_count: a.demandCount,
    total_estimated_value_cents: String(a.total),
    lines: a.lines,
    regime: a.regime,
    lots: a.lots,
    computed_at: new Date(0),
  });
  if (!dto) throw new Error('a computed aggregate maps to an aggregate');
  const { computedAt: _computedAt, version: _version, current: _current, ...preview } = dto;
  return preview;
}

function signedCentsToEur(cents: number): number {
  return cents < 0 ? -centsToEur(-cents) : centsToEur(cents);
}

/** the answer to a join written in one statement: the demands it had before and those added */
function joined(
  bundleId: string,
  organisationId: string,
  before: string[],
  added: string[],
  mandate: ParticipationDto['mandate'],
): { participation: ParticipationDto; created: boolean } {
  return {
    created: true,
    // demandIds by id, as participatingDemandIds answers them
    participation: { bundleId, organisationId, demandIds: [...before, ...added].sort(), added, mandate },
  };
}
