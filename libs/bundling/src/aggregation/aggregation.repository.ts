import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryNamed } from '@buendel/persistence';
import { quantityToMilli, SummedItem, ThresholdCategory } from '@buendel/domain';
import { StoredAggregateRow } from '../bundles/bundle-events';
import { StoredAggregateLine, StoredLot } from '../bundles/bundle.view';
import { THRESHOLDS_VERSION_SQL } from '../catalogue/catalogue.repository';
import { Regime } from '../catalogue/thresholds.service';

/** one bundle's participations summed for the aggregation (see snapshotSql) */
export interface Snapshot {
  id: string;
  participation_version: string;
  threshold_category: ThresholdCategory;
  join_deadline: Date;
  /** the version of the thresholds table the statement saw (THRESHOLDS_VERSION_SQL) */
  thresholds_version: string;
  /** distinct organisations over all lines */
  participants: number;
  demands: number;
  /**
   * per item (CPV code, unit, specification key, district; the key of the domain's grouping
   * rule, items.ts): the sums and the distinct participants, in no particular order
   */
  lines: SnapshotLine[];
}

/** one item of a snapshot, summed over its demands */
export interface SnapshotLine {
  cpv_code: string;
  unit: string;
  specification_key: string | null;
  /** the distinct texts its demands give the specification key (none without a key) */
  specification_texts: string[];
  district_key: string;
  /** exact decimal sums, as text */
  quantity: string;
  value: string;
  /** distinct organisations with a demand of this item */
  participants: number;
}

/** the participations of the bundles that `which` names, one row per demand */
const storedRows = (which: string) => `SELECT p.bundle_id, p.organisation_id, d.cpv_code, d.unit, d.specification_key,
    d.specification_text, d.district_key, d.quantity, d.estimated_value_cents
  FROM bundle_participations p JOIN demands d ON d.id = p.demand_id WHERE p.bundle_id ${which}`;

/** the bundles $1 (an array of ids) */
const ANY_OF = '= ANY($1::uuid[])';
/** the one bundle $1 */
const ONE = '= $1::uuid';

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
 * one snapshot statement per bundle of $1 over the given participation rows: the lines of the
 * aggregate, grouped by the key of the domain's grouping rule (items.ts: CPV code, unit,
 * specification key, district) with their exact sums and distinct participants, and the
 * bundle's counts. The grouping is the statement's (no per-organisation rows for Node to group
 * again: a quarter of the rows at 250,000 demand lines); the rule's choice among several texts
 * of one specification key stays in Node (`specification_texts`). One pass over the rows, as
 * the floor's: the lines and the bundle's counts are two grouping sets of one sort (a second
 * reference to the rows would materialise them and lose the parallel scan). Each bundle's
 * lines come as one JSON array of arrays in LineTuple order (no key names repeated per row).
 */
function snapshotSql(rows: string, which = ANY_OF): string {
  return `WITH rows AS (${rows}),
       sums AS (
         SELECT bundle_id, cpv_code, unit, specification_key, district_key, grouping(cpv_code) AS whole,
                coalesce(array_agg(DISTINCT specification_text) FILTER (WHERE specification_text IS NOT NULL), '{}') AS texts,
                sum(quantity)::text AS quantity, sum(estimated_value_cents)::text AS value,
                count(DISTINCT organisation_id)::int AS participants, count(*)::int AS n
         FROM rows
         GROUP BY GROUPING SETS ((bundle_id, cpv_code, unit, specification_key, district_key), (bundle_id))),
       per_bundle AS (
         SELECT bundle_id, max(participants) FILTER (WHERE whole = 1) AS participants,
                max(n) FILTER (WHERE whole = 1) AS demands,
                json_agg(json_build_array(cpv_code, unit, specification_key, texts, district_key,
                  quantity, value, participants)) FILTER (WHERE whole = 0) AS lines
         FROM sums GROUP BY bundle_id)
       SELECT b.id, b.participation_version, b.threshold_category, b.join_deadline,
              ${THRESHOLDS_VERSION_SQL} AS thresholds_version,
              coalesce(s.participants, 0) AS participants, coalesce(s.demands, 0) AS demands,
              coalesce(s.lines, '[]') AS lines
       FROM bundles b
       LEFT JOIN per_bundle s ON s.bundle_id = b.id
       WHERE b.id ${which}`;
}

