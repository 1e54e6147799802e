import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { proposeLots, quantityToMilli, ThresholdCategory } from '@buendel/domain';
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

interface Snapshot {
  participation_version: string;
  threshold_category: ThresholdCategory;
  join_deadline: Date;
  participants: number;
  demands: number;
  lines: Array<{ cpv_code: string; unit: string; quantity: string; value: string; participants: number }>;
  cells: Array<{ cpv_code: string; unit: string; district_key: string; quantity: string; value: string }>;
}

/**
 * Recomputes a bundle's aggregate from its participations with set-based SQL: one statement
 * (one consistent snapshot) returns the bundle's version and its participations grouped by
 * CPV code and unit (the totals) and by code, unit and district (the input of the lot rule).
 * No demand is loaded one by one; the JavaScript work is over the grouped rows only.
 * Idempotent: the result depends only on the rows, and a result for an older version never
 * replaces a newer one.
 */
@Injectable()
export class BundleAggregator {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly thresholds: ThresholdsService,
    private readonly names: ReferenceNames,
  ) {}

  async recompute(
    bundleId: string,
    progress: (percent: number) => Promise<void> = async () => undefined,
  ): Promise<AggregateSummary | undefined> {
    const [snapshot] = await this.dataSource.query<Snapshot[]>(
      `WITH rows AS (
         SELECT p.organisation_id, d.cpv_code, d.unit, d.district_key, d.quantity, d.estimated_value_cents
         FROM bundle_participations p JOIN demands d ON d.id = p.demand_id WHERE p.bundle_id = $1)
       SELECT b.participation_version, b.threshold_category, b.join_deadline,
         (SELECT count(DISTINCT organisation_id)::int FROM rows) AS participants,
         (SELECT count(*)::int FROM rows) AS demands,
         (SELECT coalesce(json_agg(l ORDER BY l.cpv_code, l.unit), '[]') FROM (
            SELECT cpv_code, unit, sum(quantity)::text AS quantity, sum(estimated_value_cents)::text AS value,
                   count(DISTINCT organisation_id)::int AS participants
            FROM rows GROUP BY cpv_code, unit) l) AS lines,
         (SELECT coalesce(json_agg(c), '[]') FROM (
            SELECT cpv_code, unit, district_key, sum(quantity)::text AS quantity, sum(estimated_value_cents)::text AS value
            FROM rows GROUP BY cpv_code, unit, district_key) c) AS cells
       FROM bundles b WHERE b.id = $1`,
      [bundleId],
    );
    if (!snapshot) return undefined;
    // one progress report per job (each is a Redis round trip): the snapshot is read
    await progress(50);

    const lines: StoredAggregateLine[] = snapshot.lines.map((l) => ({
      cpvCode: l.cpv_code,
      unit: l.unit,
      quantity: l.quantity,
      estimatedValueCents: Number(l.value),
      participantCount: l.participants,
    }));
    const total = lines.reduce((sum, l) => sum + l.estimatedValueCents, 0);
    const [regime, names] = await Promise.all([
      this.thresholds.regime(total, snapshot.threshold_category, snapshot.join_deadline),
      this.names.load(),
    ]);
    const lots: StoredLot[] = proposeLots(
      snapshot.cells.map((c) => ({
        cpvCode: c.cpv_code,
        unit: c.unit,
        quantityMilli: quantityToMilli(c.quantity),
        estimatedValueCents: Number(c.value),
        districtKey: c.district_key,
        organisationId: '',
      })),
      names,
    ).map((lot) => ({
      key: lot.key,
      title: lot.title,
      estimatedValueCents: lot.estimatedValueCents,
      cpvPrefix: lot.cpvPrefix,
      cpvCodes: lot.cpvCodes,
      districtKeys: lot.districtKeys,
    }));

    const version = Number(snapshot.participation_version);
    const stored = await this.dataSource.query<Array<{ bundle_id: string }>>(
      `INSERT INTO bundle_aggregates (bundle_id, source_version, participant_count, demand_count, total_estimated_value_cents,
         lines, regime, lots, computed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
       ON CONFLICT (bundle_id) DO UPDATE SET source_version = EXCLUDED.source_version,
         participant_count = EXCLUDED.participant_count, demand_count = EXCLUDED.demand_count,
         total_estimated_value_cents = EXCLUDED.total_estimated_value_cents, lines = EXCLUDED.lines,
         regime = EXCLUDED.regime, lots = EXCLUDED.lots, computed_at = EXCLUDED.computed_at
       WHERE bundle_aggregates.source_version <= EXCLUDED.source_version
       RETURNING bundle_id`,
      [
        bundleId,
        version,
        snapshot.participants,
        snapshot.demands,
        total,
        JSON.stringify(lines),
        JSON.stringify(regime),
        JSON.stringify(lots),
      ],
    );
    return {
      bundleId,
      version,
      participantCount: snapshot.participants,
      demandCount: snapshot.demands,
      totalEstimatedValueCents: total,
      scope: regime.scope,
      lotCount: lots.length,
      stored: stored.length > 0,
    };
  }
}
