import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DemandStatus } from '@buendel/domain';
import { Page, PageRequest } from '@buendel/http';
import { queryOne, queryPage, queryRows } from '@buendel/persistence';
import type { ResolvedDemand } from './demand-fields';
import { DEMAND_COLUMNS, DEMAND_FROM, DemandRow } from './demand.view';

/** what runs a statement: the pool, or a transaction's manager */
type Db = DataSource | EntityManager;

/** the stored columns from cpv_code to criteria, then the specification's key and text (storedValues) */
export type DemandValues = unknown[];

export interface DemandFilter {
  status?: string;
  /** a normalised CPV prefix */
  cpvPrefix?: string;
}

/** an imported row: its key and its checked demand */
export interface ImportedDemand {
  key: string;
  demand: ResolvedDemand;
}

/** the conditions of a DemandFilter on the organisation $1 (pushes its parameters) */
function filterConditions(organisationId: string, filter: DemandFilter): { where: string; params: unknown[] } {
  const params: unknown[] = [organisationId];
  const conditions = ['d.organisation_id = $1'];
  if (filter.status) conditions.push(`d.status = $${params.push(filter.status)}`);
  if (filter.cpvPrefix) conditions.push(`d.cpv_code LIKE $${params.push(`${filter.cpvPrefix}%`)}`);
  return { where: conditions.join(' AND '), params };
}

