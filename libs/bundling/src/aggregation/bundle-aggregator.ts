import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  aggregateLines,
  formatScaled,
  proposeLots,
  quantityToMilli,
  Threshold,
  ThresholdCategory,
} from '@buendel/domain';
import { MAX_BUNDLE_BATCH } from '@buendel/queue';
import { BundleEvents, StoredAggregateRow } from '../bundles/bundle-events';
import { StoredAggregateLine, StoredLot } from '../bundles/bundle.view';
import { Regime, ThresholdsService } from '../catalogue/thresholds.service';
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

interface Snapshot {
  id: string;
  participation_version: string;
  threshold_category: ThresholdCategory;
  join_deadline: Date;
  participants: number;
  demands: number;
  /** per organisation and item (CPV code, unit, specification, district): the input of the grouping rule */
  items: Array<{
    cpv_code: string;
    unit: string;
    specification_key: string | null;
    specification_text: string | null;
    district_key: string;
    organisation_id: string;
    quantity: string;
    value: string;
  }>;
}

/** the participations of the bundles $1, one row per demand */
const STORED_ROWS = `SELECT p.bundle_id, p.organisation_id, d.cpv_code, d.unit, d.specification_key, d.specification_text,
    d.district_key, d.quantity, d.estimated_value_cents
  FROM bundle_participations p JOIN demands d ON d.id = p.demand_id WHERE p.bundle_id = ANY($1::uuid[])`;

/**
 * The participations of the one bundle $1 as they would be after a change: without the
 * organisation $3's demands (a leave), and with the demands $2 that are not in it yet (a join).
 */
const ASSUMED_ROWS = `SELECT p.bundle_id, p.organisation_id, d.cpv_code, d.unit, d.specification_key, d.specification_text,
    d.district_key, d.quantity, d.estimated_value_cents
  FROM bundle_participations p JOIN demands d ON d.id = p.demand_id
  WHERE p.bundle_id = ANY($1::uuid[]) AND p.organisation_id IS DISTINCT FROM $3::uuid
  UNION ALL
  SELECT ($1::uuid[])[1], d.organisation_id, d.cpv_code, d.unit, d.specification_key, d.specification_text,
    d.district_key, d.quantity, d.estimated_value_cents
  FROM demands d
  WHERE d.id = ANY($2::uuid[])
    AND NOT EXISTS (SELECT 1 FROM bundle_participations p WHERE p.bundle_id = ANY($1::uuid[]) AND p.demand_id = d.id)`;

/**
 * one snapshot statement per bundle of $1 over the given participation rows: the counts, and the
 * sums per organisation and item key, which the domain's grouping rule (groupItems) makes items of
 */
function snapshotSql(rows: string): string {
  return `WITH rows AS MATERIALIZED (${rows}),
       counts AS (
         SELECT bundle_id, count(DISTINCT organisation_id)::int AS participants, count(*)::int AS demands
         FROM rows GROUP BY bundle_id),
       items AS (
         SELECT bundle_id, json_agg(json_build_object('cpv_code', cpv_code, 'unit', unit,
                  'specification_key', specification_key, 'specification_text', specification_text,
                  'district_key', district_key, 'organisation_id', organisation_id,
                  'quantity', quantity, 'value', value)) AS items
         FROM (SELECT bundle_id, cpv_code, unit, specification_key, specification_text, district_key, organisation_id,
                      sum(quantity)::text AS quantity, sum(estimated_value_cents)::text AS value
               FROM rows GROUP BY bundle_id, cpv_code, unit, specification_key, specification_text, district_key,
                                  organisation_id) c
         GROUP BY bundle_id)
       SELECT b.id, b.participation_version, b.threshold_category, b.join_deadline,
              coalesce(counts.participants, 0) AS participants, coalesce(counts.demands, 0) AS demands,
              coalesce(items.items, '[]') AS items
       FROM bundles b
       LEFT JOIN counts ON counts.bundle_id = b.id
       LEFT JOIN items ON items.bundle_id = b.id
       WHERE b.id = ANY($1::uuid[])`;
}

