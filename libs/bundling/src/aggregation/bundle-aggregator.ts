import { Injectable } from '@nestjs/common';
import { aggregateSummedItems, formatScaled, proposeLots, Threshold } from '@buendel/domain';
import { MAX_BUNDLE_BATCH } from '@buendel/queue';
import { BundleEvents } from '../bundles/bundle-events';
import { StoredAggregateLine, StoredLot } from '../bundles/bundle.view';
import { Regime, ThresholdsService } from '../catalogue/thresholds.service';
import { AggregationRepository, Snapshot, summedItemsOf } from './aggregation.repository';
import { ReferenceNames } from './reference-names';

export interface AggregateSummary {
  bundleId: string;
  version: number;
  participantCount: number;
  demandCount: number;
  totalEstimatedValueCents: number;
  scope: Regime['scope'];
  lotCount: number;
  /** false when a newer aggregate was stored meanwhile (this one was discarded) */
  stored: boolean;
}

/** an aggregate as computed, before it is stored (money in cents) */
export interface ComputedAggregate {
  participantCount: number;
  demandCount: number;
  lines: StoredAggregateLine[];
  total: number;
  regime: Regime;
  lots: StoredLot[];
}

/**
 * Recomputes bundles' aggregates from their participations with set-based SQL: one statement
 * (one consistent snapshot) sums the participations of every bundle asked for per item (CPV
 * code, unit, specification, district: the key of the domain's grouping rule); the domain
 * makes the lines of the aggregate and the lot proposal from those sums. No demand is loaded one by one; the
 * JavaScript work is over the summed rows only, and one statement
 * stores every result. The same path serves one bundle (after a change) and a thousand (a
 * full re-aggregation when the thresholds change). Idempotent: the result depends only on the
 * rows, and a result for an older version never replaces a newer one.
 */
@Injectable()
export class BundleAggregator {
  constructor(
    private readonly aggregation: AggregationRepository,
    private readonly thresholds: ThresholdsService,
    private readonly names: ReferenceNames,
    private readonly events: BundleEvents,
  ) {}

  async recompute(
    bundleId: string,
    progress: (percent: number) => Promise<void> = async () => undefined,
  ): Promise<AggregateSummary | undefined> {
    const [summary] = await this.recomputeMany([bundleId], progress);
    return summary;
  }

  async recomputeMany(
    bundleIds: readonly string[],
    progress: (percent: number) => Promise<void> = async () => undefined,
  ): Promise<AggregateSummary[]> {
    if (bundleIds.length === 0) return [];
    if (bundleIds.length > MAX_BUNDLE_BATCH) throw new Error(`at most ${MAX_BUNDLE_BATCH} bundles at once`);
    const snapshots = await this.aggregation.snapshots(bundleIds);
    // one progress report per job (each is a Redis round trip): the snapshot is read
    await progress(50);
    // the thresholds table as the snapshot saw it: no statement when this process has read that version
    const [names, thresholds] = await Promise.all([
      this.names.load(snapshots.flatMap((s) => s.lines.map((l) => l.district_key))),
      snapshots[0] ? this.thresholds.thresholdsOf(snapshots[0].thresholds_version) : [],
    ]);
    const results = await Promise.all(
      snapshots.map(async (snapshot) => ({ snapshot, ...(await this.compute(snapshot, names, thresholds)) })),
    );
    // the stored rows come back with their bundle's status and version: the live event carries
    // the aggregate exactly as GET /bundles/{id} shows it
    const stored = await this.aggregation.storeAggregates(
      results.map((r) => ({
        bundleId: r.snapshot.id,
        sourceVersion: Number(r.snapshot.participation_version),
        participantCount: r.snapshot.participants,
        demandCount: r.snapshot.demands,
        totalCents: r.total,
        lines: r.lines,
        regime: r.regime,
        lots: r.lots,
      })),
    );
    // the live events go out while the job completes: a job waits for no Redis round trip of its
    // own (aggregatesStored never fails, it logs), and the events of one process keep their order
    void this.events.aggregatesStored(stored);
    const written = new Set(stored.map((s) => s.bundle_id));
    return results.map(({ snapshot, total, regime, lots }) => ({
      bundleId: snapshot.id,
      version: Number(snapshot.participation_version),
      participantCount: snapshot.participants,
      demandCount: snapshot.demands,
      totalEstimatedValueCents: total,
      scope: regime.scope,
      lotCount: lots.length,
      stored: written.has(snapshot.id),
    }));
  }

  /**
   * What a join or a leave would make of one bundle's aggregate, computed by the same
   * statement and rules as the real aggregation (the lines, the regime of the thresholds
   * table, the lot proposal) over the participations as they are (`before`) and as they would
   * be (`after`); stores nothing. Undefined when there is no such bundle.
   */
  async preview(
    bundleId: string,
    change: { addDemandIds?: readonly string[]; removeOrganisationId?: string },
  ): Promise<{ before: ComputedAggregate; after: ComputedAggregate } | undefined> {
    const [[now], assumed, thresholds] = await Promise.all([
      this.aggregation.snapshots([bundleId]),
      this.aggregation.assumedSnapshot(bundleId, change.addDemandIds ?? [], change.removeOrganisationId ?? null),
      this.thresholds.thresholds(),
    ]);
    if (!now || !assumed) return undefined;
    const names = await this.names.load([...now.lines, ...assumed.lines].map((l) => l.district_key));
    const [before, after] = await Promise.all([
      this.compute(now, names, thresholds),
      this.compute(assumed, names, thresholds),
    ]);
    return {
      before: { ...before, participantCount: now.participants, demandCount: now.demands },
      after: { ...after, participantCount: assumed.participants, demandCount: assumed.demands },
    };
  }

  /** totals, regime and lot proposal of one bundle's grouped rows */
  private async compute(
    snapshot: Snapshot,
    names: Awaited<ReturnType<ReferenceNames['load']>>,
    thresholds: Threshold[],
  ) {
    // the statement summed the items by the rule's key; the domain checks them, picks the
    // specification's text and sorts them, as aggregateLines does for the demands themselves
    const aggregate = aggregateSummedItems(summedItemsOf(snapshot), snapshot.participants);
    const lines: StoredAggregateLine[] = aggregate.lines.map((l) => ({
      cpvCode: l.cpvCode,
      unit: l.unit,
      specificationKey: l.specificationKey,
      specificationText: l.specificationText,
      districtKey: l.districtKey,
      quantity: formatScaled(l.quantityMilli, 3),
      estimatedValueCents: l.estimatedValueCents,
      participantCount: l.participantCount,
    }));
    const total = aggregate.totalEstimatedValueCents;
    const regime = await this.thresholds.regime(total, snapshot.threshold_category, snapshot.join_deadline, thresholds);
    const lots: StoredLot[] = proposeLots(
      aggregate.lines.map((l) => ({ ...l, organisationId: '' })),
      names,
    ).map((lot) => ({
      key: lot.key,
      title: lot.title,
      estimatedValueCents: lot.estimatedValueCents,
      cpvPrefix: lot.cpvPrefix,
      cpvCodes: lot.cpvCodes,
      districtKeys: lot.districtKeys,
    }));
    return { lines, total, regime, lots };
  }
}
