import { DataSource } from 'typeorm';
import { AggregationRepository } from '@buendel/bundling';
import { openIntegrationDb } from '../support/integration-db';
import { createTenderWorld, TenderWorld } from '../support/tender-world';

/**
 * How the aggregation's statements run, against the real PostgreSQL: one bundle's snapshot is a
 * named prepared statement and gives what the statement for many bundles gives (also once
 * PostgreSQL plans it generically, after five runs on a connection).
 */
describe('the aggregation statements against PostgreSQL', () => {
  let db: DataSource;
  let w: TenderWorld;
  let aggregation: AggregationRepository;

  beforeAll(async () => {
    // one connection: every statement below runs on the same session
    db = await openIntegrationDb(1, 'buendel-integration-aggregation');
    aggregation = new AggregationRepository(db);
    w = await createTenderWorld(db);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('gives one bundle the snapshot of the statement for many, prepared once per connection', async () => {
    const [many] = (await aggregation.snapshots([w.bundleId, w.bundleId])).filter((s) => s.id === w.bundleId);
    expect(many).toMatchObject({ id: w.bundleId, participants: 2, demands: 2 });
    for (let run = 0; run < 8; run++) expect(await aggregation.snapshots([w.bundleId])).toEqual([many]);
    const prepared = await db.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name = 'aggregation-snapshot-of-one'`,
    );
    expect(prepared[0]!.n).toBe(1);
  });
});
