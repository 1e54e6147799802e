import type { Pool, PoolClient, QueryResult } from 'pg';
import { DataSource, QueryFailedError, QueryRunner } from 'typeorm';

/**
 * Statements outside a transaction (`dataSource.query`, `dataSource.manager.query`) straight
 * on the pg pool, without a TypeORM QueryRunner made, connected, wrapped and released for
 * each: the same pooled connection, the same answer (the rows; `[rows, rowCount]` for UPDATE
 * and DELETE), the same QueryFailedError and the same log line for a failed statement.
 * Statements of a transaction (a QueryRunner given) go through TypeORM as before. Benchmark
 * R3a: the QueryRunner per statement was about 4% of the API's CPU, with its garbage. The
 * data source has no subscribers and no slow-statement limit, the two things this leaves out.
 */
export function queryThroughPool(dataSource: DataSource): DataSource {
  const typeormQuery = dataSource.query.bind(dataSource);
  const pool = () => (dataSource.driver as unknown as { master?: Pool }).master;
  dataSource.query = async function query<T = unknown>(
    sql: string,
    parameters?: unknown[],
    queryRunner?: QueryRunner,
  ): Promise<T> {
    const master = pool();
    if (queryRunner || !master) return typeormQuery(sql, parameters, queryRunner) as Promise<T>;
    const client: PoolClient = await master.connect();
    // an error of the connection while it is out of the pool: the pool drops it (as TypeORM does)
    let broken: Error | undefined;
    const onError = (e: Error) => {
      broken = e;
    };
    client.on('error', onError);
    let raw: QueryResult;
    try {
      raw = await client.query(sql, parameters);
    } catch (e) {
      dataSource.logger.logQueryError(e as Error, sql, parameters);
      throw new QueryFailedError(sql, parameters, e as Error);
    } finally {
      client.removeListener('error', onError);
      client.release(broken);
    }
    return (raw.command === 'UPDATE' || raw.command === 'DELETE' ? [raw.rows, raw.rowCount] : raw.rows) as T;
  };
  return dataSource;
}
