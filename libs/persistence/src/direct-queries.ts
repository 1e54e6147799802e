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
    // a pool that cannot connect throws as it is (a 503, not a failed statement)
    const raw: QueryResult = await withPooledClient(master, async (client) => {
      try {
        return await client.query(sql, parameters);
      } catch (e) {
        dataSource.logger.logQueryError(e as Error, sql, parameters);
        throw new QueryFailedError(sql, parameters, e as Error);
      }
    });
    return (raw.command === 'UPDATE' || raw.command === 'DELETE' ? [raw.rows, raw.rowCount] : raw.rows) as T;
  };
  return dataSource;
}

/**
 * A connection of `pool` for `use`, back in the pool afterwards; a connection that raised an error
 * while it was out is dropped, not reused (as TypeORM's query runner releases it).
 */
export async function withPooledClient<T>(pool: Pool, use: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (e: Error) => {
    broken = e;
  };
  client.on('error', onError);
  try {
    return await use(client);
  } finally {
    client.removeListener('error', onError);
    client.release(broken);
  }
}
