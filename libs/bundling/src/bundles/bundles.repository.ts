import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { auditInsertFromJsonb, AuditRow } from '@buendel/audit';
import { BundleViewer } from '@buendel/domain';
import { Page, PageRequest } from '@buendel/http';
import { OneTripTransactions, queryOne, queryPage, queryRows, refuseUnless, TripRefused } from '@buendel/persistence';
import { OUTBOX_NOTIFY, outboxInsertFrom } from '@buendel/queue';
import { DEMAND_COLUMNS, DEMAND_FROM, DemandRow } from '../demands/demand.view';
import { BUNDLE_COLUMNS, BUNDLE_FROM, BundleRow } from './bundle.view';

/**
 * The bundle's lock of every participation change (joins, leaves, changes of bundled demands,
 * closing): FOR NO KEY UPDATE, which serialises them as FOR UPDATE does but lets a join insert
 * its participations (whose foreign key takes FOR KEY SHARE on the bundle) before the lock.
 */
const BUNDLE_LOCK_MODE = 'FOR NO KEY UPDATE';
const BUNDLE_LOCK = `SELECT 1 FROM bundles WHERE id = $1 ${BUNDLE_LOCK_MODE}`;

/** what runs a statement: the pool, or a transaction's manager */
type Db = DataSource | EntityManager;

/**
 * The SQL form of the visibility rule (isBundleVisible in @buendel/domain, the one source):
 * its coordinator, organisations of a district it covers, and every participant. Pushes its
 * parameters. test/integration/bundles.repository.integration-spec.ts checks it against the rule.
 */
export function visibleTo(params: unknown[], viewer: BundleViewer): string {
  const org = `$${params.push(viewer.organisationId)}`;
  const keys = `$${params.push(viewer.regionKeys)}::text[]`;
  return `(b.coordinator_organisation_id = ${org} OR b.district_keys && ${keys}
    OR EXISTS (SELECT 1 FROM bundle_participations vp WHERE vp.bundle_id = b.id AND vp.organisation_id = ${org}))`;
}

export interface NewBundle {
  title: string;
  description: string | null;
  coordinatorOrganisationId: string;
  cpvPrefixes: string[];
  districtKeys: string[];
  joinDeadline: Date;
  deliveryFrom: string;
  deliveryTo: string;
  mandatoryCriteria: string[];
  provisionalJoins: 'drop' | 'keep';
  minParticipants: number | null;
  targetValueCents: number | null;
  thresholdCategory: string;
  createdBy: string;
}

export interface BundleFilter {
  status?: string;
  districtKey?: string;
  /** a normalised CPV prefix: bundles whose scope contains it or lies within it */
  cpvPrefix?: string;
}

/** the columns a coordinator may change, by column name */
export interface BundleChangeSet {
  title?: string;
  description?: string | null;
  join_deadline?: Date;
  min_participants?: number | null;
  target_value_cents?: number | null;
  provisional_joins?: 'drop' | 'keep';
}

export interface BundleDetailRow extends BundleRow {
  mine: Array<{ demand_id: string; joined_at: string }>;
  participants: Array<{ organisation_id: string; name: string; demand_count: number; value: string }> | null;
}

/** what the checks of a join, a leave or a change need of a bundle (BundleChanges.lock) */
export interface BundleStateRow {
  id: string;
  status: string;
  coordinator_organisation_id: string;
  cpv_prefixes: string[];
  district_keys: string[];
  join_deadline: Date;
  delivery_from: string;
  delivery_to: string;
  mandatory_criteria: string[];
  provisional_joins: 'drop' | 'keep';
}

/** the columns of BundleStateRow */
const CHANGE_STATE_COLUMNS = `id, status, coordinator_organisation_id, cpv_prefixes, district_keys, join_deadline,
  to_char(delivery_from, 'YYYY-MM-DD') AS delivery_from, to_char(delivery_to, 'YYYY-MM-DD') AS delivery_to,
  mandatory_criteria, provisional_joins`;

/** a demand as a join reads it: with the version of its row (xmin), which any change of the row moves */
export type JoiningDemandRow = DemandRow & { row_version: string };