/**
 * The snapshot of one bundle (a `bundle.aggregate` job, one per change): a named prepared
 * statement (queryNamed), as its plan is the same for every bundle (the bundle's participations by
 * their index, each demand by its key). Benchmark R1 at 240,000 lines: planning took 0.5-0.7 ms
 * of a one-bundle snapshot's 1.8-2.3 ms under load, and each job sent the statement's 2 kB text;
 * the 480 snapshots one after another 1.9 s prepared against 3.7 s unprepared.
 */
const SNAPSHOT_OF_ONE = snapshotSql(storedRows(ONE), ONE);
/** the snapshots of many bundles: planned for its array each time (a thousand bundles read all demands at once) */
const SNAPSHOTS_OF_MANY = snapshotSql(storedRows(ANY_OF));

/**
 * Stores aggregates (see storeAggregates). The commit does not wait for the WAL flush
 * (`synchronous_commit` off for this transaction only): an aggregate is derived from the
 * participations, which commit durably, and one lost in a crash of PostgreSQL is behind its
 * bundle's version afterwards, which the sweep recomputes (BundleSweeper: at the worker's start,
 * and every 30 s those over 60 s behind). Nothing else changes: the row is visible to every
 * other session at the commit as before; only a crash of the server can lose it, never leave it
 * half written. Benchmark R1: the flush was the longest wait of a one-bundle job (an upsert's
 * commit 8-11 ms on the shared disk under load, 0.8-2.5 ms without).
 */
const STORE_SQL = `WITH durability AS MATERIALIZED (SELECT set_config('synchronous_commit', 'off', true)),
     stored AS (
       INSERT INTO bundle_aggregates (bundle_id, source_version, participant_count, demand_count,
         total_estimated_value_cents, lines, regime, lots, computed_at)
       SELECT u.b, u.v, u.p, u.d, u.t, u.l, u.r, u.lo, now()
       FROM jsonb_to_recordset($1::jsonb) AS u(b uuid, v bigint, p int, d int, t bigint, l jsonb, r jsonb, lo jsonb)
         CROSS JOIN durability
       ON CONFLICT (bundle_id) DO UPDATE SET source_version = EXCLUDED.source_version,
         participant_count = EXCLUDED.participant_count, demand_count = EXCLUDED.demand_count,
         total_estimated_value_cents = EXCLUDED.total_estimated_value_cents, lines = EXCLUDED.lines,
         regime = EXCLUDED.regime, lots = EXCLUDED.lots, computed_at = EXCLUDED.computed_at
       WHERE bundle_aggregates.source_version <= EXCLUDED.source_version
       RETURNING bundle_id, source_version, computed_at)
     SELECT s.bundle_id, s.source_version, s.computed_at, b.status, b.participation_version
     FROM stored s JOIN bundles b ON b.id = s.bundle_id`;

/** a snapshot as the statement returns it: each line an array (LineTuple) */
type SnapshotRow = Omit<Snapshot, 'lines'> & { lines: LineTuple[] };
type LineTuple = [string, string, string | null, string[], string, string, string, number];

function snapshotOf(row: SnapshotRow): Snapshot {
  return {
    ...row,
    lines: row.lines.map(
      ([cpv_code, unit, specification_key, specification_texts, district_key, quantity, value, participants]) => ({
        cpv_code,
        unit,
        specification_key,
        specification_texts,
        district_key,
        quantity,
        value,
        participants,
      }),
    ),
  };
}

/** a snapshot's lines as the domain sums items (aggregateSummedItems): integer thousandths and cents */
export function summedItemsOf(snapshot: Snapshot): SummedItem[] {
  return snapshot.lines.map((l) => ({
    cpvCode: l.cpv_code,
    unit: l.unit,
    specificationKey: l.specification_key,
    specificationTexts: l.specification_texts,
    districtKey: l.district_key,
    quantityMilli: quantityToMilli(l.quantity),
    estimatedValueCents: Number(l.value),
    participantCount: l.participants,
  }));
}

/** an aggregate to store: the snapshot it was computed from and its result (money in cents) */
export interface AggregateToStore {
  bundleId: string;
  sourceVersion: number;
  participantCount: number;
  demandCount: number;
  totalCents: number;
  lines: StoredAggregateLine[];
  regime: Regime;
  lots: StoredLot[];
}

/** what the store statement returns of a stored aggregate */
type StoredRow = Pick<
  StoredAggregateRow,
  'bundle_id' | 'source_version' | 'computed_at' | 'status' | 'participation_version'
