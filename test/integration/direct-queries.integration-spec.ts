import { DataSource, QueryFailedError } from 'typeorm';
import { queryThroughPool } from '@buendel/persistence';
import { openIntegrationDb } from '../support/integration-db';

/**
 * Statements outside a transaction on the pg pool (queryThroughPool, what the apps' data source
 * does): the answers TypeORM gave, the same error, the connection back in the pool after a
 * failure, and transactions still through TypeORM's QueryRunner.
 */
describe('statements outside a transaction straight on the pool', () => {
  let db: DataSource;
  let plain: DataSource;
  const reset = () =>
    plain.query(`TRUNCATE direct_queries_probe; INSERT INTO direct_queries_probe VALUES (1, 'a'), (2, 'b')`);

  beforeAll(async () => {
    // a pool of one: a connection not given back would stop the next statement
    db = queryThroughPool(await openIntegrationDb(1, 'buendel-direct-queries'));
    plain = await openIntegrationDb(1, 'buendel-direct-queries-plain');
    await plain.query(`CREATE TABLE IF NOT EXISTS direct_queries_probe (id int PRIMARY KEY, note text)`);
  });
  afterAll(async () => {
    await plain?.query(`DROP TABLE IF EXISTS direct_queries_probe`);
    await db?.destroy();
    await plain?.destroy();
  });

  it.each([
    [`INSERT INTO direct_queries_probe VALUES ($1, 'c') RETURNING id`, [3]],
    [`SELECT id, note FROM direct_queries_probe WHERE id < $1 ORDER BY id`, [9]],
    [`UPDATE direct_queries_probe SET note = 'c' WHERE id = $1 RETURNING id`, [1]],
    [`UPDATE direct_queries_probe SET note = 'd' WHERE id > $1`, [0]],
    [`DELETE FROM direct_queries_probe WHERE id = $1 RETURNING note`, [2]],
    [`SELECT 1 AS one WHERE false`, []],
  ])('answers %s as TypeORM does', async (sql, params) => {
    await reset();
    const viaTypeorm: unknown = await plain.query(sql, params);
    await reset();
    const viaPool: unknown = await db.query(sql, params);
    expect(viaPool).toEqual(viaTypeorm);
    expect(await db.manager.query(`SELECT count(*)::int AS n FROM direct_queries_probe`)).toEqual(
      await plain.manager.query(`SELECT count(*)::int AS n FROM direct_queries_probe`),
    );
  });

  it('fails with QueryFailedError and its driver error, and the connection serves the next statement', async () => {
    await reset();
    const failure = await db.query(`INSERT INTO direct_queries_probe VALUES (1, 'x')`).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(QueryFailedError);
    expect((failure as QueryFailedError).driverError).toMatchObject({ code: '23505' });
    expect(await db.query(`SELECT note FROM direct_queries_probe WHERE id = 1`)).toEqual([{ note: 'a' }]);
  });

  it('leaves transactions to TypeORM: a rollback undoes their statements', async () => {
    await reset();
    await db
      .transaction(async (m) => {
        await m.query(`DELETE FROM direct_queries_probe`);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await db.query(`SELECT count(*)::int AS n FROM direct_queries_probe`)).toEqual([{ n: 2 }]);
  });
});