/** what BundlesRepository.joinWrites writes, all of it checked before (see there) */
export interface JoinWrites {
  bundleId: string;
  organisationId: string;
  joinedBy: string;
  /** the demands to add, as they were read and checked */
  demands: Array<Pick<JoiningDemandRow, 'id' | 'row_version'>>;
  /** the organisation sees the bundle without taking part (coordinator, district) */
  visibleWithoutParticipation: boolean;
  /** the outbox row: its job's name and payload, and its job id but for the new version, which ends it */
  job: { name: string; payload: unknown; idBeforeVersion: string };
  audit: AuditRow;
}

export interface JoinWritesRow {
  /** false: something changed since the checks, nothing was written */
  ok: boolean;
  /** the new participation version (null when nothing was written) */
  version: string | null;
  /** the organisation's demands in the bundle before this join */
  before: string[];
  /** the organisation's rule for a mandate (cents), and whether it has a mandate for this bundle */
  mandate_above: string | null;
  has_mandate: boolean;
}

/**
 * Why this file has more than 400 lines: it is the one repository of the bundling context's
 * bundles (issue 9: one repository per context, one named method per statement), some thirty
 * short statements on bundles, their participations, criteria and aggregates; a join checks and
 * writes the bundle, the demands, the participation, the outbox and the audit trail in one trip,
 * so its statements stay beside the bundle's others, as in tenders.repository.ts.
 *
 * The statements of bundles, one named method each (TypeORM's query runner with plain SQL).
 */
