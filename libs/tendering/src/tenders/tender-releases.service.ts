import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '@buendel/audit';
import { AuthUser } from '@buendel/auth';
import { BundleChanges } from '@buendel/bundling';
import { canCancelTender } from '@buendel/domain';
import { TenderDto } from './http/tender.dto';
import { TendersRepository } from './tenders.repository';
import { TendersService, wrongStatus } from './tenders.service';
import { TenderRow } from './tender.view';

/**
 * How a tender lets its demands go back to `open`: cancelling the procedure (Aufhebung,
 * § 63 VgV) releases every demand and cancels the bundle; an award releases those of its
 * unsuccessful lots. Both tell the organisations and write each release to the audit trail.
 * Split from TendersService along that seam.
 */
@Injectable()
export class TenderReleasesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly bundleChanges: BundleChanges,
    private readonly repo: TendersRepository,
    private readonly tenders: TendersService,
  ) {}

  /** Cancels the procedure (Aufhebung, § 63 VgV) with a reason; the bundle is cancelled and its demands released. */
  async cancel(user: AuthUser, id: string, reason: string): Promise<TenderDto> {
    return this.dataSource.transaction(async (manager) => {
      const tender = await this.tenders.owned(manager, user, id, 'FOR UPDATE');
      if (!canCancelTender(tender.status)) throw wrongStatus(tender, `A ${tender.status} tender cannot be cancelled`);
      await this.bundleChanges.lock(manager, tender.bundle_id);
      const released = await this.repo.releaseParticipations(manager, tender.bundle_id);
      await this.repo.reopenDemands(manager, released);
      await this.repo.markBundleCancelled(manager, tender.bundle_id);
      await this.repo.markCancelled(manager, id);
      await this.audit.record(
        manager,
        { action: 'tender.cancelled', entityType: 'tender', entityId: id, data: { from: tender.status, reason } },
        {
          action: 'bundle.cancelled',
          entityType: 'bundle',
          entityId: tender.bundle_id,
          data: { reason: 'tender cancelled', tenderId: id, releasedDemandIds: released },
        },
      );
      if (released.length) {
        const owners = await this.repo.ownersOfDemands(manager, released);
        await this.repo.notifyDemandsReleased(
          manager,
          id,
          'tender.cancelled',
          `Ausschreibung aufgehoben: ${tender.title}; Ihre Bedarfe sind wieder offen`,
          [...groupBy(owners, (o) => o.organisation_id)].map(([organisationId, own]) => ({
            organisationId,
            demandIds: own.map((o) => o.id),
          })),
        );
        await this.audit.record(
          manager,
          ...released.map((demandId) => ({
            action: 'demand.released',
            entityType: 'demand',
            entityId: demandId,
            data: { reason: 'tender cancelled', tenderId: id, bundleId: tender.bundle_id },
          })),
        );
      }
      await this.bundleChanges.participationsChanged(manager, tender.bundle_id);
      return this.tenders.view(manager, id);
    });
  }

  /**
   * The demands of the tender's unsuccessful lots go back to `open` (their participations end),
   * so that they can join another bundle; each organisation is told, and each demand's release
   * is in the audit trail. Runs in the award's transaction, after the lots were marked.
   */
  async releaseUnsuccessfulLots(manager: EntityManager, tender: TenderRow): Promise<string[]> {
    const released = await this.repo.releaseDemandsOfUnsuccessfulLots(manager, tender.id, tender.bundle_id);
    if (!released.length) return [];
    const demandIds = released.map((r) => r.demand_id);
    await this.repo.reopenDemands(manager, demandIds);
    for (const [lotId, rows] of groupBy(released, (r) => r.lot_id)) {
      const [lot] = rows;
      if (!lot) continue;
      await this.repo.notifyDemandsReleased(
        manager,
        lotId,
        'tender.lot.unsuccessful',
        `Kein Zuschlag für Los ${lot.lot_key} (${lot.lot_title}): Ihre Bedarfe sind wieder offen`,
        [...groupBy(rows, (r) => r.organisation_id)].map(([organisationId, own]) => ({
          organisationId,
          demandIds: own.map((r) => r.demand_id),
        })),
      );
    }
    await this.audit.record(
      manager,
      {
        action: 'tender.lots.demands.released',
        entityType: 'tender',
        entityId: tender.id,
        data: { lots: [...new Set(released.map((r) => r.lot_key))], demandIds },
      },
      ...released.map((r) => ({
        action: 'demand.released',
        entityType: 'demand',
        entityId: r.demand_id,
        data: { reason: 'lot unsuccessful', tenderId: tender.id, lotId: r.lot_id, bundleId: tender.bundle_id },
      })),
    );
    await this.bundleChanges.participationsChanged(manager, tender.bundle_id);
    return demandIds;
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return map;
}
