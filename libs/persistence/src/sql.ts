import { DataSource, EntityManager } from 'typeorm';

/**
 * The rows of any statement. TypeORM answers UPDATE and DELETE on PostgreSQL with
 * `[rows, rowCount]` but INSERT and SELECT with the rows; this evens that out, so that
 * `UPDATE ... RETURNING` reads like a SELECT.
 */
export async function queryRows<T>(runner: EntityManager | DataSource, sql: string, params?: unknown[]): Promise<T[]> {
  const result: unknown = await runner.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}

/** The one row a statement must return (an INSERT ... RETURNING); throws if there is none. */
export async function queryOne<T>(runner: EntityManager | DataSource, sql: string, params?: unknown[]): Promise<T> {
  const [row] = await queryRows<T>(runner, sql, params);
  if (row === undefined) throw new Error(`the statement returned no row: ${sql.slice(0, 60)}`);
  return row;
}

/**
 * Waits for the transaction-level advisory lock `key` (PostgreSQL releases it at the commit or
 * rollback): start-up work that several instances may run at once runs one after the other.
 */
export async function advisoryXactLock(manager: EntityManager, key: number): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock($1)', [key]);
}
