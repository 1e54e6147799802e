import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DemandStatus } from '@buendel/domain';
import { Page, PageRequest } from '@buendel/http';
import { queryOne, queryPage } from '@buendel/persistence';
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
    const params: unknown[] = [organisationId];
    const conditions = ['d.organisation_id = $1'];
    if (filter.status) conditions.push(`d.status = $${params.push(filter.status)}`);
    if (filter.cpvPrefix) conditions.push(`d.cpv_code LIKE $${params.push(`${filter.cpvPrefix}%`)}`);
    return queryPage(
      this.dataSource,
      request,
      {
        select: `SELECT ${DEMAND_COLUMNS} FROM ${DEMAND_FROM}`,
        countFrom: 'demands d',
        where: conditions.join(' AND '),
        whereParams: params,
        orderBy: 'd.created_at DESC, d.id',
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
}
