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
 * A statement that a process runs very often with the same text (one job per bundle) as a named
 * prepared statement: each pooled connection parses it once, and PostgreSQL keeps its plan for
 * the connection (a generic one once five custom plans cost no less), so a run costs only
 * Bind and Execute, not the parse and the planning. `name` must be unique for the text. Only for
 * statements whose best plan does not depend on the parameters' values (one id, not an array of
 * a thousand). The same rows as `dataSource.query`, the same QueryFailedError; without a pg pool
 * (a data source that is not PostgreSQL's, a recorder) it is `dataSource.query`.
 */
export async function queryNamed<T>(
  dataSource: DataSource,
  name: string,
  sql: string,
  parameters: unknown[],
): Promise<T[]> {
  const master = (dataSource.driver as unknown as { master?: Pool } | undefined)?.master;
  if (!master) return (await dataSource.query(sql, parameters)) as T[];
  const raw: QueryResult = await withPooledClient(master, async (client) => {
    try {
      return await client.query({ name, text: sql, values: parameters });
    } catch (e) {
      dataSource.logger.logQueryError(e as Error, sql, parameters);
      throw new QueryFailedError(sql, parameters, e as Error);
    }
  });
  return raw.rows as T[];
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
