import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '@buendel/clock';
import { bundleAcceptsChanges } from '@buendel/domain';
import { JobName, jobIdOf, OutboxWriter } from '@buendel/queue';
import { BundleStateRow, BundlesRepository } from './bundles.repository';

/**
 * Every change to a bundle's participations (a join, a leave, a change of a bundled demand)
 * goes through here, inside the change's transaction and after the bundle row is locked:
 * the bundle's participation version goes up and a `bundle.aggregate` job is written to the
 * outbox, so the aggregate follows every committed change, even one made while Redis is down.
 */
@Injectable()
export class BundleChanges {
  constructor(
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    private readonly bundles: BundlesRepository,
  ) {}

  async participationsChanged(manager: EntityManager, bundleId: string): Promise<number> {
    const version = await this.bundles.bumpParticipationVersion(manager, bundleId);
    await this.aggregate(manager, bundleId, version);
    return version;
  }

  /**
   * The outbox row of a change that writes in one statement (BundlesRepository.joinWrites): the
   * aggregate's job as `aggregate` writes it, its id but for the version, which the statement's
   * bump appends.
   */
  aggregateJob(bundleId: string): { name: JobName; payload: { bundleId: string }; idBeforeVersion: string } {
    return {
      name: JobName.BundleAggregate,
      payload: { bundleId },
      idBeforeVersion: jobIdOf(JobName.BundleAggregate, bundleId, 'v'),
    };
  }

  /** asks for a recomputation without a change (the bundle closed, a stale aggregate healed) */
  async aggregate(manager: EntityManager, bundleId: string, version: number | string): Promise<void> {
    await this.outbox.add(manager, {
      name: JobName.BundleAggregate,
      payload: { bundleId },
      jobId: jobIdOf(JobName.BundleAggregate, bundleId, `v${version}`),
    });
  }

  /**
   * Locks the bundle row for the rest of the transaction (joins, leaves, changes to bundled
   * demands and closing all take this lock first, so they serialise per bundle and never
   * deadlock) and returns what the checks need.
   */
  async lock(manager: EntityManager, bundleId: string): Promise<LockedBundle | undefined> {
    const row = await this.bundles.changeState(manager, bundleId, true);
    return row && toLocked(row, this.clock.now());
  }

  /** the same, without a lock (the previews, which change nothing) */
  async read(manager: EntityManager, bundleId: string): Promise<LockedBundle | undefined> {
    const row = await this.bundles.changeState(manager, bundleId, false);
    return row && toLocked(row, this.clock.now());
  }

  /** the same, with whether the organisation takes part, in one statement (the checks before a lock) */
  async readWithParticipation(
    manager: EntityManager,
    bundleId: string,
    organisationId: string,
  ): Promise<{ bundle: LockedBundle | undefined; participates: boolean }> {
    const row = await this.bundles.stateAndParticipation(manager, bundleId, organisationId);
    return { bundle: row && toLocked(row, this.clock.now()), participates: row?.participates ?? false };
  }
}

export interface LockedBundle {
  id: string;
  status: string;
  coordinatorOrganisationId: string;
  /** the CPV scope, the main prefix first */
  cpvPrefix: string[];
  districtKeys: string[];
  joinDeadline: Date;
  deliveryFrom: string;
  deliveryTo: string;
  mandatoryCriteria: string[];
  /** what becomes of joins still waiting for their mandate at the deadline */
  provisionalJoins: 'drop' | 'keep';
  /** open and before the deadline (by the Clock): joins, leaves and changes allowed */
  acceptsChanges: boolean;
}

function toLocked(r: BundleStateRow, now: Date): LockedBundle {
  return {
    id: r.id,
    status: r.status,
    coordinatorOrganisationId: r.coordinator_organisation_id,
    cpvPrefix: r.cpv_prefixes,
    districtKeys: r.district_keys,
    joinDeadline: r.join_deadline,
    deliveryFrom: r.delivery_from,
    deliveryTo: r.delivery_to,
    mandatoryCriteria: r.mandatory_criteria,
    provisionalJoins: r.provisional_joins,
    acceptsChanges: bundleAcceptsChanges(r.status, r.join_deadline, now),
  };
}