@Injectable()
export class BundlesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** the 8-digit codes among these that exist (the heads of CPV prefixes) */
  async existingCpvDigits(digits: string[]): Promise<Set<string>> {
    const rows = await this.dataSource.query<Array<{ digits: string }>>(
      `SELECT digits FROM cpv_codes WHERE digits = ANY($1::text[])`,
      [digits],
    );
    return new Set(rows.map((r) => r.digits));
  }

  async insert(db: Db, b: NewBundle): Promise<string> {
    const { id } = await queryOne<{ id: string }>(
      db as EntityManager,
      `INSERT INTO bundles (title, description, status, coordinator_organisation_id, cpv_prefixes, district_keys, join_deadline,
         delivery_from, delivery_to, mandatory_criteria, min_participants, target_value_cents, threshold_category, created_by,
         provisional_joins)
       VALUES ($1, $2, 'open', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
      [
        b.title,
        b.description,
        b.coordinatorOrganisationId,
        b.cpvPrefixes,
        b.districtKeys,
        b.joinDeadline,
        b.deliveryFrom,
        b.deliveryTo,
        b.mandatoryCriteria,
        b.minParticipants,
        b.targetValueCents,
        b.thresholdCategory,
        b.createdBy,
        b.provisionalJoins,
      ],
    );
    return id;
  }

  /** a page of the bundles the viewer sees, open ones first, by deadline */
  async page<T>(
    viewer: BundleViewer,
    filter: BundleFilter,
    request: PageRequest,
    toItem: (row: BundleRow & { participating: boolean }) => T,
  ): Promise<Page<T>> {
    const params: unknown[] = [];
    const conditions = [visibleTo(params, viewer)];
    // the viewer's organisation, a parameter of visibleTo (the count's statement must use each one)
    const org = `$${params.indexOf(viewer.organisationId) + 1}`;
    if (filter.status) conditions.push(`b.status = $${params.push(filter.status)}`);
    if (filter.districtKey) conditions.push(`$${params.push(filter.districtKey)} = ANY(b.district_keys)`);
    if (filter.cpvPrefix) {
      const p = `$${params.push(filter.cpvPrefix)}::text`;
      conditions.push(
        `EXISTS (SELECT 1 FROM unnest(b.cpv_prefixes) s(prefix) WHERE s.prefix LIKE ${p} || '%' OR ${p} LIKE s.prefix || '%')`,
      );
    }
    return queryPage(
      this.dataSource,
      request,
      {
        // whether the viewer's organisation takes part: one index look-up a row of the page
        select: `SELECT ${BUNDLE_COLUMNS},
            EXISTS (SELECT 1 FROM bundle_participations mp WHERE mp.bundle_id = b.id AND mp.organisation_id = ${org}::uuid)
              AS participating
          FROM ${BUNDLE_FROM}`,
        countFrom: 'bundles b',
        where: conditions.join(' AND '),
        whereParams: params,
        orderBy: `(b.status = 'open') DESC, b.join_deadline, b.id`,
      },
      toItem,
    );
  }

  async update(db: Db, id: string, changes: BundleChangeSet): Promise<boolean> {
    const sets: string[] = [];
    const params: unknown[] = [id];
    for (const [column, value] of Object.entries(changes)) {
      if (value !== undefined) sets.push(`${column} = $${params.push(value)}`);
    }
    if (!sets.length) return false;
    await db.query(`UPDATE bundles SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, params);
    return true;
  }

  /** every open bundle with its deadline (the deadline jobs are rebuilt from these) */
  async openDeadlines(): Promise<Array<{ id: string; join_deadline: Date }>> {
    return this.dataSource.query(`SELECT id, join_deadline FROM bundles WHERE status = 'open'`);
  }

  /** open bundles whose deadline is not after `now`, the earliest first */
  async dueForClosing(now: Date, limit: number): Promise<string[]> {
    const rows = await this.dataSource.query<Array<{ id: string }>>(
      `SELECT id FROM bundles WHERE status = 'open' AND join_deadline <= $2 ORDER BY join_deadline LIMIT $1`,
      [limit, now],
    );
    return rows.map((r) => r.id);
  }

  /** removes every participation of the bundle; returns the demands released */
  async deleteParticipations(db: EntityManager, bundleId: string): Promise<string[]> {
    const released = await queryRows<{ demand_id: string }>(
      db,
      `DELETE FROM bundle_participations WHERE bundle_id = $1 RETURNING demand_id`,
      [bundleId],
    );
    return released.map((r) => r.demand_id);
  }

  /** the organisation's demands among these ids; `lock`: locked for the join */
  ownDemands(
    db: EntityManager,
    demandIds: string[],
    organisationId: string,
    lock: boolean,
  ): Promise<JoiningDemandRow[]> {
    return db.query<JoiningDemandRow[]>(
      `SELECT ${DEMAND_COLUMNS}, d.xmin::text AS row_version FROM ${DEMAND_FROM}
       WHERE d.id = ANY($1::uuid[]) AND d.organisation_id = $2 ${lock ? 'FOR UPDATE OF d' : ''}`,
      [demandIds, organisationId],
    );
  }

  /** the demands join the bundle, and are bundled */
  async addParticipations(
    db: EntityManager,
    bundleId: string,
    demandIds: string[],
    organisationId: string,
    joinedBy: string,
  ): Promise<void> {
    await db.query(
      `INSERT INTO bundle_participations (bundle_id, demand_id, organisation_id, joined_by)
       SELECT $1, unnest($2::uuid[]), $3, $4`,
      [bundleId, demandIds, organisationId, joinedBy],
    );
    await db.query(`UPDATE demands SET status = 'bundled', updated_at = now() WHERE id = ANY($1::uuid[])`, [demandIds]);
  }

  /**
   * A join's writes in one statement, for a transaction that holds the bundle's lock (one round
   * trip under the lock, as few as the floor's INSERT and UPDATE): the demands locked, the
   * participations, the demands bundled, the version bumped, the aggregate's outbox row, the
   * audit event. It writes only if what the checks read still holds: every demand unchanged
   * (its row version, which a change or a join elsewhere moves; a change still under way is
   * waited for), none in a bundle, and the bundle still visible. Otherwise `ok` is false and
   * nothing is written. The statement's snapshot begins after the lock was taken, so `before`
   * sees every committed participation but not this join's own.
   */
  async joinWrites(db: EntityManager, w: JoinWrites): Promise<JoinWritesRow> {
    const { sql, params } = joinWritesStatement(w);
    return queryOne<JoinWritesRow>(db, sql, params);
  }

  /**
   * The join in one trip (OneTripTransactions), with the bundle's lock held as briefly as the
   * floor's: the demands locked (in the order of their ids) and every write but the version's
   * before the lock, in the trip's transaction (nothing is visible before its commit); then
   * the lock, and under it only the checks of the bundle, the version bump, the outbox row with
   * its NOTIFY, and the commit, so that its holder waits for nothing but PostgreSQL. Before the
   * lock the write checks that the demands are as read (see joinWrites); after it, in SQL, what
   * the service checks in JS after the lock (joinLocked): the bundle as it was checked (status,
   * coordinator, CPV scope, districts, delivery window, criteria), its deadline still ahead by
   * the app's clock (`now`, when the trip left, plus the time the trip has taken in PostgreSQL),
   * the bundle still visible, and no mandate in play (a join that may need one takes the
   * transaction with the mandate's steps). If either fails, the statement refuses (refuseUnless),
   * the transaction rolls back, and `ok` is false.
   */
  async joinInOneTrip(
    trips: OneTripTransactions,
    w: JoinWrites,
    checked: JoinCheckedBundle,
    now: Date,
  ): Promise<JoinWritesRow> {
    const demandIds = w.demands.map((d) => d.id);
    const before = {
      sql: `WITH checked AS (${checkedDemands('$1', '$2', '$3')}), ready AS (
         SELECT ${refuseUnless(
           `(SELECT count(*) FROM checked) = cardinality($1::uuid[])
             AND NOT EXISTS (SELECT 1 FROM bundle_participations p WHERE p.demand_id = ANY($1::uuid[]))`,
           `'a demand changed since it was checked'`,
         )} AS ok
       ), ${addedAndBundled('$4', '$1', '$3', '$5')}, audited AS (
         ${auditInsertFromJsonb('$6', '(SELECT ok FROM ready)')}
       )
       SELECT ok FROM ready`,
      params: [
        demandIds,
        w.demands.map((d) => d.row_version),
        w.organisationId,
        w.bundleId,
        w.joinedBy,
        JSON.stringify(w.audit),
      ],
    };
    const underLock = {
      sql: `WITH ready AS (
         SELECT ${refuseUnless(
           `EXISTS (SELECT 1 FROM bundles b WHERE b.id = $1 AND b.status = $7
             AND b.coordinator_organisation_id = $8::uuid
             AND b.cpv_prefixes = $9::text[] AND b.district_keys = $10::text[]
             AND b.delivery_from = $11::date AND b.delivery_to = $12::date
             AND b.mandatory_criteria = $13::text[]
             AND b.join_deadline > $14::timestamptz + (clock_timestamp() - transaction_timestamp()))
           AND ($4::boolean OR EXISTS (SELECT 1 FROM bundle_participations p
             WHERE p.bundle_id = $1 AND p.organisation_id = $3 AND p.demand_id <> ALL($2::uuid[])))
           AND (SELECT o.join_mandate_above_cents FROM organisations o WHERE o.id = $3) IS NULL
           AND NOT EXISTS (SELECT 1 FROM join_mandates m WHERE m.bundle_id = $1 AND m.organisation_id = $3)`,
           `'the bundle changed since it was checked'`,
         )} AS ok
       ), bumped AS (
         UPDATE bundles b SET participation_version = b.participation_version + 1, updated_at = now()
         FROM ready WHERE ready.ok AND b.id = $1 RETURNING b.participation_version AS version
       ), queued AS (
         ${outboxInsertFrom(`SELECT $5::text, $6::jsonb, $15::text || version, NULL::timestamptz FROM bumped`)}
       )
       SELECT r.ok, (SELECT version::text FROM bumped) AS version, ${OUTBOX_NOTIFY} AS notified,
         ARRAY(SELECT p.demand_id::text FROM bundle_participations p
               WHERE p.bundle_id = $1 AND p.organisation_id = $3 AND p.demand_id <> ALL($2::uuid[])) AS before,
         NULL::text AS mandate_above, false AS has_mandate
       FROM ready r`,
      params: [
        w.bundleId,
        demandIds,
        w.organisationId,
        w.visibleWithoutParticipation,
        w.job.name,
        JSON.stringify(w.job.payload),
        checked.status,
        checked.coordinatorOrganisationId,
        checked.cpvPrefix,
        checked.districtKeys,
        checked.deliveryFrom,
        checked.deliveryTo,
        checked.mandatoryCriteria,
        now,
        w.job.idBeforeVersion,
      ],
    };
    try {
      const [, , rows = []] = await trips.run([before, { sql: BUNDLE_LOCK, params: [w.bundleId] }, underLock]);
      const [row] = rows as JoinWritesRow[];
      if (!row) throw new Error('the join statement returned no row');
      return row;
    } catch (error) {
      if (error instanceof TripRefused) {
        return { ok: false, version: null, before: [], mandate_above: null, has_mandate: false };
      }
      throw error;
    }
  }

  /**
   * Locks the organisation's demands among these, in the order of their ids (a join's first
   * lock, before the bundle's, as joinInOneTrip takes them).
   */
  async lockDemands(db: EntityManager, demandIds: string[], organisationId: string): Promise<void> {
    await db.query(`SELECT 1 FROM demands WHERE id = ANY($1::uuid[]) AND organisation_id = $2 ORDER BY id FOR UPDATE`, [
      demandIds,
      organisationId,
    ]);
  }

  /** the organisation's demands in the bundle, by id */
  async participatingDemandIds(db: Db, bundleId: string, organisationId: string): Promise<string[]> {
    const rows = await db.query<Array<{ demand_id: string }>>(
      `SELECT demand_id FROM bundle_participations WHERE bundle_id = $1 AND organisation_id = $2 ORDER BY demand_id`,
      [bundleId, organisationId],
    );
    return rows.map((r) => r.demand_id);
  }

  /** removes the organisation's participations in the bundle; their demand ids, sorted */
  async deleteParticipationsOf(db: EntityManager, bundleId: string, organisationId: string): Promise<string[]> {
    const removed = await queryRows<{ demand_id: string }>(
      db,
      `DELETE FROM bundle_participations WHERE bundle_id = $1 AND organisation_id = $2 RETURNING demand_id`,
      [bundleId, organisationId],
    );
    return removed.map((r) => r.demand_id).sort();
  }

  async participates(db: Db, bundleId: string, organisationId: string): Promise<boolean> {
    const [row] = await db.query<Array<{ yes: boolean }>>(
      `SELECT EXISTS (SELECT 1 FROM bundle_participations WHERE bundle_id = $1 AND organisation_id = $2) AS yes`,
      [bundleId, organisationId],
    );
    return row?.yes ?? false;
  }

  async reopenDemands(db: Db, demandIds: string[]): Promise<void> {
    await db.query(`UPDATE demands SET status = 'open', updated_at = now() WHERE id = ANY($1::uuid[])`, [demandIds]);
  }

  async markCancelled(db: Db, id: string): Promise<void> {
    await db.query(`UPDATE bundles SET status = 'cancelled', updated_at = now() WHERE id = $1`, [id]);
  }

  async markClosed(db: Db, id: string, at: Date): Promise<void> {
    await db.query(`UPDATE bundles SET status = 'closed', closed_at = $2, updated_at = now() WHERE id = $1`, [id, at]);
  }

  async participationCounts(db: Db, bundleId: string): Promise<{ organisations: number; demands: number }> {
    const [counts] = await db.query<Array<{ organisations: number; demands: number }>>(
      `SELECT count(DISTINCT organisation_id)::int AS organisations, count(*)::int AS demands
       FROM bundle_participations WHERE bundle_id = $1`,
      [bundleId],
    );
    return counts ?? { organisations: 0, demands: 0 };
  }

  /** a demand of the organisation, or undefined */
  async demandOf(demandId: string, organisationId: string): Promise<DemandRow | undefined> {
    const [demand] = await this.dataSource.query<DemandRow[]>(
      `SELECT ${DEMAND_COLUMNS} FROM ${DEMAND_FROM} WHERE d.id = $1 AND d.organisation_id = $2`,
      [demandId, organisationId],
    );
    return demand;
  }

  /** open bundles before their deadline that the viewer sees and that share the demand's district or CPV scope */
  async joinCandidates(viewer: BundleViewer, demand: DemandRow, now: Date): Promise<BundleRow[]> {
    const params: unknown[] = [];
    const visible = visibleTo(params, viewer);
    const code = `$${params.push(demand.cpv_code.slice(0, 8))}::text`;
    const district = `$${params.push(demand.district_key)}::text`;
    const at = `$${params.push(now)}::timestamptz`;
    return this.dataSource.query<BundleRow[]>(
      `SELECT ${BUNDLE_COLUMNS} FROM ${BUNDLE_FROM}
       WHERE b.status = 'open' AND b.join_deadline > ${at} AND ${visible}
         AND (${district} = ANY(b.district_keys)
              OR EXISTS (SELECT 1 FROM unnest(b.cpv_prefixes) s(prefix) WHERE ${code} LIKE s.prefix || '%'))
       ORDER BY b.join_deadline, b.id LIMIT 200`,
      params,
    );
  }

  /**
   * A bundle if the viewer sees it, with the viewer's own participation and, for its coordinator,
   * the participants: one statement.
   */
  async detail(db: Db, id: string, viewer: BundleViewer): Promise<BundleDetailRow | undefined> {
    const params: unknown[] = [id, viewer.organisationId];
    const [row] = await db.query<BundleDetailRow[]>(
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
    return row;
  }

  /** the ids of the bundles among these that the viewer sees (the SQL form of the visibility rule) */
  async visibleAmong(viewer: BundleViewer, bundleIds: string[]): Promise<string[]> {
    const params: unknown[] = [bundleIds];
    const rows = await this.dataSource.query<Array<{ id: string }>>(
      `SELECT b.id FROM bundles b WHERE b.id = ANY($1::uuid[]) AND ${visibleTo(params, viewer)} ORDER BY b.id`,
      params,
    );
    return rows.map((r) => r.id);
  }

  /** what the checks of a change need; `lock`: the row locked until the transaction ends */
  async changeState(db: EntityManager, bundleId: string, lock: boolean): Promise<BundleStateRow | undefined> {
    const [row] = await db.query<BundleStateRow[]>(
      `SELECT ${CHANGE_STATE_COLUMNS} FROM bundles WHERE id = $1 ${lock ? BUNDLE_LOCK_MODE : ''}`,
      [bundleId],
    );
    return row;
  }

  /**
   * changeState without a lock, and whether the organisation takes part, in one statement (the
   * checks before a join or a leave; under a lock the participation is read after the lock)
   */
  async stateAndParticipation(
    db: EntityManager,
    bundleId: string,
    organisationId: string,
  ): Promise<(BundleStateRow & { participates: boolean }) | undefined> {
    const [row] = await db.query<Array<BundleStateRow & { participates: boolean }>>(
      `SELECT ${CHANGE_STATE_COLUMNS}, EXISTS (SELECT 1 FROM bundle_participations p
         WHERE p.bundle_id = bundles.id AND p.organisation_id = $2) AS participates
       FROM bundles WHERE id = $1`,
      [bundleId, organisationId],
    );
    return row;
  }

  /** a change of the participations: the version goes up (the aggregate of an older one is stale); the new version */
  async bumpParticipationVersion(db: EntityManager, bundleId: string): Promise<number> {
    const [row] = await queryRows<{ version: string }>(
      db,
      `UPDATE bundles SET participation_version = participation_version + 1, updated_at = now()
       WHERE id = $1 RETURNING participation_version AS version`,
      [bundleId],
    );
    return Number(row?.version);
  }

  /** bundles whose aggregate is missing or behind their participations, unchanged for `staleAfterSeconds` */
  async staleAggregates(staleAfterSeconds: number, limit: number): Promise<string[]> {
    const rows = await this.dataSource.query<Array<{ id: string }>>(
      `SELECT b.id FROM bundles b LEFT JOIN bundle_aggregates a ON a.bundle_id = b.id
       WHERE (a.bundle_id IS NULL OR a.source_version < b.participation_version)
         AND b.updated_at <= now() - make_interval(secs => $1)
       LIMIT $2`,
      [staleAfterSeconds, limit],
    );
    return rows.map((r) => r.id);
  }

  /** the id of the organisation's bundle with this title, if it coordinates one (the demo bundle) */
  async idByTitle(coordinatorOrganisationId: string, title: string): Promise<string | undefined> {
    const [row] = await this.dataSource.query<Array<{ id: string }>>(
      `SELECT id FROM bundles WHERE coordinator_organisation_id = $1 AND title = $2 LIMIT 1`,
      [coordinatorOrganisationId, title],
    );
    return row?.id;
  }
}

