import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '@buendel/audit';
import { AuthUser } from '@buendel/auth';
import { FieldError, NotFoundException } from '@buendel/errors';
import { queryRows } from '@buendel/persistence';
import { bundlingError, BundlingErrorCode, unknownReferences } from '../bundling.exception';
import { DEMAND_COLUMNS, DEMAND_FROM, DemandRow } from '../demands/demand.view';
import { BundleChanges } from './bundle-changes';
import { BundlesService, demandMismatches, isVisible, notOpen } from './bundles.service';
import { ParticipationDto } from './http/dto/bundle.dto';

/**
 * Joining and leaving. Each runs in one transaction that first locks the bundle row, so
 * that concurrent joins to one bundle serialise (none is lost, none counted twice: a demand
 * is in at most one bundle, by a unique index), a join never slips past the deadline or a
 * close, and the participation version and the outbox row commit with the change.
 */
@Injectable()
export class ParticipationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly bundles: BundlesService,
    private readonly changes: BundleChanges,
  ) {}

  /**
   * Joins with demands of the user's organisation. All or nothing: a demand that does not
   * fit answers 422 naming each mismatch; demands already in this bundle are left as they
   * are (joining twice is idempotent). `created` is false when nothing was added.
   */
  async join(
    user: AuthUser,
    bundleId: string,
    demandIds: string[],
  ): Promise<{ participation: ParticipationDto; created: boolean }> {
    const viewer = await this.bundles.viewer(user);
    return this.dataSource.transaction(async (manager) => {
      const bundle = await this.changes.lock(manager, bundleId);
      const participates = await this.participates(manager, bundleId, user.organisationId);
      if (!bundle || !isVisible(bundle, viewer, participates)) throw new NotFoundException('Bundle', bundleId);
      if (!bundle.acceptsChanges) throw notOpen(bundle);

      const rows = await manager.query<DemandRow[]>(
        `SELECT ${DEMAND_COLUMNS} FROM ${DEMAND_FROM}
         WHERE d.id = ANY($1::uuid[]) AND d.organisation_id = $2 FOR UPDATE OF d`,
        [demandIds, user.organisationId],
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      const unknown: FieldError[] = demandIds.flatMap((id, i) =>
        byId.has(id) ? [] : [{ field: `demandIds.${i}`, reason: `no demand of your organisation has the id ${id}` }],
      );
      if (unknown.length) throw unknownReferences(unknown);

      const demands = rows.length === demandIds.length ? demandIds.map((id) => byId.get(id) as DemandRow) : [];
      const mismatches: FieldError[] = demands.flatMap((demand, i) =>
        demandMismatches(demand, bundle).map((m) => ({ field: `demandIds.${i}.${m.field}`, reason: m.reason })),
      );
      if (mismatches.length) {
        throw bundlingError(
          BundlingErrorCode.DemandDoesNotFit,
          `${mismatches.length === 1 ? 'A demand does' : 'Demands do'} not fit the bundle`,
          { errors: mismatches },
        );
      }

      const toAdd = demands.filter((d) => d.bundle_id !== bundleId).map((d) => d.id);
      if (toAdd.length) {
        await manager.query(
          `INSERT INTO bundle_participations (bundle_id, demand_id, organisation_id, joined_by)
           SELECT $1, unnest($2::uuid[]), $3, $4`,
          [bundleId, toAdd, user.organisationId, user.id],
        );
        await manager.query(`UPDATE demands SET status = 'bundled', updated_at = now() WHERE id = ANY($1::uuid[])`, [
          toAdd,
        ]);
        await this.audit.record(manager, {
          action: 'bundle.joined',
          entityType: 'bundle',
          entityId: bundleId,
          data: { demandIds: toAdd },
        });
        await this.changes.participationsChanged(manager, bundleId);
      }
      const all = await manager.query<Array<{ demand_id: string }>>(
        `SELECT demand_id FROM bundle_participations WHERE bundle_id = $1 AND organisation_id = $2 ORDER BY demand_id`,
        [bundleId, user.organisationId],
      );
      return {
        created: toAdd.length > 0,
        participation: {
          bundleId,
          organisationId: user.organisationId,
          demandIds: all.map((r) => r.demand_id),
          added: toAdd,
        },
      };
    });
  }

  /** Leaves with every demand of the organisation, until the deadline; the demands are open again. */
  async leave(user: AuthUser, bundleId: string): Promise<void> {
    const viewer = await this.bundles.viewer(user);
    await this.dataSource.transaction(async (manager) => {
      const bundle = await this.changes.lock(manager, bundleId);
      const participates = await this.participates(manager, bundleId, user.organisationId);
      if (!bundle || !isVisible(bundle, viewer, participates)) throw new NotFoundException('Bundle', bundleId);
      if (!participates) {
        throw bundlingError(BundlingErrorCode.NotParticipating, 'Your organisation does not take part in this bundle');
      }
      if (!bundle.acceptsChanges) throw notOpen(bundle);
      const removed = await queryRows<{ demand_id: string }>(
        manager,
        `DELETE FROM bundle_participations WHERE bundle_id = $1 AND organisation_id = $2 RETURNING demand_id`,
        [bundleId, user.organisationId],
      );
      const demandIds = removed.map((r) => r.demand_id).sort();
      await manager.query(`UPDATE demands SET status = 'open', updated_at = now() WHERE id = ANY($1::uuid[])`, [
        demandIds,
      ]);
      await this.audit.record(manager, {
        action: 'bundle.left',
        entityType: 'bundle',
        entityId: bundleId,
        data: { demandIds },
      });
      await this.changes.participationsChanged(manager, bundleId);
    });
  }

  private async participates(manager: EntityManager, bundleId: string, organisationId: string): Promise<boolean> {
    const [row] = await manager.query<Array<{ yes: boolean }>>(
      `SELECT EXISTS (SELECT 1 FROM bundle_participations WHERE bundle_id = $1 AND organisation_id = $2) AS yes`,
      [bundleId, organisationId],
    );
    return row?.yes ?? false;
  }
}
