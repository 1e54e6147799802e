import { DataSource, QueryRunner } from 'typeorm';
import type { SqlInMemory } from 'typeorm/driver/SqlInMemory';

/**
 * The SQL that would bring the database to the entities' schema (TypeORM's schema builder, as
 * `migration:generate` writes it and the schema test expects it empty), read on query runners
 * that send one statement at a time.
 *
 * TypeORM (0.3.28) reads a table's columns, constraints, indices and foreign keys, and the enum
 * types of every table's columns, at once (Promise.all in PostgresQueryRunner.loadTables) on the
 * one connection of its runner. pg 8.19 deprecates a second query on a client that is still
 * executing one ("Calling client.query() when the client is already executing a query", an error
 * from pg 9; 0.3.29 serialises the first of the two, not the enum types); here the runner's
 * statements wait for each other instead.
 */
export async function schemaDrift(dataSource: DataSource): Promise<SqlInMemory> {
  const createQueryRunner = dataSource.createQueryRunner.bind(dataSource);
  dataSource.createQueryRunner = (mode) => oneStatementAtATime(createQueryRunner(mode));
  try {
    return await dataSource.driver.createSchemaBuilder().log();
  } finally {
    dataSource.createQueryRunner = createQueryRunner;
  }
}

/** the runner's statements in the order they were asked for, each after the one before has finished */
function oneStatementAtATime(runner: QueryRunner): QueryRunner {
  const query = runner.query.bind(runner);
  let previous: Promise<unknown> = Promise.resolve();
  runner.query = ((...args: Parameters<QueryRunner['query']>) => {
    const result = previous.then(() => query(...args));
    previous = result.catch(() => undefined);
    return result;
  }) as QueryRunner['query'];
  return runner;
}