/** the bundle as a join checked it before the lock (LockedBundle's fields that the checks read) */
export interface JoinCheckedBundle {
  status: string;
  coordinatorOrganisationId: string;
  cpvPrefix: string[];
  districtKeys: string[];
  deliveryFrom: string;
  deliveryTo: string;
  mandatoryCriteria: string[];
}

/**
 * A join's CTE `checked`: the organisation's demands among `ids` whose row versions are still
 * `versions` (parameters), locked in the order of their ids (the order every join takes them in).
 */
function checkedDemands(ids: string, versions: string, org: string): string {
  return `SELECT d.id FROM demands d JOIN unnest(${ids}::uuid[], ${versions}::text[]) AS e(id, row_version) ON e.id = d.id
       WHERE d.organisation_id = ${org} AND d.xmin = e.row_version::xid
       ORDER BY d.id FOR UPDATE OF d`;
}

/** a join's CTEs `added` (the participations of the checked demands) and `bundled`, if `ready.ok` */
function addedAndBundled(bundle: string, ids: string, org: string, joinedBy: string): string {
  return `added AS (
       INSERT INTO bundle_participations (bundle_id, demand_id, organisation_id, joined_by)
       SELECT ${bundle}, c.id, ${org}, ${joinedBy} FROM checked c, ready WHERE ready.ok
     ), bundled AS (
       UPDATE demands d SET status = 'bundled', updated_at = now() FROM ready WHERE ready.ok AND d.id = ANY(${ids}::uuid[])
     )`;
}