/** The statements of demands, one named method each (TypeORM's query runner with plain SQL). */
@Injectable()
export class DemandsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** a new demand of the organisation; its id */
  async insert(
    db: Db,
    organisationId: string,
    values: DemandValues,
    status: DemandStatus,
    createdBy: string,
  ): Promise<string> {
    const { id } = await queryOne<{ id: string }>(
      db as EntityManager,
      `INSERT INTO demands (organisation_id, cpv_code, title, description, quantity, unit, unit_price_eur,
         estimated_value_cents, delivery_from, delivery_to, delivery_ags, district_key, criteria, specification_key,
         specification_text, status, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`,
      [organisationId, ...values, status, createdBy],
    );
    return id;
  }

  /** a page of the organisation's demands, newest first */
  page<T>(
    organisationId: string,
    filter: DemandFilter,
    request: PageRequest,
    toItem: (row: DemandRow) => T,
  ): Promise<Page<T>> {
    const { where, params } = filterConditions(organisationId, filter);
    return queryPage(
      this.dataSource,
      request,
      {
        select: `SELECT ${DEMAND_COLUMNS} FROM ${DEMAND_FROM}`,
        countFrom: 'demands d',
        where,
        whereParams: params,
        // both descending: the index on (organisation_id, created_at, id) read backwards
        orderBy: 'd.created_at DESC, d.id DESC',
      },
      toItem,
    );
  }

  /** one demand of the organisation (with its bundle), or undefined: another's is like a missing one */
  async ofOrganisation(db: Db, id: string, organisationId: string): Promise<DemandRow | undefined> {
    const [row] = await db.query<DemandRow[]>(
      `SELECT ${DEMAND_COLUMNS} FROM ${DEMAND_FROM} WHERE d.id = $1 AND d.organisation_id = $2`,
      [id, organisationId],
    );
    return row;
  }

  /** the demand, its row locked until the transaction ends */
  async lock(manager: EntityManager, id: string): Promise<DemandRow | undefined> {
    const [row] = await manager.query<DemandRow[]>(
      `SELECT ${DEMAND_COLUMNS} FROM ${DEMAND_FROM} WHERE d.id = $1 FOR UPDATE OF d`,
      [id],
    );
    return row;
  }

  /** writes every stored field and the status */
  async update(manager: EntityManager, id: string, values: DemandValues, status: DemandStatus): Promise<void> {
    await manager.query(
      `UPDATE demands SET cpv_code = $2, title = $3, description = $4, quantity = $5, unit = $6, unit_price_eur = $7,
         estimated_value_cents = $8, delivery_from = $9, delivery_to = $10, delivery_ags = $11, district_key = $12,
         criteria = $13, specification_key = $14, specification_text = $15, status = $16, updated_at = now()
       WHERE id = $1`,
      [id, ...values, status],
    );
  }

  /** the demand leaves whatever bundle it takes part in */
  async leaveBundle(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`DELETE FROM bundle_participations WHERE demand_id = $1`, [id]);
  }

  async markWithdrawn(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE demands SET status = 'withdrawn', updated_at = now() WHERE id = $1`, [id]);
  }

  /** every demand of the organisation that the filter admits, oldest first (the export) */
  async all(organisationId: string, filter: DemandFilter): Promise<DemandRow[]> {
    const { where, params } = filterConditions(organisationId, filter);
    return this.dataSource.query<DemandRow[]>(
      `SELECT ${DEMAND_COLUMNS} FROM ${DEMAND_FROM} WHERE ${where} ORDER BY d.created_at, d.id`,
      params,
    );
  }

  /**
   * An import's valid rows in one statement: a new key inserts a demand, a known key updates
   * its demand while it is a draft or open and differs; the rows written come back (a key
   * missing from the answer was unchanged, or its demand is bound).
   */
  upsertImported(
    manager: EntityManager,
    organisationId: string,
    createdBy: string,
    rows: readonly ImportedDemand[],
  ): Promise<Array<{ id: string; import_key: string; inserted: boolean }>> {
    const d = rows.map((v) => v.demand);
    return queryRows(
      manager,
      `INSERT INTO demands (organisation_id, created_by, import_key, cpv_code, title, description, quantity, unit,
         unit_price_eur, estimated_value_cents, delivery_from, delivery_to, delivery_ags, district_key, criteria, status,
         specification_key, specification_text)
       SELECT $1, $2, k, c, t, ds, q, u, p, v, f, tt, a, dk,
              CASE WHEN cr = '' THEN '{}'::text[] ELSE string_to_array(cr, ',') END, s, sk, st
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::numeric[], $8::text[], $9::numeric[], $10::bigint[],
                   $11::date[], $12::date[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[])
         AS r(k, c, t, ds, q, u, p, v, f, tt, a, dk, cr, s, sk, st)
       ON CONFLICT (organisation_id, import_key) WHERE import_key IS NOT NULL DO UPDATE SET
         cpv_code = EXCLUDED.cpv_code, title = EXCLUDED.title, description = EXCLUDED.description,
         quantity = EXCLUDED.quantity, unit = EXCLUDED.unit, unit_price_eur = EXCLUDED.unit_price_eur,
         estimated_value_cents = EXCLUDED.estimated_value_cents, delivery_from = EXCLUDED.delivery_from,
         delivery_to = EXCLUDED.delivery_to, delivery_ags = EXCLUDED.delivery_ags, district_key = EXCLUDED.district_key,
         criteria = EXCLUDED.criteria, status = EXCLUDED.status, specification_key = EXCLUDED.specification_key,
         specification_text = EXCLUDED.specification_text, updated_at = now()
       WHERE demands.status IN ('draft', 'open')
         AND (demands.cpv_code, demands.title, demands.description, demands.quantity, demands.unit, demands.unit_price_eur,
              demands.delivery_from, demands.delivery_to, demands.delivery_ags, demands.criteria, demands.status,
              demands.specification_key, demands.specification_text)
             IS DISTINCT FROM
             (EXCLUDED.cpv_code, EXCLUDED.title, EXCLUDED.description, EXCLUDED.quantity, EXCLUDED.unit, EXCLUDED.unit_price_eur,
              EXCLUDED.delivery_from, EXCLUDED.delivery_to, EXCLUDED.delivery_ags, EXCLUDED.criteria, EXCLUDED.status,
              EXCLUDED.specification_key, EXCLUDED.specification_text)
       RETURNING id, import_key, (xmax = 0) AS inserted`,
      [
        organisationId,
        createdBy,
        rows.map((v) => v.key),
        d.map((x) => x.cpvCode),
        d.map((x) => x.title),
        d.map((x) => x.description),
        d.map((x) => x.quantity),
        d.map((x) => x.unit),
        d.map((x) => x.unitPriceEur),
        d.map((x) => x.estimatedValueCents),
        d.map((x) => x.deliveryFrom),
        d.map((x) => x.deliveryTo),
        d.map((x) => x.deliveryAgs),
        d.map((x) => x.districtKey),
        d.map((x) => x.criteria.join(',')),
        d.map((x) => x.status),
        d.map((x) => x.specificationKey),
        d.map((x) => x.specificationText),
      ],
    );
  }

  /** the status of the organisation's demands with these import keys, by key */
  async statusesByImportKey(
    manager: EntityManager,
    organisationId: string,
    importKeys: string[],
  ): Promise<Map<string, DemandStatus>> {
    const rows = await manager.query<Array<{ import_key: string; status: DemandStatus }>>(
      `SELECT import_key, status FROM demands WHERE organisation_id = $1 AND import_key = ANY($2::text[])`,
      [organisationId, importKeys],
    );
    return new Map(rows.map((r) => [r.import_key, r.status]));
  }

  // the reference look-ups of demands (one after the other: inside a transaction they share one connection)

  /** the CPV code with its check digit of each of these 8-digit heads that exists, by digits */
  async cpvCodesOf(db: Db, digits: string[]): Promise<Map<string, string>> {
    const rows = await db.query<Array<{ digits: string; code: string }>>(
      `SELECT digits, code FROM cpv_codes WHERE digits = ANY($1::text[])`,
      [digits],
    );
    return new Map(rows.map((r) => [r.digits, r.code]));
  }

  /** the status (active, deprecated, deleted) of each of these unit codes that exists, by code */
  async unitStatuses(db: Db, codes: string[]): Promise<Map<string, string>> {
    const rows = await db.query<Array<{ code: string; status: string }>>(
      `SELECT code, status FROM units WHERE code = ANY($1::text[])`,
      [codes],
    );
    return new Map(rows.map((r) => [r.code, r.status]));
  }

  /** the codes among these that the criteria catalogue has */
  async knownCriteria(db: Db, codes: string[]): Promise<Set<string>> {
    const rows = await db.query<Array<{ code: string }>>(
      `SELECT code FROM sustainability_criteria WHERE code = ANY($1::text[])`,
      [codes],
    );
    return new Set(rows.map((r) => r.code));
  }

  /** the AGS among these that a municipality or a kreisfreie Stadt carries */
  async municipalityAgs(db: Db, ags: string[]): Promise<Set<string>> {
    const rows = await db.query<Array<{ ags: string }>>(
      `SELECT ags FROM organisations WHERE ags = ANY($1::bpchar[]) AND type IN ('municipality', 'city')`,
      [ags],
    );
    return new Set(rows.map((r) => r.ags));
  }
}
