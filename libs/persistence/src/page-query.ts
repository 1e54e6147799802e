import { Page, PageRequest } from '@buendel/http';

/** what runs SQL: a DataSource (a pool), or a transaction's EntityManager (one connection) */
export interface Queryable {
  query(sql: string, params: unknown[]): Promise<unknown>;
}

/** one list query, split so the count can reuse its filter */
export interface PageQuery {
  /** `SELECT … FROM …` of the rows, without WHERE */
  select: string;
  /** the FROM of the count: the main table, without the joins only the rows need */
  countFrom: string;
  where: string;
  /** the filter's parameters $1…$n: the only ones the count gets (PostgreSQL refuses unused parameters) */
  whereParams: readonly unknown[];
  orderBy: string;
  /** parameters ORDER BY uses, numbered after the filter's */
  orderParams?: readonly unknown[];
}

/**
 * A page of rows and the number of all rows matching the filter. The two statements run
 * concurrently on a pool, or one after the other (`sequential`) on one connection
 * (a transaction), which takes one statement at a time.
 */
export async function queryPage<Row, T>(
  db: Queryable,
  request: PageRequest,
  query: PageQuery,
  toItem: (row: Row) => T,
  options: { sequential?: boolean } = {},
): Promise<Page<T>> {
  const { page, pageSize, limit, offset } = request;
  const params = [...query.whereParams, ...(query.orderParams ?? [])];
  const rows = () =>
    db.query(
      `${query.select} WHERE ${query.where} ORDER BY ${query.orderBy} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    ) as Promise<Row[]>;
  const count = () =>
    db.query(`SELECT count(*)::int AS total FROM ${query.countFrom} WHERE ${query.where}`, [
      ...query.whereParams,
    ]) as Promise<Array<{ total: number }>>;
  const [items, [counted]] = options.sequential ? [await rows(), await count()] : await Promise.all([rows(), count()]);
  return { items: items.map(toItem), page, pageSize, total: counted?.total ?? 0 };
}
