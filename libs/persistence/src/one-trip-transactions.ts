import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Pool, QueryResult } from 'pg';
import { withPooledClient } from './direct-queries';
import { DataSource, QueryFailedError } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@buendel/config';

export interface TripStatement {
  sql: string;
  params?: unknown[];
}

/** the SQLSTATE of refuse_unless (migration RefuseUnless): a statement's condition failed, the transaction rolled back */
export const REFUSED_SQLSTATE = 'BU001';

/**
 * An SQL expression for a statement of a trip: true when `condition` (an SQL boolean) holds,
 * otherwise it raises REFUSED_SQLSTATE, so the trip's transaction rolls back and `run` throws
 * TripRefused. `reason` is an SQL text expression (a parameter or a literal).
 */
export function refuseUnless(condition: string, reason: string): string {
  return `refuse_unless(${condition}, ${reason})`;
}

/** a trip whose statement refused (refuseUnless): nothing of it was written */
export class TripRefused extends Error {
  constructor(reason: string) {
    super(`the trip was refused: ${reason}`);
    this.name = 'TripRefused';
  }
}

/**
 * connections of the one-trip pool: each waits for its statements only; enough that, while one
 * join holds a bundle's lock, the next ones write their rows before it (joinInOneTrip)
 */
const ONE_TRIP_POOL_SIZE = 8;

/**
 * Transactions written to PostgreSQL in one go (pg's pipeline mode, a pool of its own): BEGIN,
 * the statements and COMMIT leave together, and PostgreSQL runs each as soon as the one before
 * it ends, without waiting for the application. For a transaction whose statements do not
 * depend on the application's reading of an earlier one's answer (each checks in SQL what it
 * needs): under a lock its holder then waits for no event loop. Benchmark R5: a join that held
 * the bundle's lock while the busy API sent its write and then its commit waited most of the
 * lock for that. All or nothing as any transaction: a statement that fails aborts it (the
 * COMMIT then rolls back), and the first failure is thrown as TypeORM's QueryFailedError, or as
 * TripRefused (not logged) where a statement refused by refuseUnless.
 */
@Injectable()
export class OneTripTransactions implements OnModuleDestroy {
  private readonly pool: Pool;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    this.pool = new Pool({
      connectionString: config.DATABASE_URL,
      max: ONE_TRIP_POOL_SIZE,
      pipeline: true,
      application_name: 'buendel-one-trip',
      connectionTimeoutMillis: 30_000,
    });
    // an idle connection that breaks is dropped by the pool; the next transaction opens another
    this.pool.on('error', () => undefined);
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }

  /** the rows of each statement, in order */
  async run(statements: TripStatement[]): Promise<unknown[][]> {
    const all: TripStatement[] = [{ sql: 'BEGIN' }, ...statements, { sql: 'COMMIT' }];
    const settled = await withPooledClient(this.pool, (client) =>
      Promise.allSettled(all.map((s) => client.query(s.sql, s.params))),
    );
    const failed = settled.findIndex((r) => r.status === 'rejected');
    if (failed >= 0) {
      const error = (settled[failed] as PromiseRejectedResult).reason as Error & { code?: string };
      if (error.code === REFUSED_SQLSTATE) throw new TripRefused(error.message);
      const { sql, params } = all[failed] ?? { sql: '' };
      this.dataSource.logger.logQueryError(error, sql, params);
      throw new QueryFailedError(sql, params, error);
    }
    return settled.slice(1, -1).map((r) => (r as PromiseFulfilledResult<QueryResult>).value.rows as unknown[]);
  }
}