>;

/** a district's name, as lot titles use it */
interface DistrictNameRow {
  district_key: string;
  name: string;
}

/**
 * The statements of the aggregation, one named method each (TypeORM's query runner with plain
 * SQL): the snapshots of bundles' participations, the stored aggregates, and the German names
 * that lot titles use.
 */
@Injectable()
export class AggregationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** one snapshot per existing bundle of these ids (one statement: one consistent view) */
  async snapshots(bundleIds: readonly string[]): Promise<Snapshot[]> {
    const rows =
      bundleIds.length === 1
        ? await queryNamed<SnapshotRow>(this.dataSource, 'aggregation-snapshot-of-one', SNAPSHOT_OF_ONE, [bundleIds[0]])
        : await this.dataSource.query<SnapshotRow[]>(SNAPSHOTS_OF_MANY, [bundleIds]);
    return rows.map(snapshotOf);
  }

  /**
   * The snapshot of one bundle as it would be after a change: without the organisation's
   * demands (a leave), with the demands that are not in it yet (a join). Undefined when there is no such bundle.
   */
  async assumedSnapshot(
    bundleId: string,
    addDemandIds: readonly string[],
    removeOrganisationId: string | null,
  ): Promise<Snapshot | undefined> {
    const [row] = await this.dataSource.query<SnapshotRow[]>(snapshotSql(ASSUMED_ROWS), [
      [bundleId],
      addDemandIds,
      removeOrganisationId,
    ]);
    return row && snapshotOf(row);
  }

  /**
   * Stores the aggregates in one statement; one for an older participation version than the
   * stored one is discarded. The stored rows come back with their bundle's status and version.
   * The aggregates go in as one JSON document (no array literal of JSON texts to escape), and
   * only the columns the database decides come back (the time, the bundle's status and
   * version): the stored JSON is the one sent, so the rows are made of what was sent.
   */
  async storeAggregates(results: readonly AggregateToStore[]): Promise<StoredAggregateRow[]> {
    if (results.length === 0) return [];
    const rows = await queryNamed<StoredRow>(this.dataSource, 'aggregation-store', STORE_SQL, [
      JSON.stringify(
        results.map((r) => ({
          b: r.bundleId,
          v: r.sourceVersion,
          p: r.participantCount,
          d: r.demandCount,
          t: r.totalCents,
          l: r.lines,
          r: r.regime,
          lo: r.lots,
        })),
      ),
    ]);
    const sent = new Map(results.map((r) => [r.bundleId, r]));
    return rows.flatMap((row) => {
      const r = sent.get(row.bundle_id);
      if (!r) return []; // not possible: every stored row is one that was sent
      return {
        bundle_id: row.bundle_id,
        status: row.status,
        source_version: row.source_version,
        participation_version: row.participation_version,
        participant_count: r.participantCount,
        demand_count: r.demandCount,
        total_estimated_value_cents: String(r.totalCents),
        lines: r.lines,
        regime: r.regime,
        lots: r.lots,
        computed_at: row.computed_at,
      };
    });
  }

  /** every CPV code with its German label */
  async cpvLabels(): Promise<Map<string, string>> {
    const rows = await this.dataSource.query<Array<{ code: string; label_de: string }>>(
      `SELECT code, label_de FROM cpv_codes`,
    );
    return new Map(rows.map((r) => [r.code, r.label_de]));
  }

  /** the name of every district (a Landkreis before a kreisfreie Stadt of the same key), by key */
  async districtNames(): Promise<Map<string, string>> {
    const rows = await this.dataSource.query<DistrictNameRow[]>(
      `SELECT DISTINCT ON (district_key) district_key, name FROM organisations
       WHERE type IN ('district', 'city') AND district_key IS NOT NULL ORDER BY district_key, type DESC, name`,
    );
    return new Map(rows.map((r) => [r.district_key, r.name]));
  }

  /** the same for these keys only */
  async districtNamesOf(districtKeys: string[]): Promise<Map<string, string>> {
    const rows = await this.dataSource.query<DistrictNameRow[]>(
      `SELECT DISTINCT ON (district_key) district_key, name FROM organisations
       WHERE type IN ('district', 'city') AND district_key = ANY($1::text[]) ORDER BY district_key, type DESC, name`,
      [districtKeys],
    );
    return new Map(rows.map((r) => [r.district_key, r.name]));
  }
}