/** joinWrites' statement and parameters */
function joinWritesStatement(w: JoinWrites): { sql: string; params: unknown[] } {
  const params: unknown[] = [
    w.bundleId,
    w.demands.map((d) => d.id),
    w.demands.map((d) => d.row_version),
    w.organisationId,
    w.visibleWithoutParticipation,
    w.joinedBy,
    w.job.name,
    JSON.stringify(w.job.payload),
    w.job.idBeforeVersion,
    JSON.stringify(w.audit),
  ];
  const sql = `WITH checked AS (${checkedDemands('$2', '$3', '$4')}), ready AS (
       SELECT (SELECT count(*) FROM checked) = cardinality($2::uuid[])
         AND NOT EXISTS (SELECT 1 FROM bundle_participations p WHERE p.demand_id = ANY($2::uuid[]))
         AND ($5::boolean OR EXISTS (
           SELECT 1 FROM bundle_participations p WHERE p.bundle_id = $1 AND p.organisation_id = $4)) AS ok
     ), ${addedAndBundled('$1', '$2', '$4', '$6')}, bumped AS (
       UPDATE bundles b SET participation_version = b.participation_version + 1, updated_at = now()
       FROM ready WHERE ready.ok AND b.id = $1 RETURNING b.participation_version AS version
     ), queued AS (
       ${outboxInsertFrom(`SELECT $7::text, $8::jsonb, $9::text || version, NULL::timestamptz FROM bumped`)}
     ), audited AS (
       ${auditInsertFromJsonb('$10', '(SELECT ok FROM ready)')}
     )
     SELECT r.ok, (SELECT version::text FROM bumped) AS version,
       CASE WHEN r.ok THEN ${OUTBOX_NOTIFY} END AS notified,
       ARRAY(SELECT p.demand_id::text FROM bundle_participations p
             WHERE p.bundle_id = $1 AND p.organisation_id = $4) AS before,
       (SELECT o.join_mandate_above_cents::text FROM organisations o WHERE o.id = $4) AS mandate_above,
       EXISTS (SELECT 1 FROM join_mandates m WHERE m.bundle_id = $1 AND m.organisation_id = $4) AS has_mandate
     FROM ready r`;
  return { sql, params };
}