/**
 * Recomputes bundles' aggregates from their participations with set-based SQL: one statement
 * (one consistent snapshot) sums the participations of every bundle asked for per organisation
 * and item (CPV code, unit, specification, district); the domain's grouping rule makes the
 * items of the aggregate and the lot proposal from them. No demand is loaded one by one; the
 * JavaScript work is over the summed rows only, and one statement
 * stores every result. The same path serves one bundle (after a change) and a thousand (a
 * full re-aggregation when the thresholds change). Idempotent: the result depends only on the
 * rows, and a result for an older version never replaces a newer one.
 */
@Injectable()
export class BundleAggregator {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
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
    const snapshots = await this.dataSource.query<Snapshot[]>(snapshotSql(STORED_ROWS), [bundleIds]);
    // one progress report per job (each is a Redis round trip): the snapshot is read
    await progress(50);
    const [names, thresholds] = await Promise.all([
      this.names.load(snapshots.flatMap((s) => s.items.map((i) => i.district_key))),
      this.thresholds.thresholds(),
    ]);
    const results = await Promise.all(
      snapshots.map(async (snapshot) => ({ snapshot, ...(await this.compute(snapshot, names, thresholds)) })),
    );
    // the stored rows come back with their bundle's status and version: the live event carries
    // the aggregate exactly as GET /bundles/{id} shows it
    const stored = await this.dataSource.query<StoredAggregateRow[]>(
      `WITH stored AS (
         INSERT INTO bundle_aggregates (bundle_id, source_version, participant_count, demand_count,
           total_estimated_value_cents, lines, regime, lots, computed_at)
         SELECT b, v, p, d, t, l, r, lo, now()
         FROM unnest($1::uuid[], $2::bigint[], $3::int[], $4::int[], $5::bigint[], $6::jsonb[], $7::jsonb[], $8::jsonb[])
           AS u(b, v, p, d, t, l, r, lo)
         ON CONFLICT (bundle_id) DO UPDATE SET source_version = EXCLUDED.source_version,
           participant_count = EXCLUDED.participant_count, demand_count = EXCLUDED.demand_count,
           total_estimated_value_cents = EXCLUDED.total_estimated_value_cents, lines = EXCLUDED.lines,
           regime = EXCLUDED.regime, lots = EXCLUDED.lots, computed_at = EXCLUDED.computed_at
         WHERE bundle_aggregates.source_version <= EXCLUDED.source_version
         RETURNING *)
       SELECT s.bundle_id, s.source_version, s.participant_count, s.demand_count, s.total_estimated_value_cents,
              s.lines, s.regime, s.lots, s.computed_at, b.status, b.participation_version
       FROM stored s JOIN bundles b ON b.id = s.bundle_id`,
      [
        results.map((r) => r.snapshot.id),
        results.map((r) => Number(r.snapshot.participation_version)),
        results.map((r) => r.snapshot.participants),
        results.map((r) => r.snapshot.demands),
        results.map((r) => r.total),
        results.map((r) => JSON.stringify(r.lines)),
        results.map((r) => JSON.stringify(r.regime)),
        results.map((r) => JSON.stringify(r.lots)),
      ],
    );
    await this.events.aggregatesStored(stored);
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
    const [[now], [assumed], thresholds] = await Promise.all([
      this.dataSource.query<Snapshot[]>(snapshotSql(STORED_ROWS), [[bundleId]]),
      this.dataSource.query<Snapshot[]>(snapshotSql(ASSUMED_ROWS), [
        [bundleId],
        change.addDemandIds ?? [],
        change.removeOrganisationId ?? null,
      ]),
      this.thresholds.thresholds(),
    ]);
    if (!now || !assumed) return undefined;
    const names = await this.names.load([...now.items, ...assumed.items].map((i) => i.district_key));
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
    const aggregate = aggregateLines(
      snapshot.items.map((i) => ({
        cpvCode: i.cpv_code,
        unit: i.unit,
        specificationKey: i.specification_key,
        specificationText: i.specification_text,
        districtKey: i.district_key,
        organisationId: i.organisation_id,
        quantityMilli: quantityToMilli(i.quantity),
        estimatedValueCents: Number(i.value),
      })),
    );
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
